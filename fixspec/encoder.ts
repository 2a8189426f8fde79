import { Tag } from './generated/constants';
import { FixMessageView } from './message-view';
import { ByteScanner } from './scanner';
import { readUtcTimestampUs, writeUtcTimestamp } from './values';

/** One field to encode. Numbers must be integers (prices and quantities reach the edge as decimal strings). */
export type FieldValue = readonly [tag: number, value: string | number];

export interface HeaderOptions {
  readonly possDup?: boolean;
  readonly origSendingTimeUs?: bigint;
}

const SOH = 1;
const EQUALS = 61;
/** Room before the body for "8=FIXT.1.1|9=nnnnnn|". */
const PREFIX_ROOM = 40;

/** "tag=" of every tag below TAG_TEXT_BELOW: its first four bytes as one little-endian word, and its length. */
const TAG_TEXT_BELOW = 10_000;
const TAG_WORDS = new Int32Array(TAG_TEXT_BELOW);
const TAG_LENGTHS = new Uint8Array(TAG_TEXT_BELOW);
for (let tag = 0; tag < TAG_TEXT_BELOW; tag += 1) {
  const text = `${tag}=`;
  let word = 0;
  for (let k = 0; k < Math.min(4, text.length); k += 1) word |= text.charCodeAt(k) << (8 * k);
  TAG_WORDS[tag] = word;
  TAG_LENGTHS[tag] = text.length;
}

/**
 * Encodes messages of one session (BeginString and both CompIDs fixed) into a reused buffer, with BodyLength and
 * CheckSum computed, and hands out one exact-size copy per message (the session stores and sends it later).
 */
export class FixEncoder {
  /** The buffer lies in a byte scanner's WebAssembly memory, which sums the CheckSum sixteen bytes a step. */
  private readonly scanner = new ByteScanner(4096);
  private buf = this.scanner.buffer;
  /** buf as a DataView, for the 4-byte stores of tags. */
  private data = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  private p = 0;
  private readonly prefix8: Uint8Array;
  private readonly senderCompId: string;
  private readonly targetCompId: string;

  constructor(
    readonly beginString: string,
    senderCompId: string,
    targetCompId: string,
    private readonly precision: 'ms' | 'us' = 'ms',
  ) {
    this.prefix8 = Buffer.from(`8=${beginString}\x019=`, 'latin1');
    this.senderCompId = senderCompId;
    this.targetCompId = targetCompId;
  }

  encode(msgType: string, seq: number, sendingTimeUs: bigint, body: readonly FieldValue[], options: HeaderOptions = {}): Uint8Array {
    this.p = PREFIX_ROOM;
    this.str(Tag.MsgType, msgType);
    this.str(Tag.SenderCompID, this.senderCompId);
    this.str(Tag.TargetCompID, this.targetCompId);
    this.int(Tag.MsgSeqNum, seq);
    if (options.possDup === true) this.str(Tag.PossDupFlag, 'Y');
    this.time(Tag.SendingTime, sendingTimeUs);
    if (options.origSendingTimeUs !== undefined) this.time(Tag.OrigSendingTime, options.origSendingTimeUs);
    for (let k = 0; k < body.length; k += 1) {
      const field = body[k];
      if (field === undefined) continue;
      const value = field[1];
      if (typeof value === 'string') this.str(field[0], value);
      else if (Number.isSafeInteger(value)) this.int(field[0], value);
      else this.str(field[0], String(value));
    }
    return this.finish();
  }

  /**
   * A stored message sent again for a ResendRequest: the same fields and MsgSeqNum, PossDupFlag(43)=Y,
   * OrigSendingTime(122) = its original SendingTime, a new SendingTime, BodyLength and CheckSum recomputed.
   */
  reencodeForResend(stored: Uint8Array, sendingTimeUs: bigint): Uint8Array {
    const view = new FixMessageView();
    if (view.parse(stored) !== null) return stored;
    this.p = PREFIX_ROOM;
    const bytes = view.rawBytes();
    for (let i = 2; i < view.fieldCount - 1; i += 1) {
      const tag = view.tagAt(i);
      if (tag === Tag.PossDupFlag || tag === Tag.OrigSendingTime) continue;
      if (tag === Tag.SendingTime) {
        const original = readUtcTimestampUs(bytes, view.valueStartAt(i), view.valueEndAt(i)) ?? sendingTimeUs;
        this.str(Tag.PossDupFlag, 'Y');
        this.time(Tag.SendingTime, sendingTimeUs);
        this.time(Tag.OrigSendingTime, original);
        continue;
      }
      this.raw(tag, bytes, view.valueStartAt(i), view.valueEndAt(i));
    }
    return this.finish();
  }

  private finish(): Uint8Array {
    const bodyLength = this.p - PREFIX_ROOM;
    const lengthDigits = String(bodyLength);
    const prefixLength = this.prefix8.length + lengthDigits.length + 1;
    const start = PREFIX_ROOM - prefixLength;
    // Room for the trailer first: growing replaces the buffer, so `b` must be taken after it.
    this.ensure(7);
    const b = this.buf;
    b.set(this.prefix8, start);
    let q = start + this.prefix8.length;
    for (let k = 0; k < lengthDigits.length; k += 1) b[q++] = lengthDigits.charCodeAt(k);
    b[q] = SOH;
    const sum = this.scanner.checksum(start, this.p);
    b[this.p++] = 49;
    b[this.p++] = 48;
    b[this.p++] = EQUALS;
    b[this.p++] = 48 + Math.floor(sum / 100);
    b[this.p++] = 48 + (Math.floor(sum / 10) % 10);
    b[this.p++] = 48 + (sum % 10);
    b[this.p++] = SOH;
    // Buffer.allocUnsafe takes small buffers from a shared slab: far cheaper than a fresh ArrayBuffer each time.
    const out = Buffer.allocUnsafe(this.p - start);
    out.set(b.subarray(start, this.p));
    return out;
  }

  private ensure(extra: number): void {
    if (this.p + extra <= this.buf.length) return;
    this.scanner.resize(Math.max(this.buf.length * 2, this.p + extra + 64));
    this.buf = this.scanner.buffer;
    this.data = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  private tag(tag: number): void {
    this.ensure(12);
    if (tag >= 0 && tag < TAG_TEXT_BELOW) {
      // "tag=" as one 4-byte store (and its fifth byte for a four-digit tag): a shorter tag's spare byte is
      // overwritten by the value or its SOH.
      const p = this.p;
      this.data.setInt32(p, TAG_WORDS[tag] ?? 0, true);
      if (tag >= 1000) this.buf[p + 4] = EQUALS;
      this.p = p + (TAG_LENGTHS[tag] ?? 0);
      return;
    }
    this.digits(tag);
    this.buf[this.p] = EQUALS;
    this.p += 1;
  }

  private digits(value: number): void {
    const b = this.buf;
    let p = this.p;
    let v = value;
    if (v < 0) {
      b[p++] = 45;
      v = -v;
    }
    if (v < 10) {
      b[p++] = 48 + v;
      this.p = p;
      return;
    }
    const start = p;
    while (v > 0) {
      b[p++] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    // reverse in place
    for (let i = start, j = p - 1; i < j; i += 1, j -= 1) {
      const t = b[i] ?? 0;
      b[i] = b[j] ?? 0;
      b[j] = t;
    }
    this.p = p;
  }

  private int(tag: number, value: number): void {
    this.tag(tag);
    this.ensure(22);
    this.digits(value);
    this.buf[this.p++] = SOH;
  }

  private str(tag: number, value: string): void {
    this.tag(tag);
    this.ensure(value.length + 1);
    const b = this.buf;
    let p = this.p;
    for (let k = 0; k < value.length; k += 1) b[p++] = value.charCodeAt(k) & 255;
    b[p++] = SOH;
    this.p = p;
  }

  private raw(tag: number, bytes: Uint8Array, from: number, to: number): void {
    this.tag(tag);
    this.ensure(to - from + 1);
    this.buf.set(bytes.subarray(from, to), this.p);
    this.p += to - from;
    this.buf[this.p++] = SOH;
  }

  private time(tag: number, us: bigint): void {
    this.tag(tag);
    this.ensure(28);
    this.p = writeUtcTimestamp(this.buf, this.p, us, this.precision);
    this.buf[this.p++] = SOH;
  }
}
