/**
 * One FIX connection of the load tools, on the project's own codec: frames what arrives (FixFramer), hands each
 * message over as a reused FixMessageView, and numbers and encodes what leaves (FixEncoder). It answers TestRequest
 * and keeps the line alive with Heartbeats; it does no resend, no gap fill and no validation: the load tools
 * measure the gateway, they do not test its session layer.
 */
import type { Socket } from 'node:net';
import { FixEncoder, FixFramer, FixMessageView, MsgType, Tag, type FieldValue } from '../../../fixspec';

export interface FixIdentity {
  readonly beginString: string;
  /** Our CompID: SenderCompID of what we send. */
  readonly senderCompId: string;
  /** The other side's CompID. */
  readonly targetCompId: string;
}

/** Valid only during the call: the view is reused for the next message. */
export type MessageHandler = (view: FixMessageView, msgType: string) => void;

export class FixConnection {
  /** MsgSeqNum of the next message we send. */
  nextSeq = 1;
  /** Messages received and sent, garbled frames skipped. */
  received = 0;
  sent = 0;
  garbled = 0;
  private encoder: FixEncoder;
  private readonly framer = new FixFramer();
  private readonly view = new FixMessageView();
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private lastSentMs = 0;
  private closedResolve: () => void = () => undefined;
  /** Resolves when the socket has closed, for any reason. */
  readonly closed: Promise<void>;

  constructor(
    private readonly socket: Socket,
    private identity: FixIdentity,
    private readonly onMessage: MessageHandler,
  ) {
    this.encoder = new FixEncoder(identity.beginString, identity.senderCompId, identity.targetCompId);
    this.closed = new Promise((resolve) => (this.closedResolve = resolve));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.framer.push(chunk, (event) => (event.kind === 'message' ? this.dispatch(event.buffer, event.start, event.end) : (this.garbled += 1))));
    socket.on('error', () => undefined); // 'close' follows; the caller sees it through `closed`
    socket.on('close', () => {
      this.stopHeartbeats();
      this.closedResolve();
    });
  }

  /** An acceptor learns who the other side is from its Logon: what we send from then on carries these CompIDs. */
  bind(identity: FixIdentity): void {
    this.identity = identity;
    this.encoder = new FixEncoder(identity.beginString, identity.senderCompId, identity.targetCompId);
  }

  get compIds(): FixIdentity {
    return this.identity;
  }

  get isOpen(): boolean {
    return !this.socket.destroyed;
  }

  send(msgType: string, body: readonly FieldValue[]): number {
    const seq = this.nextSeq;
    this.nextSeq += 1;
    this.lastSentMs = Date.now();
    this.socket.write(this.encoder.encode(msgType, seq, BigInt(this.lastSentMs) * 1000n, body));
    this.sent += 1;
    return seq;
  }

  /** Holds writes until the matching uncork: one TCP segment for a burst of orders instead of one per order. */
  cork(): void {
    this.socket.cork();
  }

  uncork(): void {
    this.socket.uncork();
  }

  /** Sends a Heartbeat whenever nothing else went out for heartBtIntSec. */
  startHeartbeats(heartBtIntSec: number): void {
    this.stopHeartbeats();
    const everyMs = heartBtIntSec * 1000;
    this.heartbeatTimer = setInterval(() => {
      if (Date.now() - this.lastSentMs >= everyMs - 250) this.send(MsgType.Heartbeat, []);
    }, Math.max(250, everyMs / 4));
    this.heartbeatTimer.unref();
  }

  close(): void {
    this.stopHeartbeats();
    this.socket.end();
  }

  destroy(): void {
    this.stopHeartbeats();
    this.socket.destroy();
  }

  private stopHeartbeats(): void {
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private dispatch(bytes: Uint8Array, start: number, end: number): void {
    if (this.view.parse(bytes, start, end) !== null) {
      this.garbled += 1;
      return;
    }
    this.received += 1;
    const msgType = this.view.getString(Tag.MsgType) ?? '';
    if (msgType === MsgType.TestRequest) this.send(MsgType.Heartbeat, [[Tag.TestReqID, this.view.getString(Tag.TestReqID) ?? '']]);
    this.onMessage(this.view, msgType);
  }
}
