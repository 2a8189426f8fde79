/**
 * What the session layer needs from the codec and the world, as narrow ports. The codec adapter (on fixspec)
 * implements `SessionCodec`; the acceptor provides the `SessionTransport`; the order path provides the handler.
 */
import type { DurableGate } from '../../order-path';
import type { FixSessionConfig } from './session-config';

/** A received message, read through the codec's view; valid only during the call that hands it over. */
export interface InboundMessage {
  readonly msgType: string;
  readonly beginString: string;
  /** MsgSeqNum(34); undefined when missing or not a number. */
  readonly seq: number | undefined;
  readonly senderCompId: string | undefined;
  readonly targetCompId: string | undefined;
  /** SendingTime(52) in UTC µs; undefined when missing or malformed. */
  readonly sendingTimeUs: bigint | undefined;
  readonly possDup: boolean;
  /** OrigSendingTime(122) in UTC µs. */
  readonly origSendingTimeUs: bigint | undefined;
  getString(tag: number): string | undefined;
  getInt(tag: number): number | undefined;
  /** A copy of the message's bytes (for queuing a message that came early). */
  copyBytes(): Uint8Array;
}

/** The session-level Reject a codec validation produces (35=3 fields). */
export interface SessionReject {
  readonly sessionRejectReason: number;
  readonly refTagId?: number | undefined;
  readonly text: string;
}

export type FieldValue = readonly [tag: number, value: string | number];

export interface EncodeOptions {
  readonly possDup?: boolean;
  readonly origSendingTimeUs?: bigint;
}

export interface SessionCodec {
  /** A whole message of this session's version: standard header (8, 9, 35, 49, 56, 34, 52), body, trailer. */
  encode(msgType: string, seq: number, sendingTimeUs: bigint, body: readonly FieldValue[], options?: EncodeOptions): Uint8Array;
  /** The stored bytes of a sent message, resent: PossDupFlag=Y, OrigSendingTime = their SendingTime, new SendingTime. */
  reencodeForResend(stored: Uint8Array, sendingTimeUs: bigint): Uint8Array;
  /** Dictionary validation of a received message; null when it is valid. */
  validate(message: InboundMessage): SessionReject | null;
  /** Decodes bytes that were queued (copyBytes) back into a message. */
  decode(bytes: Uint8Array): InboundMessage | null;
  /** True when MsgType is defined in the session's dictionary. */
  isKnownMsgType(msgType: string): boolean;
}

export interface SessionTransport {
  /** Writes bytes; false when the connection is gone. */
  write(bytes: Uint8Array): boolean;
  /** Closes the connection after what was written has been flushed. */
  close(reason: string): void;
  readonly remoteAddress: string;
}

/** Why a session ended, for logs, metrics and cancel-on-disconnect. */
export type DisconnectReason = 'logout' | 'connection-lost' | 'protocol-error' | 'heartbeat-timeout' | 'store-failure' | 'operator' | 'schedule';

export interface ApplicationHandler {
  /** An in-sequence application message of a type this session's role takes. */
  onApplicationMessage(session: SessionHandle, message: InboundMessage): void;
  onLogon?(session: SessionHandle): void;
  onDisconnect?(session: SessionHandle, reason: DisconnectReason): void;
}

/** What the application side may do with a session. */
export interface SessionHandle {
  readonly sessionId: string;
  readonly config: FixSessionConfig;
  /** Sends an application message (stored for resends before it leaves). Returns its MsgSeqNum, or null when not logged on. */
  /** `eventSeq`: the gateway event the message reports (stored with it; see SessionStore.lastEventSeq). */
  sendApplication(msgType: string, body: readonly FieldValue[], eventSeq?: number): number | null;
  /**
   * From now on, a message reporting an event (`eventSeq`) is numbered and stored at once but written to the wire
   * only when `gate` says the event is durable, and a resend waits for every event given so far (the store may
   * hold reports the journal has not committed yet). For sinks given events before they are durable.
   */
  holdUntilDurable(gate: DurableGate): void;
  /** Sends a BusinessMessageReject (35=j) for a received application message. */
  sendBusinessReject(refMsgType: string, refSeqNum: number, reason: number, text: string, refId?: string): void;
}
