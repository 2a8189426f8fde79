;; fixspec's byte scanner: the CheckSum and the tag=value field split of a framed message, sixteen bytes a step
;; (WebAssembly SIMD). Compiled by fixspec/tools/generate.ts into fixspec/generated/scanner-wasm.ts; read by
;; fixspec/scanner.ts, which owns the memory layout:
;;   [0, 2048)           one byte per tag below 2048: 1 for a length field whose data field is read by length
;;   [$out, ...)         the scan's output: tags, then value starts, then value ends, $max Int32 each
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
)
