;; fixspec's byte scanner: the CheckSum and the tag=value field split of a framed message, sixteen bytes a step
;; (WebAssembly SIMD), and the value checks of a message whose field layout the validator has seen pass before.
;; Compiled by fixspec/tools/generate.ts into fixspec/generated/scanner-wasm.ts; read by fixspec/scanner.ts, which
;; owns the memory layout:
;;   [0, 2048)           one byte per tag below 2048: 1 for a length field whose data field is read by length
;;   [2048, 4096)        check's list of fields left to JavaScript
;;   [$out, ...)         the scan's output: tags, then value starts, then value ends, $max Int32 each
;;   [32768, 65536)      layout blocks (see check)
;;   [$base, ...)        the framer's buffer, with 16 bytes to spare after it (the vector loads may read past an
;;                       SOH, never past the buffer's end plus 15)
;; Anything out of the ordinary (a tag that is not 1-9 digits, a length field, more than $max fields, bytes after
;; the last SOH) makes scan return -1: the JavaScript parser then reads the message and says what is wrong.
(module
  (memory (export "memory") 2)

  ;; The FIX CheckSum of bytes [$from, $to): their sum modulo 256.
  (func (export "checksum") (param $from i32) (param $to i32) (result i32)
    (local $i i32) (local $acc v128) (local $sum i32)
    (local.set $i (local.get $from))
    ;; Each step widens sixteen bytes into four 32-bit lane sums: no lane overflows below 2^24 bytes.
    (block $done
      (loop $vector
        (br_if $done (i32.gt_s (i32.add (local.get $i) (i32.const 16)) (local.get $to)))
        (local.set $acc (i32x4.add (local.get $acc)
          (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (v128.load (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vector)))
    (local.set $sum (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
    (block $end
      (loop $tail
        (br_if $end (i32.ge_s (local.get $i) (local.get $to)))
        (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (i32.and (local.get $sum) (i32.const 255)))

  ;; Splits the message at [$from, $to) into fields; positions are written relative to $base. Returns the number of
  ;; fields, or -1 (see above).
  (func (export "scan") (param $base i32) (param $from i32) (param $to i32) (param $out i32) (param $max i32) (result i32)
    (local $i i32) (local $n i32) (local $tag i32) (local $start i32) (local $c i32) (local $m i32)
    (local $soh v128) (local $tp i32) (local $sp i32) (local $ep i32)
    ;; A framed message ends with SOH, and every value scan stops at an SOH before it.
    (if (i32.le_u (local.get $to) (local.get $from)) (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u (i32.sub (local.get $to) (i32.const 1))) (i32.const 1)) (then (return (i32.const -1))))
    (local.set $soh (i8x16.splat (i32.const 1)))
    (local.set $tp (local.get $out))
    (local.set $sp (i32.add (local.get $out) (i32.shl (local.get $max) (i32.const 2))))
    (local.set $ep (i32.add (local.get $out) (i32.shl (local.get $max) (i32.const 3))))
    (local.set $i (local.get $from))
    (block $fields_done
      (loop $fields
        (br_if $fields_done (i32.ge_u (local.get $i) (local.get $to)))
        (if (i32.ge_u (local.get $n) (local.get $max)) (then (return (i32.const -1))))
        ;; The tag: 1 to 9 digits, then "=".
        (local.set $start (local.get $i))
        (local.set $tag (i32.const 0))
        (local.set $c (i32.load8_u (local.get $i)))
        (block $tag_done
          (loop $digits
            (br_if $tag_done (i32.eq (local.get $c) (i32.const 61)))
            (local.set $c (i32.sub (local.get $c) (i32.const 48)))
            (if (i32.gt_u (local.get $c) (i32.const 9)) (then (return (i32.const -1))))
            (local.set $tag (i32.add (i32.mul (local.get $tag) (i32.const 10)) (local.get $c)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $c (i32.load8_u (local.get $i)))
            (br $digits)))
        (local.set $c (i32.sub (local.get $i) (local.get $start)))
        (if (i32.or (i32.eqz (local.get $c)) (i32.gt_u (local.get $c) (i32.const 9))) (then (return (i32.const -1))))
        ;; A length field: its data field may hold SOH and is read by length, by the JavaScript parser.
        (if (i32.lt_u (local.get $tag) (i32.const 2048))
          (then (if (i32.load8_u (local.get $tag)) (then (return (i32.const -1))))))
        (i32.store (local.get $tp) (local.get $tag))
        ;; The value: from after "=" to the next SOH, sixteen bytes at a time.
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (i32.store (local.get $sp) (i32.sub (local.get $i) (local.get $base)))
        (loop $value
          (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (local.get $i)) (local.get $soh))))
          (if (i32.eqz (local.get $m))
            (then
              (local.set $i (i32.add (local.get $i) (i32.const 16)))
              (br $value))))
        (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $m))))
        (i32.store (local.get $ep) (i32.sub (local.get $i) (local.get $base)))
        (local.set $tp (i32.add (local.get $tp) (i32.const 4)))
        (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
        (local.set $ep (i32.add (local.get $ep) (i32.const 4)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fields)))
    (local.get $n))

  ;; Two digits at $p as a number, or -1.
  (func $two (param $p i32) (result i32)
    (local $h i32) (local $l i32)
    (local.set $h (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)))
    (local.set $l (i32.sub (i32.load8_u offset=1 (local.get $p)) (i32.const 48)))
    (if (result i32) (i32.or (i32.gt_u (local.get $h) (i32.const 9)) (i32.gt_u (local.get $l) (i32.const 9)))
      (then (i32.const -1))
      (else (i32.add (i32.mul (local.get $h) (i32.const 10)) (local.get $l)))))

  ;; True when every byte of [$p, $e) is a digit.
  (func $digits (param $p i32) (param $e i32) (result i32)
    (block $bad
      (loop $each
        (if (i32.lt_u (local.get $p) (local.get $e))
          (then
            (br_if $bad (i32.gt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)) (i32.const 9)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $each))))
      (return (i32.const 1)))
    (i32.const 0))

  ;; The checks of a scanned message against a layout block that the validator made from a layout that passed its
  ;; full walk (fixspec/field-layouts.ts): Int32 words [size, countSize, then per field (tag, code, charset), then
  ;; per NumInGroup field (message index, count), then the 32-byte character sets of enum fields]; a code packs the
  ;; place (bits 0-2), the FieldKind (bits 3-6) and the enum slot (fixspec/field-codes.ts); charset is the byte
  ;; offset of the field's character set in the block, 0 for a field without enum values.
  ;; Returns -2 when the message's tags (from index 3, before CheckSum) or its NumInGroup counts are not the
  ;; layout's; -1 when a value fails (JavaScript checks the values again, in order, to say which and why); otherwise
  ;; the number of fields whose value JavaScript must still check (their message indexes at $list): kinds and
  ;; values this function leaves (Date, Time, MonthYear, ints over 15 digits, a timestamp's day over 28, enum
  ;; values longer than one byte).
  (func (export "check") (param $block i32) (param $out i32) (param $max i32) (param $base i32) (param $list i32) (result i32)
    (local $size i32) (local $counts i32) (local $k i32) (local $f i32) (local $tp i32) (local $sp i32) (local $ep i32)
    (local $s i32) (local $e i32) (local $len i32) (local $code i32) (local $p i32) (local $v i32) (local $c i32)
    (local $n i32) (local $d i32) (local $dots i32) (local $charset i32)
    (local.set $size (i32.load (local.get $block)))
    (local.set $counts (i32.load offset=4 (local.get $block)))
    (local.set $tp (i32.add (local.get $out) (i32.const 12)))
    (local.set $sp (i32.add (local.get $out) (i32.shl (local.get $max) (i32.const 2))))
    (local.set $ep (i32.add (local.get $out) (i32.shl (local.get $max) (i32.const 3))))
    ;; 1. The tags.
    (local.set $f (i32.add (local.get $block) (i32.const 8)))
    (local.set $k (i32.const 0))
    (block $tags_done
      (loop $tags
        (br_if $tags_done (i32.ge_u (local.get $k) (local.get $size)))
        (if (i32.ne (i32.load (i32.add (local.get $tp) (i32.shl (local.get $k) (i32.const 2)))) (i32.load (local.get $f)))
          (then (return (i32.const -2))))
        (local.set $f (i32.add (local.get $f) (i32.const 12)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $tags)))
    ;; 2. The NumInGroup counts ($f is past the field records).
    (local.set $k (i32.const 0))
    (block $counts_done
      (loop $each_count
        (br_if $counts_done (i32.ge_u (local.get $k) (local.get $counts)))
        (local.set $p (i32.shl (i32.load (local.get $f)) (i32.const 2)))
        (local.set $s (i32.add (local.get $base) (i32.load (i32.add (local.get $sp) (local.get $p)))))
        (local.set $e (i32.add (local.get $base) (i32.load (i32.add (local.get $ep) (local.get $p)))))
        (local.set $len (i32.sub (local.get $e) (local.get $s)))
        (if (i32.or (i32.eqz (local.get $len)) (i32.gt_u (local.get $len) (i32.const 9))) (then (return (i32.const -2))))
        (local.set $v (i32.const 0))
        (loop $count_digits
          (local.set $c (i32.sub (i32.load8_u (local.get $s)) (i32.const 48)))
          (if (i32.gt_u (local.get $c) (i32.const 9)) (then (return (i32.const -2))))
          (local.set $v (i32.add (i32.mul (local.get $v) (i32.const 10)) (local.get $c)))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (br_if $count_digits (i32.lt_u (local.get $s) (local.get $e))))
        (if (i32.ne (local.get $v) (i32.load offset=4 (local.get $f))) (then (return (i32.const -2))))
        (local.set $f (i32.add (local.get $f) (i32.const 8)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each_count)))
    ;; 3. The values, field by field.
    (local.set $f (i32.add (local.get $block) (i32.const 8)))
    (local.set $k (i32.const 0))
    (block $values_done
      (loop $values
        (br_if $values_done (i32.ge_u (local.get $k) (local.get $size)))
        (local.set $code (i32.load offset=4 (local.get $f)))
        (block $next
          ;; A tolerated unknown field is not checked.
          (br_if $next (i32.eq (i32.and (local.get $code) (i32.const 7)) (i32.const 6)))
          (local.set $p (i32.shl (i32.add (local.get $k) (i32.const 3)) (i32.const 2)))
          (local.set $s (i32.add (local.get $base) (i32.load (i32.add (local.get $sp) (local.get $p)))))
          (local.set $e (i32.add (local.get $base) (i32.load (i32.add (local.get $ep) (local.get $p)))))
          (local.set $len (i32.sub (local.get $e) (local.get $s)))
          (if (i32.eqz (local.get $len)) (then (return (i32.const -1))))
          (block $defer
            (block $enum
              (block $timestamp
                (block $boolean
                  (block $char
                    (block $float
                      (block $int
                        (br_table $enum $int $float $char $boolean $timestamp $defer $defer $defer $enum $enum $defer
                          (i32.and (i32.shr_u (local.get $code) (i32.const 3)) (i32.const 15))))
                      ;; Int: an optional minus and 1-15 digits (longer ones: JavaScript reads them).
                      (local.set $p (local.get $s))
                      (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 45)) (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
                      (if (i32.ge_u (local.get $p) (local.get $e)) (then (return (i32.const -1))))
                      (br_if $defer (i32.gt_u (i32.sub (local.get $e) (local.get $p)) (i32.const 15)))
                      (if (i32.eqz (call $digits (local.get $p) (local.get $e))) (then (return (i32.const -1))))
                      (br $enum))
                    ;; Float: an optional minus, digits with at most one dot, at least one digit.
                    (local.set $p (local.get $s))
                    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 45)) (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
                    (local.set $d (i32.const 0))
                    (local.set $dots (i32.const 0))
                    (block $float_done
                      (loop $float_bytes
                        (br_if $float_done (i32.ge_u (local.get $p) (local.get $e)))
                        (local.set $c (i32.load8_u (local.get $p)))
                        (if (i32.eq (local.get $c) (i32.const 46))
                          (then (local.set $dots (i32.add (local.get $dots) (i32.const 1))))
                          (else
                            (if (i32.gt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)) (then (return (i32.const -1))))
                            (local.set $d (i32.add (local.get $d) (i32.const 1)))))
                        (local.set $p (i32.add (local.get $p) (i32.const 1)))
                        (br $float_bytes)))
                    (if (i32.or (i32.eqz (local.get $d)) (i32.gt_u (local.get $dots) (i32.const 1))) (then (return (i32.const -1))))
                    (br $enum))
                  ;; Char: one byte.
                  (if (i32.ne (local.get $len) (i32.const 1)) (then (return (i32.const -1))))
                  (br $enum))
                ;; Boolean: Y or N.
                (if (i32.ne (local.get $len) (i32.const 1)) (then (return (i32.const -1))))
                (local.set $c (i32.load8_u (local.get $s)))
                (if (i32.and (i32.ne (local.get $c) (i32.const 89)) (i32.ne (local.get $c) (i32.const 78))) (then (return (i32.const -1))))
                (br $enum))
              ;; UTCTimestamp: YYYYMMDD-HH:MM:SS, then nothing, or a dot and 3, 6 or 9 digits. A day past the 28th
              ;; depends on the month and year: JavaScript checks it.
              (if (i32.and (i32.and (i32.ne (local.get $len) (i32.const 17)) (i32.ne (local.get $len) (i32.const 21)))
                           (i32.and (i32.ne (local.get $len) (i32.const 24)) (i32.ne (local.get $len) (i32.const 27))))
                (then (return (i32.const -1))))
              (if (i32.or (i32.or (i32.ne (i32.load8_u offset=8 (local.get $s)) (i32.const 45)) (i32.ne (i32.load8_u offset=11 (local.get $s)) (i32.const 58)))
                          (i32.ne (i32.load8_u offset=14 (local.get $s)) (i32.const 58)))
                (then (return (i32.const -1))))
              (if (i32.eqz (call $digits (local.get $s) (i32.add (local.get $s) (i32.const 4)))) (then (return (i32.const -1))))
              (local.set $v (call $two (i32.add (local.get $s) (i32.const 4))))
              (if (i32.or (i32.lt_s (local.get $v) (i32.const 1)) (i32.gt_s (local.get $v) (i32.const 12))) (then (return (i32.const -1))))
              (local.set $v (call $two (i32.add (local.get $s) (i32.const 6))))
              (if (i32.lt_s (local.get $v) (i32.const 1)) (then (return (i32.const -1))))
              (local.set $c (i32.gt_s (local.get $v) (i32.const 28)))
              (local.set $v (call $two (i32.add (local.get $s) (i32.const 9))))
              (if (i32.or (i32.lt_s (local.get $v) (i32.const 0)) (i32.gt_s (local.get $v) (i32.const 23))) (then (return (i32.const -1))))
              (local.set $v (call $two (i32.add (local.get $s) (i32.const 12))))
              (if (i32.or (i32.lt_s (local.get $v) (i32.const 0)) (i32.gt_s (local.get $v) (i32.const 59))) (then (return (i32.const -1))))
              (local.set $v (call $two (i32.add (local.get $s) (i32.const 15))))
              (if (i32.or (i32.lt_s (local.get $v) (i32.const 0)) (i32.gt_s (local.get $v) (i32.const 60))) (then (return (i32.const -1))))
              (if (i32.gt_u (local.get $len) (i32.const 17))
                (then
                  (if (i32.ne (i32.load8_u offset=17 (local.get $s)) (i32.const 46)) (then (return (i32.const -1))))
                  (if (i32.eqz (call $digits (i32.add (local.get $s) (i32.const 18)) (local.get $e))) (then (return (i32.const -1))))))
              (br_if $defer (local.get $c)))
            ;; The enum values: one byte in the field's character set; a longer value is left to JavaScript.
            (local.set $charset (i32.load offset=8 (local.get $f)))
            (br_if $next (i32.eqz (local.get $charset)))
            (br_if $defer (i32.ne (local.get $len) (i32.const 1)))
            (local.set $c (i32.load8_u (local.get $s)))
            (if (i32.eqz (i32.and
                  (i32.load8_u (i32.add (i32.add (local.get $block) (local.get $charset)) (i32.shr_u (local.get $c) (i32.const 3))))
                  (i32.shl (i32.const 1) (i32.and (local.get $c) (i32.const 7)))))
              (then (return (i32.const -1))))
            (br $next))
          ;; Left to JavaScript: the field's message index.
          (i32.store (i32.add (local.get $list) (i32.shl (local.get $n) (i32.const 2))) (i32.add (local.get $k) (i32.const 3)))
          (local.set $n (i32.add (local.get $n) (i32.const 1))))
        (local.set $f (i32.add (local.get $f) (i32.const 12)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $values)))
    (local.get $n))
)
