import type { SessionStore } from '../../../db';
import type { OutboundSequencer } from './outbound-sequencer';
import type { SessionLogger } from './session-deps';
import type { FieldValue } from './session-ports';

/** An application message waiting for its MsgSeqNum. */
export interface WaitingMessage {
  readonly msgType: string;
  readonly body: readonly FieldValue[];
  readonly nowUs: bigint;
  /** The gateway event it reports (see SessionStore.lastEventSeq). */
  readonly eventSeq: number | undefined;
}

export interface OfflineOutboxDeps {
  readonly sessionId: string;
  readonly store: SessionStore;
  readonly logger: SessionLogger;
  /** The session's sequencer, when it has one. */
  sequencer(): OutboundSequencer | null;
  /** Gives the session a sequencer that continues at `nextSenderSeq` and writes nowhere; returns it. */
  adopt(nextSenderSeq: number): OutboundSequencer;
  /** Stores a message under its MsgSeqNum without writing it; returns the number. */
  storeOnly(sequencer: OutboundSequencer, message: WaitingMessage): number;
}

/**
 * The application messages of a session that is not logged on (FIX: messages queued while disconnected). They are
 * not lost: each is stored under the session's next MsgSeqNum without being written, so the client's next Logon
 * shows a gap and its ResendRequest brings them with PossDupFlag(43)=Y. Messages made during a Logon handshake are
 * held and go out right after it (see FixSession.logon). A session with no sequencer yet in this process (no Logon
 * since the start) first reads its numbers from the store.
 */
export class OfflineOutbox {
  private held: WaitingMessage[] = [];
  private waiting: WaitingMessage[] = [];
  private starting: Promise<void> | null = null;

  constructor(private readonly deps: OfflineOutboxDeps) {}

  /** A message made during a Logon handshake. */
  hold(message: WaitingMessage): void {
    this.held.push(message);
  }

  /** The messages held during the last Logon handshake, in order; none are held afterwards. */
  takeHeld(): readonly WaitingMessage[] {
    const held = this.held;
    this.held = [];
    return held;
  }

  /** Stores a message for the offline session; its MsgSeqNum, or null while the numbers are being read. */
  store(message: WaitingMessage): number | null {
    const sequencer = this.deps.sequencer();
    if (sequencer !== null && this.starting === null) return this.deps.storeOnly(sequencer, message);
    this.waiting.push(message);
    this.starting ??= this.start();
    return null;
  }

  /** Resolves when the messages given so far have their MsgSeqNums (a Logon reads the numbers after that). */
  async settled(): Promise<void> {
    await this.starting;
  }

  private async start(): Promise<void> {
    try {
      const sequences = await this.deps.store.load(this.deps.sessionId);
      if (this.deps.sequencer() === null) this.deps.adopt(sequences.nextSenderSeq);
    } catch (e: unknown) {
      this.deps.logger.error('messages for an offline session could not be stored: session store unavailable', { sessionId: this.deps.sessionId, lost: this.waiting.length, error: e instanceof Error ? e.message : String(e) });
      this.waiting = [];
    } finally {
      const waiting = this.waiting;
      this.waiting = [];
      this.starting = null;
      for (const message of waiting) this.store(message);
    }
  }
}
