/**
 * Splits a TCP byte stream into FIX messages by BodyLength(9) and checks CheckSum(10). Everything that is not a
 * whole, intact message is reported as garbled, with its reason, and skipped: FIX says garbled messages are
 * ignored, not rejected. The buffer never holds more than the size limit.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 65_536;

export type GarbledReason =
  | 'garbage-before-begin-string'
  | 'body-length-not-second'
  | 'body-length-invalid'
  | 'too-large'
  | 'body-length-mismatch'
  | 'checksum-mismatch';

export type FrameEvent =
  /** `bytes` is a view into the framer's buffer, and the event itself is reused: both are valid only during the callback. */
  | { readonly kind: 'message'; readonly bytes: Uint8Array }
  | { readonly kind: 'garbled'; readonly reason: GarbledReason; readonly skippedBytes: number };

const SOH = 1;
const B8 = [56, 61]; // "8="
const B9 = [57, 61]; // "9="
const TRAILER_BYTES = 7; // "10=nnn\x01"

/** Below this many bytes the checksum adds byte by byte; above, four at a time. */
const WORDWISE_FROM = 64;
/** A 32-bit view of the ArrayBuffer the last long checksum was taken over (made once per buffer). */
let words: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

/** The FIX CheckSum of bytes[from, to): their sum modulo 256. */
export function checksum(bytes: Uint8Array, from: number, to: number): number {
  if (to - from >= WORDWISE_FROM && words.buffer !== bytes.buffer) words = new Uint32Array(bytes.buffer, 0, bytes.buffer.byteLength >> 2);
  return checksumOver(words, bytes, from, to);
}

/**
 * checksum() with the caller's 32-bit view of the bytes' ArrayBuffer (`words.buffer === bytes.buffer`), read
 * four bytes at a time when the range is long enough.
 */
export function checksumOver(words: Uint32Array<ArrayBufferLike>, bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  let i = from;
  if (to - from >= WORDWISE_FROM) {
    const base = bytes.byteOffset;
    for (; ((base + i) & 3) !== 0; i += 1) sum += bytes[i] ?? 0;
    const wordEnd = (base + to) >> 2;
    let k = (base + i) >> 2;
    // Each word adds its bytes pairwise into two 16-bit lanes; 64 words keep both lanes below 2^15 (no carry).
    // Two words a step into two sums: the adds of one do not wait for the other's (about 1.6x faster than one).
    while (k < wordEnd) {
      const stop = Math.min(wordEnd, k + 64);
      let lanes = 0;
      let odd = 0;
      for (; k + 1 < stop; k += 2) {
        const w = words[k] ?? 0;
        const v = words[k + 1] ?? 0;
        lanes += (w & 0x00ff00ff) + ((w >>> 8) & 0x00ff00ff);
        odd += (v & 0x00ff00ff) + ((v >>> 8) & 0x00ff00ff);
      }
      if (k < stop) {
        const w = words[k] ?? 0;
        lanes += (w & 0x00ff00ff) + ((w >>> 8) & 0x00ff00ff);
        k += 1;
      }
      lanes += odd;
      sum += (lanes & 0xffff) + (lanes >>> 16);
    }
    i = (k << 2) - base;
  }
  for (; i < to; i += 1) sum += bytes[i] ?? 0;
  return sum & 255;
}

/** A message event the framer refills for each message, so that framing allocates nothing per message. */
interface MessageEvent {
  readonly kind: 'message';
  bytes: Uint8Array;
}

export class FixFramer {
  private buffer: Uint8Array = new Uint8Array(0);
  private readonly messageEvent: MessageEvent = { kind: 'message', bytes: this.buffer };
  private start = 0;
  private end = 0;

  constructor(readonly maxMessageBytes: number = DEFAULT_MAX_MESSAGE_BYTES) {}

  /** Bytes waiting for the rest of their message. */
  get buffered(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array, onFrame: (event: FrameEvent) => void): void {
    this.append(chunk);
    for (;;) {
      const b = this.buffer;
      const available = this.end - this.start;
      if (available < 2) {
        if (available > 0) this.compact();
        return;
      }
      // 1. The message starts at "8=".
      if (b[this.start] !== B8[0] || b[this.start + 1] !== B8[1]) {
        const next = this.find8(this.start + 1);
        const skipped = (next < 0 ? this.end - 1 : next) - this.start;
        if (skipped > 0) {
          this.start += skipped;
          onFrame({ kind: 'garbled', reason: 'garbage-before-begin-string', skippedBytes: skipped });
        }
        if (next < 0) return this.compact();
        continue;
      }
      // 2. BeginString, then "9=<digits>\x01".
      const soh1 = this.indexOfSoh(this.start, Math.min(this.end, this.start + 32));
      if (soh1 < 0) {
        if (available >= 32) this.skip(onFrame, 'body-length-not-second');
        else return this.compact();
        continue;
      }
      if (soh1 + 3 > this.end) return this.compact();
      if (b[soh1 + 1] !== B9[0] || b[soh1 + 2] !== B9[1]) {
        this.skip(onFrame, 'body-length-not-second');
        continue;
      }
      let bodyLength = 0;
      let p = soh1 + 3;
      for (; p < this.end && b[p] !== SOH; p += 1) {
        const c = b[p] ?? 0;
        if (c < 48 || c > 57 || p - soh1 > 12) break;
        bodyLength = bodyLength * 10 + (c - 48);
      }
      if (p >= this.end) return this.compact();
      if (b[p] !== SOH || p === soh1 + 3 || bodyLength === 0) {
        this.skip(onFrame, 'body-length-invalid');
        continue;
      }
      const bodyStart = p + 1;
      const total = bodyStart - this.start + bodyLength + TRAILER_BYTES;
      if (total > this.maxMessageBytes) {
        this.skip(onFrame, 'too-large');
        continue;
      }
      if (this.start + total > this.end) return this.compact();
      // 3. The trailer is exactly where BodyLength says: "10=nnn\x01".
      const t = bodyStart + bodyLength;
      if (b[t - 1] !== SOH || b[t] !== 49 || b[t + 1] !== 48 || b[t + 2] !== 61 || b[t + 6] !== SOH || !digit(b[t + 3]) || !digit(b[t + 4]) || !digit(b[t + 5])) {
        this.skip(onFrame, 'body-length-mismatch');
        continue;
      }
      const declared = ((b[t + 3] ?? 0) - 48) * 100 + ((b[t + 4] ?? 0) - 48) * 10 + ((b[t + 5] ?? 0) - 48);
      const from = this.start;
      this.start += total;
      if (declared !== checksum(b, from, t)) {
        onFrame({ kind: 'garbled', reason: 'checksum-mismatch', skippedBytes: total });
        continue;
      }
      // A read that holds exactly one message (the usual case) is handed over as it is: no view to create.
      const event = this.messageEvent;
      event.bytes = from === 0 && total === b.length ? b : b.subarray(from, from + total);
      onFrame(event);
      event.bytes = this.buffer;
    }
  }

  private skip(onFrame: (event: FrameEvent) => void, reason: GarbledReason): void {
    // Drop this "8=" and look for the next one: a message boundary may follow inside the bad bytes.
    const next = this.find8(this.start + 1);
    const skipped = (next < 0 ? this.end : next) - this.start;
    this.start += skipped;
    onFrame({ kind: 'garbled', reason, skippedBytes: skipped });
  }

  private find8(from: number): number {
    const b = this.buffer;
    for (let i = from; i + 1 < this.end; i += 1) {
      // "8=F" (every BeginString starts FIX): not the "8=" inside a field such as "58=...".
      if (b[i] === B8[0] && b[i + 1] === B8[1] && (i + 2 >= this.end || b[i + 2] === 70)) return i;
    }
    return -1;
  }

  private indexOfSoh(from: number, to: number): number {
    const b = this.buffer;
    for (let i = from; i < to; i += 1) if (b[i] === SOH) return i;
    return -1;
  }

  private append(chunk: Uint8Array): void {
    if (this.start === this.end) {
      // Nothing pending: frame straight out of the chunk (no copy) until something must be kept.
      this.buffer = chunk;
      this.start = 0;
      this.end = chunk.length;
      return;
    }
    const pending = this.end - this.start;
    const next = new Uint8Array(pending + chunk.length);
    next.set(this.buffer.subarray(this.start, this.end), 0);
    next.set(chunk, pending);
    this.buffer = next;
    this.start = 0;
    this.end = next.length;
  }

  /**
   * Keeps only the unread bytes, in a buffer of our own (the caller may reuse its chunk). A copy even when the
   * chunk is a Node Buffer, whose own slice() is a view.
   */
  private compact(): void {
    const pending = this.end - this.start;
    this.buffer = Uint8Array.prototype.slice.call(this.buffer, this.start, this.end);
    this.start = 0;
    this.end = pending;
  }
}

function digit(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}
