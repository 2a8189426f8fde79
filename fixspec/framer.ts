/**
 * Splits a TCP byte stream into FIX messages by BodyLength(9) and checks CheckSum(10). Everything that is not a
 * whole, intact message is reported as garbled, with its reason, and skipped: FIX says garbled messages are
 * ignored, not rejected. What waits for the rest of its message is always shorter than the size limit, and the
 * framer's buffer never holds more than that plus one 64 KiB read.
 */
import { ByteScanner } from './scanner';

export const DEFAULT_MAX_MESSAGE_BYTES = 65_536;

export type GarbledReason =
  | 'garbage-before-begin-string'
  | 'body-length-not-second'
  | 'body-length-invalid'
  | 'too-large'
  | 'body-length-mismatch'
  | 'checksum-mismatch';

export type FrameEvent = MessageFrame | { readonly kind: 'garbled'; readonly reason: GarbledReason; readonly skippedBytes: number };

/**
 * A whole, intact message: bytes [start, end) of `buffer`, the framer's own buffer. The event is reused and the
 * buffer refilled: both are valid only during the callback. Hot readers parse `buffer` from `start` to `end`;
 * `bytes` is the same as a new view, for readers that want one.
 */
export class MessageFrame {
  readonly kind = 'message';
  buffer: Uint8Array = EMPTY;
  start = 0;
  end = 0;

  get bytes(): Uint8Array {
    return this.buffer.subarray(this.start, this.end);
  }
}

const SOH = 1;
const EMPTY = new Uint8Array(0);
/** The framer's buffer starts this large and doubles as a read needs, up to the largest message plus one read. */
const INITIAL_BUFFER_BYTES = 4_096;
const LARGEST_READ_BYTES = 65_536;
const B8 = [56, 61]; // "8="
const B9 = [57, 61]; // "9="
const TRAILER_BYTES = 7; // "10=nnn\x01"

/**
 * The FIX CheckSum of bytes[from, to): their sum modulo 256. The framer and the encoder have the byte scanner sum
 * theirs (fixspec/scanner.ts); this is for bytes anywhere else.
 */
export function checksum(bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += bytes[i] ?? 0;
  return sum & 255;
}

/**
 * Every read is copied into the framer's own buffer, and messages are framed there: the buffer lies in a byte
 * scanner's WebAssembly memory (fixspec/scanner.ts), which sums the CheckSum where the message lies, and splits it
 * into fields there when a FixMessageView parses the frame; what waits for the rest of its message is already kept.
 */
export class FixFramer {
  private readonly scanner = new ByteScanner(INITIAL_BUFFER_BYTES);
  private buffer: Uint8Array<ArrayBuffer> = this.scanner.buffer;
  private readonly frame = new MessageFrame();
  private start = 0;
  private end = 0;
  /** The buffer never grows past this: a longer read is framed in pieces. */
  private readonly capacity: number;

  constructor(readonly maxMessageBytes: number = DEFAULT_MAX_MESSAGE_BYTES) {
    this.capacity = maxMessageBytes + LARGEST_READ_BYTES;
  }

  /** Bytes waiting for the rest of their message. */
  get buffered(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array, onFrame: (event: FrameEvent) => void): void {
    let taken = 0;
    while (taken < chunk.length) {
      taken += this.append(chunk, taken);
      this.frameAll(onFrame);
    }
  }

  private frameAll(onFrame: (event: FrameEvent) => void): void {
    for (;;) {
      const b = this.buffer;
      const available = this.end - this.start;
      if (available < 2) return;
      // 1. The message starts at "8=".
      if (b[this.start] !== B8[0] || b[this.start + 1] !== B8[1]) {
        const next = this.find8(this.start + 1);
        const skipped = (next < 0 ? this.end - 1 : next) - this.start;
        if (skipped > 0) {
          this.start += skipped;
          onFrame({ kind: 'garbled', reason: 'garbage-before-begin-string', skippedBytes: skipped });
        }
        if (next < 0) return;
        continue;
      }
      // 2. BeginString, then "9=<digits>\x01".
      const soh1 = this.indexOfSoh(this.start, Math.min(this.end, this.start + 32));
      if (soh1 < 0) {
        if (available >= 32) this.skip(onFrame, 'body-length-not-second');
        else return;
        continue;
      }
      if (soh1 + 3 > this.end) return;
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
      if (p >= this.end) return;
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
      if (this.start + total > this.end) return;
      // 3. The trailer is exactly where BodyLength says: "10=nnn\x01".
      const t = bodyStart + bodyLength;
      if (b[t - 1] !== SOH || b[t] !== 49 || b[t + 1] !== 48 || b[t + 2] !== 61 || b[t + 6] !== SOH || !digit(b[t + 3]) || !digit(b[t + 4]) || !digit(b[t + 5])) {
        this.skip(onFrame, 'body-length-mismatch');
        continue;
      }
      const declared = ((b[t + 3] ?? 0) - 48) * 100 + ((b[t + 4] ?? 0) - 48) * 10 + ((b[t + 5] ?? 0) - 48);
      const from = this.start;
      this.start += total;
      if (declared !== this.scanner.checksum(from, t)) {
        onFrame({ kind: 'garbled', reason: 'checksum-mismatch', skippedBytes: total });
        continue;
      }
      const frame = this.frame;
      frame.buffer = b;
      frame.start = from;
      frame.end = from + total;
      onFrame(frame);
      frame.buffer = EMPTY;
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

  /**
   * Copies as much of chunk[offset..] as fits after the bytes still waiting (moved to the front, the buffer grown up
   * to its capacity, when the rest does not fit); returns how many bytes it took. What waits is always shorter than
   * the largest message, so at least one read's worth fits.
   */
  private append(chunk: Uint8Array, offset: number): number {
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
    }
    const wanted = chunk.length - offset;
    if (this.end + wanted > this.buffer.length && this.start > 0) {
      this.buffer.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    if (this.end + wanted > this.buffer.length && this.buffer.length < this.capacity) this.grow(this.end + wanted);
    const taken = Math.min(wanted, this.buffer.length - this.end);
    this.buffer.set(taken === chunk.length ? chunk : chunk.subarray(offset, offset + taken), this.end);
    this.end += taken;
    return taken;
  }

  /** A larger buffer (a power of two, at most the capacity), its bytes kept where they are. */
  private grow(needed: number): void {
    let size = Math.max(INITIAL_BUFFER_BYTES, this.buffer.length);
    while (size < needed) size *= 2;
    this.scanner.resize(Math.min(size, this.capacity));
    this.buffer = this.scanner.buffer;
  }
}

function digit(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}
