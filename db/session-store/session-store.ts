/**
 * The FIX session store port: what the session layer needs to resume after a crash. One implementation keeps it in
 * Postgres (`store: database`), one in memory (`store: memory`); both pass the same test suite.
 */
export interface SessionSequences {
  readonly epoch: number;
  /** MsgSeqNum of the next message we send. */
  readonly nextSenderSeq: number;
  /** MsgSeqNum we expect next from the counterparty. */
  readonly nextTargetSeq: number;
  /** When the current epoch began (UTC ms): a session schedule resets sequences when its start is later. */
  readonly epochStartedAtMs: number;
}

export interface OutboundMessage {
  readonly seq: number;
  readonly msgType: string;
  readonly sendingTimeUs: bigint;
  /** The bytes as sent; null for admin messages, which are counted but never replayed (they are gap-filled). */
  readonly body: Uint8Array | null;
  /** The gateway event seq the message reports (ExecutionReports and drop copies); absent for other messages. */
  readonly eventSeq?: number | undefined;
}

export interface StoredMessage {
  readonly seq: number;
  readonly msgType: string;
  readonly sendingTimeUs: bigint;
  readonly body: Uint8Array;
}

export interface SessionStore {
  /** The session's sequences, created at 1/1 in epoch 1 the first time the session is seen. */
  load(sessionId: string): Promise<SessionSequences>;
  /**
   * Records messages about to be sent (in seq order, contiguous from nextSenderSeq) and moves nextSenderSeq past
   * the last; durable when the promise resolves, so the caller writes the bytes only then. `nextTargetSeq`: the
   * inbound messages processed so far, stored in the same transaction (never moved backwards), so that what an
   * answer was sent for is never asked for again after a crash.
   */
  recordOutbound(sessionId: string, messages: readonly OutboundMessage[], nextTargetSeq?: number): Promise<void>;
  /**
   * The highest gateway event seq among the messages stored for the session (any epoch), or the journal's last event
   * when the session was enrolled if that is higher; 0 for a session not known. Messages are stored in event order,
   * so every event up to it has been stored (or was before the session's time); the restart regenerates the later
   * ones.
   */
  lastEventSeq(sessionId: string): Promise<number>;
  /**
   * At start, before any Logon: records a session seen for the first time with lastEventSeq = `journaledEventSeq`
   * (the journal's last event: the session reports only the events after it); a known session is left as it is.
   * Without it, a session that had not yet stored any report when the process was killed could not tell the events
   * it missed (all those after its start) from the history before it was configured (none of its business).
   */
  enrol(sessionId: string, journaledEventSeq: number): Promise<void>;
  /**
   * At start, once the reports a crash left only in the journal are stored again: every event up to `eventSeq` has
   * been looked at for the session (stored, or not its own), so lastEventSeq moves up to it (never down). Without it,
   * a session with no report for longer than the events the restart keeps was told at every restart that events it
   * may have missed were too old to report again.
   */
  advanceEventSeq(sessionId: string, eventSeq: number): Promise<void>;
  /**
   * After a crash, before any Logon: a session stores its reports while the journal commits their events and sends
   * them only once both have committed, so the store may hold reports of events the journal never committed. Deletes
   * the stored messages reporting events after `lastJournaledEventSeq` (never sent; a resend gap-fills their numbers,
   * which stay used) and lowers lastEventSeq to it. Returns how many were deleted.
   */
  dropReportsBeyond(sessionId: string, lastJournaledEventSeq: number): Promise<number>;
  /** Records that every inbound message below `nextTargetSeq` has been processed. */
  recordInbound(sessionId: string, nextTargetSeq: number): Promise<void>;
  /** The stored application messages with seq in [fromSeq, toSeq] of the current epoch, in order (toSeq 0 = no end). */
  outboundRange(sessionId: string, fromSeq: number, toSeq: number): Promise<readonly StoredMessage[]>;
  /** Sequence reset (ResetSeqNumFlag, schedule, operator): a new epoch at 1/1, or at the sequences given. */
  reset(sessionId: string, next?: { readonly nextSenderSeq: number; readonly nextTargetSeq: number }): Promise<SessionSequences>;
  /** Operator's SequenceReset of one direction, without a new epoch. */
  setSequences(sessionId: string, next: Partial<Pick<SessionSequences, 'nextSenderSeq' | 'nextTargetSeq'>>): Promise<SessionSequences>;
}
