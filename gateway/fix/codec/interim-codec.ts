/**
 * INTERIM tag=value framing, decoding and encoding for the session layer, used until the fixspec codec is wired
 * in. No dictionary validation. Kept small and obviously right; replaced by the fixspec adapter.
 */
import type { ConnectionDecoder, FrameResult } from '../acceptor';
import type { EncodeOptions, FieldValue, InboundMessage, SessionCodec, SessionReject } from '../session/session-ports';

const SOH = 1;
const latin1 = (bytes: Uint8Array, from: number, to: number): string => Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1');

function checksumOf(bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += bytes[i] ?? 0;
  return sum % 256;
}

/** FIX UTCTimestamp (YYYYMMDD-HH:MM:SS[.sss[sss[sss]]]) to epoch µs, or undefined. */
export function parseUtcTimestampUs(text: string): bigint | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}|\d{6}|\d{9}))?$/.exec(text);
  if (m === null) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (Number.isNaN(ms)) return undefined;
  const frac = (m[7] ?? '').padEnd(6, '0').slice(0, 6);
  return BigInt(ms) * 1000n + BigInt(frac === '' ? 0 : Number(frac));
}

export function formatUtcTimestamp(us: bigint, precision: 'ms' | 'us'): string {
  const ms = Number(us / 1000n);
  const iso = new Date(ms).toISOString();
  const base = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
  const frac = precision === 'us' ? String(us % 1_000_000n).padStart(6, '0') : String((us / 1000n) % 1000n).padStart(3, '0');
  return `${base}.${frac}`;
}

class ParsedMessage implements InboundMessage {
  readonly msgType: string;
  readonly beginString: string;
  readonly seq: number | undefined;
  readonly senderCompId: string | undefined;
  readonly targetCompId: string | undefined;
  readonly sendingTimeUs: bigint | undefined;
  readonly possDup: boolean;
  readonly origSendingTimeUs: bigint | undefined;

  constructor(private readonly bytes: Uint8Array, private readonly fields: ReadonlyMap<number, string>) {
    this.msgType = fields.get(35) ?? '';
    this.beginString = fields.get(8) ?? '';
    this.seq = intOf(fields.get(34));
    this.senderCompId = fields.get(49);
    this.targetCompId = fields.get(56);
    const st = fields.get(52);
    this.sendingTimeUs = st === undefined ? undefined : parseUtcTimestampUs(st);
    this.possDup = fields.get(43) === 'Y';
    const ost = fields.get(122);
    this.origSendingTimeUs = ost === undefined ? undefined : parseUtcTimestampUs(ost);
  }

  getString(tag: number): string | undefined {
    return this.fields.get(tag);
  }

  getInt(tag: number): number | undefined {
    return intOf(this.fields.get(tag));
  }

  copyBytes(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function intOf(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** Parses one whole message (already framed); null when it is not tag=value. */
export function parseMessage(bytes: Uint8Array): InboundMessage | null {
  const fields = new Map<number, string>();
  let start = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] !== SOH) continue;
    const text = latin1(bytes, start, i);
    const eq = text.indexOf('=');
    const tag = Number(text.slice(0, eq));
    if (eq <= 0 || !Number.isInteger(tag)) return null;
    if (!fields.has(tag)) fields.set(tag, text.slice(eq + 1));
    start = i + 1;
  }
  return new ParsedMessage(bytes, fields);
}

/** Framing by BodyLength, checking CheckSum; garbage before "8=" is skipped. */
export class InterimDecoder implements ConnectionDecoder {
  private buffer = Buffer.alloc(0);

  constructor(private readonly maxMessageBytes: number) {}

  push(chunk: Uint8Array, onResult: (result: FrameResult) => void): void {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const begin = this.buffer.indexOf('8=');
      if (begin < 0) {
        if (this.buffer.length > 1) onResult({ kind: 'garbled', reason: 'garbage without BeginString' });
        this.buffer = this.buffer.subarray(this.buffer.length - 1);
        return;
      }
      if (begin > 0) {
        onResult({ kind: 'garbled', reason: `${begin} bytes before BeginString skipped` });
        this.buffer = this.buffer.subarray(begin);
      }
      const soh1 = this.buffer.indexOf(SOH);
      if (soh1 < 0) return this.keepIfSmall(onResult);
      if (this.buffer.subarray(soh1 + 1, soh1 + 3).toString('latin1') !== '9=') {
        if (this.buffer.length < soh1 + 3) return;
        onResult({ kind: 'garbled', reason: 'BodyLength(9) not second' });
        this.buffer = this.buffer.subarray(2);
        continue;
      }
      const soh2 = this.buffer.indexOf(SOH, soh1 + 1);
      if (soh2 < 0) return this.keepIfSmall(onResult);
      const bodyLength = Number(this.buffer.subarray(soh1 + 3, soh2).toString('latin1'));
      if (!Number.isInteger(bodyLength) || bodyLength <= 0 || bodyLength > this.maxMessageBytes) {
        onResult({ kind: 'garbled', reason: 'BodyLength(9) invalid or over the size limit' });
        this.buffer = this.buffer.subarray(2);
        continue;
      }
      const trailer = soh2 + 1 + bodyLength;
      const end = trailer + 7;
      if (this.buffer.length < end) return;
      const tail = this.buffer.subarray(trailer, end).toString('latin1');
      if (!/^10=\d{3}\x01$/.test(tail)) {
        onResult({ kind: 'garbled', reason: 'BodyLength(9) does not end at CheckSum(10)' });
        this.buffer = this.buffer.subarray(2);
        continue;
      }
      const message = this.buffer.subarray(0, end);
      this.buffer = this.buffer.subarray(end);
      if (Number(tail.slice(3, 6)) !== checksumOf(message, 0, trailer)) {
        onResult({ kind: 'garbled', reason: 'CheckSum(10) mismatch' });
        continue;
      }
      const parsed = parseMessage(Uint8Array.from(message));
      if (parsed === null) onResult({ kind: 'garbled', reason: 'not tag=value' });
      else onResult({ kind: 'message', message: parsed });
    }
  }

  private keepIfSmall(onResult: (result: FrameResult) => void): void {
    if (this.buffer.length > this.maxMessageBytes) {
      onResult({ kind: 'garbled', reason: 'message over the size limit' });
      this.buffer = Buffer.alloc(0);
    }
  }
}

export interface InterimCodecOptions {
  readonly beginString: string;
  readonly senderCompId: string;
  readonly targetCompId: string;
  readonly timestampPrecision: 'ms' | 'us';
}

/** Encoder for one session, with no validation beyond what the session layer checks itself. */
export class InterimSessionCodec implements SessionCodec {
  constructor(private readonly options: InterimCodecOptions) {}

  encode(msgType: string, seq: number, sendingTimeUs: bigint, body: readonly FieldValue[], options: EncodeOptions = {}): Uint8Array {
    const o = this.options;
    const header: string[] = [`35=${msgType}`, `49=${o.senderCompId}`, `56=${o.targetCompId}`, `34=${seq}`];
    if (options.possDup === true) header.push('43=Y');
    header.push(`52=${formatUtcTimestamp(sendingTimeUs, o.timestampPrecision)}`);
    if (options.origSendingTimeUs !== undefined) header.push(`122=${formatUtcTimestamp(options.origSendingTimeUs, o.timestampPrecision)}`);
    return finish(o.beginString, header.concat(body.map(([t, v]) => `${t}=${v}`)));
  }

  reencodeForResend(stored: Uint8Array, sendingTimeUs: bigint): Uint8Array {
    const text = Buffer.from(stored).toString('latin1');
    const fields = text.split('\x01').filter((f) => f.length > 0);
    const out: string[] = [];
    let original = '';
    for (const f of fields) {
      const tag = f.slice(0, f.indexOf('='));
      if (tag === '8' || tag === '9' || tag === '10' || tag === '43' || tag === '122') continue;
      if (tag === '52') {
        original = f.slice(3);
        out.push('43=Y', `52=${formatUtcTimestamp(sendingTimeUs, this.options.timestampPrecision)}`, `122=${original}`);
        continue;
      }
      out.push(f);
    }
    return finish(this.options.beginString, out);
  }

  validate(_message: InboundMessage): SessionReject | null {
    return null;
  }

  decode(bytes: Uint8Array): InboundMessage | null {
    return parseMessage(bytes);
  }

  isKnownMsgType(msgType: string): boolean {
    return /^[0-9A-Za-z]{1,2}$/.test(msgType);
  }
}

function finish(beginString: string, fields: readonly string[]): Uint8Array {
  const body = `${fields.join('\x01')}\x01`;
  const head = `8=${beginString}\x019=${Buffer.byteLength(body, 'latin1')}\x01`;
  const bytes = Buffer.from(head + body, 'latin1');
  const sum = checksumOf(bytes, 0, bytes.length);
  return Buffer.concat([bytes, Buffer.from(`10=${String(sum).padStart(3, '0')}\x01`, 'latin1')]);
}
