/**
 * The journal's canonical JSON: exactly what `JSON.stringify` gives with a replacer that writes bigints as strings
 * (a record's hash covers these bytes), written by hand straight into UTF-8 bytes. JSON.stringify with a replacer
 * calls the replacer for every key and value and leaves V8's fast path; and text built by concatenation must be
 * flattened and copied again to become bytes (Buffer.from was most of a record's cost). This walk writes each value's
 * bytes once, into a scratch buffer reused from record to record, and copies the result out. An order's terms are
 * written once: the object an event holds under `order` is an order's terms, immutable once made (a replace makes new
 * ones), and every event of the order carries the same object, so its bytes are remembered (weakly: they go when the
 * terms go).
 */
const termsBytes = new WeakMap<object, Uint8Array>();
const keyBytes = new Map<string, Uint8Array>();
const MAX_KEYS = 4096;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/**
 * Where the bytes of records are kept: views into slabs of SLAB_BYTES (a Buffer of its own per record costs an
 * ArrayBuffer per 8 KiB pool, about 15 records, which showed in the gateway's profile). A slab lives while a record
 * in it does. 64 KiB, under glibc malloc's mmap threshold (128 KiB): a larger slab is mapped fresh from the kernel
 * and unmapped when collected, so every slab's pages fault in anew (on this machine a 700-byte record's copy took
 * about 650 ns with 256 KiB slabs, 54 page faults per MB written, against about 190 ns with 64 KiB ones, whose
 * memory malloc reuses).
 */
const SLAB_BYTES = 64 * 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
let slabUsed = 0;

/** A Buffer of `length` bytes from the current slab (a slab of its own when it is large). */
function allocate(length: number): Buffer {
  if (length > SLAB_BYTES / 8) return Buffer.allocUnsafeSlow(length);
  if (slabUsed + length > SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + length);
  // 8-byte aligned starts keep later views cheap to make.
  slabUsed += (length + 7) & ~7;
  return out;
}

/** A growable byte buffer written front to back. */
export class JsonBytes {
  buf: Buffer = Buffer.allocUnsafeSlow(4096);
  pos = 0;

  reset(): this {
    this.pos = 0;
    return this;
  }

  /** The bytes written so far, copied into a slab (the scratch is reused). */
  take(): Buffer {
    const out = allocate(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos] = b;
    this.pos += 1;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Text that is plain ASCII by construction (digits, JSON literals, key bytes). */
  ascii(text: string): void {
    const n = text.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i += 1) buf[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  /** Any text as UTF-8. */
  utf8(text: string): void {
    this.ensure(text.length * 3);
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  /** A string as JSON.stringify writes it: printable ASCII without quote or backslash is copied, the rest escaped. */
  string(value: string): void {
    const n = value.length;
    this.ensure(n + 2);
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    buf[p++] = QUOTE;
    for (let i = 0; i < n; i += 1) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
        this.pos = start;
        this.utf8(JSON.stringify(value));
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = QUOTE;
    this.pos = p;
  }

  /** A number as JSON writes it (non-finite as null); small integers digit by digit. */
  number(value: number): void {
    if ((value | 0) === value) {
      this.int(value);
      return;
    }
    this.ascii(Number.isFinite(value) ? String(value) : 'null');
  }

  /** A 32-bit integer's decimal digits (-0 is written 0, as JSON does). */
  int(value: number): void {
    this.ensure(11);
    const buf = this.buf;
    let p = this.pos;
    let v = value;
    if (v < 0) {
      buf[p++] = 0x2d;
      v = -v;
    }
    if (v < 10) {
      buf[p++] = 0x30 + v;
      this.pos = p;
      return;
    }
    let digits = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) digits += 1;
    p += digits;
    this.pos = p;
    for (let i = 1; i <= digits; i += 1) {
      const q = Math.floor(v / 10);
      buf[p - i] = 0x30 + (v - q * 10);
      v = q;
    }
  }
}

const scratch = new JsonBytes();

/** The canonical JSON as text (what the bytes decode to). */
export function canonicalText(value: unknown): string {
  return canonicalBytes(value).toString('utf8');
}

/** The canonical JSON as the bytes a record's body holds (UTF-8). */
export function canonicalBytes(value: unknown): Buffer {
  writeCanonical(scratch.reset(), value);
  return scratch.take();
}

/** Writes `value`'s canonical JSON at the end of `out` (`null` for what JSON leaves out at the top). */
export function writeCanonical(out: JsonBytes, value: unknown): void {
  if (!write(out, value, false)) out.ascii('null');
}

/** The replacer form, for values that define toJSON (none of the journal's do): their output must not change. */
function replacer(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

/** Writes a value; false (nothing written) for what JSON leaves out of an object (undefined, functions, symbols). */
function write(out: JsonBytes, value: unknown, isTerms: boolean): boolean {
  switch (typeof value) {
    case 'string':
      out.string(value);
      return true;
    case 'number':
      out.number(value);
      return true;
    case 'bigint':
      out.byte(QUOTE);
      out.ascii(value.toString());
      out.byte(QUOTE);
      return true;
    case 'boolean':
      out.ascii(value ? 'true' : 'false');
      return true;
    case 'object':
      if (value === null) out.ascii('null');
      else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') out.utf8((JSON.stringify(value, replacer) as string | undefined) ?? 'null');
      else if (Array.isArray(value)) writeArray(out, value);
      else if (isTerms) writeTerms(out, value);
      else writeObject(out, value);
      return true;
    default:
      return false;
  }
}

function writeTerms(out: JsonBytes, terms: object): void {
  const known = termsBytes.get(terms);
  if (known !== undefined) {
    out.bytes(known);
    return;
  }
  const start = out.pos;
  writeObject(out, terms);
  const bytes = allocate(out.pos - start);
  out.buf.copy(bytes, 0, start, out.pos);
  termsBytes.set(terms, bytes);
}

function writeArray(out: JsonBytes, values: readonly unknown[]): void {
  out.byte(0x5b);
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) out.byte(COMMA);
    if (!write(out, values[i], false)) out.ascii('null');
  }
  out.byte(0x5d);
}

function writeObject(out: JsonBytes, object: object): void {
  out.byte(0x7b);
  let first = true;
  const keys = Object.keys(object);
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    const value = (object as Record<string, unknown>)[key];
    // What JSON leaves out is left out here too, key and all.
    const t = typeof value;
    if (t === 'undefined' || t === 'function' || t === 'symbol') continue;
    if (t === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      // toJSON may give undefined, which leaves the key out.
      const text = JSON.stringify(value, replacer) as string | undefined;
      if (text === undefined) continue;
      if (!first) out.byte(COMMA);
      out.bytes(quotedKey(key));
      out.utf8(text);
    } else {
      if (!first) out.byte(COMMA);
      out.bytes(quotedKey(key));
      write(out, value, key === 'order');
    }
    first = false;
  }
  out.byte(0x7d);
}

/** `"key":` as bytes, remembered for the journal's few field names. */
function quotedKey(key: string): Uint8Array {
  let q = keyBytes.get(key);
  if (q === undefined) {
    q = Buffer.from(`${JSON.stringify(key)}:`, 'utf8');
    if (keyBytes.size < MAX_KEYS) keyBytes.set(key, q);
  }
  return q;
}
