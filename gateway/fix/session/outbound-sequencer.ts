import type { OutboundMessage, SessionStore } from '../../../db';
import type { DurableGate } from '../../order-path';

/** Writes bytes to the connection; false when it is gone. */
export type WireWriter = (bytes: Uint8Array) => boolean;

/** Encodes one message with the sequence number and SendingTime it was given. */
export type MessageEncoder = (seq: number, sendingTimeUs: bigint) => Uint8Array;

interface NewMessage {
  readonly kind: 'new';
  readonly seq: number;
  readonly msgType: string;
  readonly sendingTimeUs: bigint;
  readonly bytes: Uint8Array;
  readonly stored: boolean;
  /** False for a message produced while the session is offline: stored for the client's ResendRequest, not written. */
  readonly wire: boolean;
  readonly eventSeq: number | undefined;
}

/** Bytes that already have their sequence numbers (a resend) and are produced later, in order. */
interface Replay {
  readonly kind: 'replay';
  readonly produce: () => Promise<readonly Uint8Array[]>;
}

type Item = NewMessage | Replay;

/**
 * Gives outbound messages their MsgSeqNum and sends them in that order, each only after the store holds it
 * (application bytes are kept for resends; admin messages are counted) and, with a DurableGate, a report only
 * after its event is durable too: the store's write and the journal's commit run at the same time, and whatever
 * follows a held report waits behind it. Messages queued while a write to the store is in flight go to the store
 * together, in one transaction: group commit for the session store.
 */
export class OutboundSequencer {
  private nextSeq: number;
  private queue: Item[] = [];
  private flushing = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(
    private readonly sessionId: string,
    private readonly store: SessionStore,
    nextSenderSeq: number,
    private write: WireWriter,
    private readonly onError: (e: unknown) => void,
    /** The inbound messages processed so far (next expected MsgSeqNum), stored with each batch. */
    private readonly inboundProcessed: () => number = () => 0,
    /** Null: messages are written once stored. Otherwise a report is written once its event is durable too. */
    private readonly durable: DurableGate | null = null,
  ) {
    this.nextSeq = nextSenderSeq;
  }

  /** The MsgSeqNum the next message will get. */
  get nextSenderSeq(): number {
    return this.nextSeq;
  }

  /** Points the sequencer at a new connection (and, after a reset, a new sequence). */
  attach(write: WireWriter, nextSenderSeq: number): void {
    this.write = write;
    this.nextSeq = nextSenderSeq;
    this.queue = [];
  }

  /**
   * Sends a new message. `store`: keep the bytes for resends (application messages). `wire`: false to only store it
   * (the session is offline; the client gets it by ResendRequest after its next Logon). Returns its MsgSeqNum.
   */
  send(msgType: string, store: boolean, nowUs: bigint, encode: MessageEncoder, wire = true, eventSeq?: number): number {
    const seq = this.nextSeq;
    this.nextSeq += 1;
    this.queue.push({ kind: 'new', seq, msgType, sendingTimeUs: nowUs, bytes: encode(seq, nowUs), stored: store, wire, eventSeq });
    this.kick();
    return seq;
  }

  /** Sends bytes produced later that keep their own sequence numbers (a resend), in order with everything else. */
  replay(produce: () => Promise<readonly Uint8Array[]>): void {
    this.queue.push({ kind: 'replay', produce });
    this.kick();
  }

  /** Resolves when everything queued so far has been written. */
  drained(): Promise<void> {
    return this.flushing || this.queue.length > 0 ? this.idle : Promise.resolve();
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    void this.flush();
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const head = this.queue[0];
        if (head === undefined) break;
        if (head.kind === 'replay') {
          this.queue.shift();
          // The store may hold reports of events not yet durable (stored while the journal commits): not resent before.
          const wait = this.durable?.until(this.durable.lastEventSeq) ?? null;
          if (wait !== null) await wait;
          for (const bytes of await head.produce()) this.write(bytes);
          continue;
        }
        const batch: NewMessage[] = [];
        for (let item = this.queue[0]; item !== undefined && item.kind === 'new'; item = this.queue[0]) {
          this.queue.shift();
          batch.push(item);
        }
        const records: OutboundMessage[] = batch.map((m) => ({ seq: m.seq, msgType: m.msgType, sendingTimeUs: m.sendingTimeUs, body: m.stored ? m.bytes : null, eventSeq: m.eventSeq }));
        await this.store.recordOutbound(this.sessionId, records, this.inboundProcessed());
        for (const m of batch) {
          const wait = m.eventSeq === undefined ? null : (this.durable?.until(m.eventSeq) ?? null);
          if (wait !== null) await wait;
          if (m.wire) this.write(m.bytes);
        }
      }
    } catch (e: unknown) {
      this.queue = [];
      this.onError(e);
    } finally {
      this.flushing = false;
      this.markIdle();
    }
  }
}
