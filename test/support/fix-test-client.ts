/**
 * A raw FIX client for acceptance tests, written from the FIX spec and independent of our codec (so that a codec bug
 * cannot hide itself): it builds tag=value text by hand, computes BodyLength and CheckSum, and splits what it
 * receives on the CheckSum field. What it receives is also checked against the standard dictionary of its FIX
 * version (fixspec's validator over the dictionaries generated from the QuickFIX XML) before a test sees it; the
 * QuickFIX C++ interop test is the check that owes nothing to our code.
 */
import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { dictionaryFor, FixMessageView, validateMessage } from '../../fixspec';

export const SOH = '\x01';

export type Field = readonly [number, string | number];

export interface ReceivedMessage {
  readonly raw: string;
  readonly msgType: string;
  readonly fields: readonly (readonly [number, string])[];
  get(tag: number): string | undefined;
  getAll(tag: number): string[];
  readonly seq: number;
}

export function parseMessage(raw: string): ReceivedMessage {
  const fields = raw
    .split(SOH)
    .filter((f) => f.length > 0)
    .map((f) => {
      const eq = f.indexOf('=');
      return [Number(f.slice(0, eq)), f.slice(eq + 1)] as const;
    });
  const get = (tag: number): string | undefined => fields.find(([t]) => t === tag)?.[1];
  return { raw, fields, msgType: get(35) ?? '', get, getAll: (tag) => fields.filter(([t]) => t === tag).map(([, v]) => v), seq: Number(get(34) ?? 0) };
}

/** The message if it is valid FIX for `beginString`'s standard dictionary; an error naming the problem otherwise. */
function checkedAgainstDictionary(message: ReceivedMessage, beginString: string): ReceivedMessage {
  const view = new FixMessageView();
  const bytes = Buffer.from(message.raw, 'latin1');
  const unparsed = view.parse(bytes);
  const failure = unparsed === null ? validateMessage(view, dictionaryFor(beginString)) : { sessionRejectReason: -1, refTagId: undefined, text: String(unparsed) };
  if (failure === null) return message;
  throw new Error(`the gateway sent an invalid ${beginString} message (${failure.text}, tag ${failure.refTagId ?? '-'}, reason ${failure.sessionRejectReason}): ${message.raw.replace(/\x01/g, '|')}`);
}

export function checksum(text: string): string {
  let sum = 0;
  for (let i = 0; i < text.length; i += 1) sum += text.charCodeAt(i);
  return String(sum % 256).padStart(3, '0');
}

/** FIX UTCTimestamp with milliseconds. */
export function fixTime(date: Date = new Date()): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
}

/** A whole message: header fields first (8, 9, 35 then the rest as given), body, CheckSum. */
export function buildMessage(beginString: string, msgType: string, fields: readonly Field[]): string {
  const body = [`35=${msgType}`, ...fields.map(([t, v]) => `${t}=${v}`)].join(SOH) + SOH;
  const head = `8=${beginString}${SOH}9=${Buffer.byteLength(body, 'latin1')}${SOH}`;
  return `${head}${body}10=${checksum(head + body)}${SOH}`;
}

export interface ClientIdentity {
  readonly beginString: string;
  /** The client's CompID (SenderCompID of what it sends). */
  readonly senderCompId: string;
  /** The gateway's CompID. */
  readonly targetCompId: string;
}

export class FixTestClient {
  private buffer = '';
  private readonly inbox: ReceivedMessage[] = [];
  private waiters: (() => void)[] = [];
  private isClosed = false;
  /** The next MsgSeqNum this client sends. */
  nextSeq = 1;

  private constructor(private readonly socket: Socket, readonly identity: ClientIdentity) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (;;) {
        const match = /(^|\x01)10=\d{3}\x01/.exec(this.buffer);
        if (match === null) break;
        const end = match.index + match[0].length;
        this.inbox.push(parseMessage(this.buffer.slice(0, end)));
        this.buffer = this.buffer.slice(end);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.isClosed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async connect(port: number, identity: ClientIdentity, host = '127.0.0.1', tls?: { readonly ca: Buffer }): Promise<FixTestClient> {
    const socket = tls === undefined ? connect({ port, host }) : connectTls({ port, host, ca: tls.ca, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      socket.once(tls === undefined ? 'connect' : 'secureConnect', () => resolve());
      socket.once('error', reject);
    });
    return new FixTestClient(socket, identity);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Sends a message with a standard header; `header` adds or overrides header fields (34 and 52 included). */
  send(msgType: string, body: readonly Field[] = [], header: { seq?: number; sendingTime?: string; extra?: readonly Field[] } = {}): number {
    const seq = header.seq ?? this.nextSeq;
    if (header.seq === undefined) this.nextSeq += 1;
    const fields: Field[] = [
      [49, this.identity.senderCompId],
      [56, this.identity.targetCompId],
      [34, seq],
      [52, header.sendingTime ?? fixTime()],
      ...(header.extra ?? []),
      ...body,
    ];
    this.socket.write(buildMessage(this.identity.beginString, msgType, fields), 'latin1');
    return seq;
  }

  sendRaw(text: string): void {
    this.socket.write(text, 'latin1');
  }

  logon(heartBtInt = 30, extra: readonly Field[] = [[98, 0]]): number {
    return this.send('A', [...extra.filter(([t]) => t === 98), [108, heartBtInt], ...extra.filter(([t]) => t !== 98)]);
  }

  /**
   * The next message received, or an error after `timeoutMs`. Every message handed to a test is first checked
   * against the standard dictionary of the client's FIX version (fields defined for the message, values in range,
   * required fields there): whatever a test asserts, the gateway must have sent a valid message.
   */
  async next(timeoutMs = 5_000): Promise<ReceivedMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = this.inbox.shift();
      if (message !== undefined) return checkedAgainstDictionary(message, this.identity.beginString);
      if (this.isClosed) throw new Error('connection closed while waiting for a message');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next message, which must be of `msgType` (skipping Heartbeats when `skipHeartbeats`). */
  async expect(msgType: string, timeoutMs = 5_000, skipHeartbeats = true): Promise<ReceivedMessage> {
    for (;;) {
      const message = await this.next(timeoutMs);
      if (skipHeartbeats && msgType !== '0' && message.msgType === '0') continue;
      if (message.msgType !== msgType) throw new Error(`expected 35=${msgType}, got ${message.raw.replace(/\x01/g, '|')}`);
      return message;
    }
  }

  /** Resolves true when the gateway closes the connection within `timeoutMs`. */
  async waitClosed(timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isClosed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.isClosed;
  }

  /** Messages received and not yet read. */
  pending(): readonly ReceivedMessage[] {
    return [...this.inbox];
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
