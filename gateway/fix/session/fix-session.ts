import type { SessionSequences } from '../../../db';
import type { DurableGate } from '../../order-path';
import {
  AdminMsgType as M,
  BusinessRejectReason,
  businessRejectBody,
  heartbeatBody,
  logonBody,
  RejectReason,
  rejectBody,
  sessionRejectReasonFor,
  resendRequestBody,
  ROLE_MSG_TYPES,
  SessionTag as T,
  textBody,
} from './admin-messages';
import { inboundProblem } from './inbound-check';
import { EarlyMessages } from './early-messages';
import { applVerIdOf, serveResend, textOf } from './resend';
import { InboundSequenceWriter } from './inbound-sequence-writer';
import { admitLogon } from './logon-admission';
import { OfflineOutbox } from './offline-outbox';
import { OutboundSequencer } from './outbound-sequencer';
import { type FixSessionConfig, sessionIdOf } from './session-config';
import type { FixSessionDeps } from './session-deps';
import type { DisconnectReason, FieldValue, InboundMessage, SessionHandle, SessionTransport } from './session-ports';
import { isLoggedOn, SessionState } from './session-state';
import { SessionTimers } from './session-timers';

const FIX42 = 'FIX.4.2';

/**
 * One configured FIX session (acceptor side): logon, sequence numbers, heartbeats, resend, logout. It never sees
 * an order: in-sequence application messages go to the ApplicationHandler. It outlives connections: a client
 * that reconnects finds its sequence numbers here (and in the store).
 */
export class FixSession implements SessionHandle {
  readonly sessionId: string;
  readonly config: FixSessionConfig;
  private state = SessionState.Disconnected;
  private transport: SessionTransport | null = null;
  private sequencer: OutboundSequencer | null = null;
  /** Set by holdUntilDurable (before the first sequencer is made): reports wait for their events to be durable. */
  private durable: DurableGate | null = null;
  private nextTargetSeq = 1;
  /** Messages that came too early, and how far a recovery must reach. */
  private readonly early = new EarlyMessages();
  private readonly timers: SessionTimers;
  private readonly inbound: InboundSequenceWriter;
  private logonInProgress = false;
  private readonly offline: OfflineOutbox;

  constructor(private readonly deps: FixSessionDeps) {
    this.config = deps.config;
    this.sessionId = sessionIdOf(deps.config);
    this.inbound = new InboundSequenceWriter(deps.store, this.sessionId, deps.logger);
    this.timers = new SessionTimers(deps.nowUs, {
      sendHeartbeat: () => this.sendAdmin(M.Heartbeat, []),
      sendTestRequest: (id) => this.sendAdmin(M.TestRequest, [[T.TestReqID, id]]),
      heartbeatTimeout: () => this.logoutAndDisconnect('no answer to TestRequest within HeartBtInt', 'heartbeat-timeout'),
      logoutTimeout: () => this.disconnect('no Logout reply within the logout timeout', 'logout'),
      scheduleEnded: () => this.logout('end of the session schedule', 'schedule'),
    }, deps.config);
    this.offline = new OfflineOutbox({
      sessionId: this.sessionId,
      store: deps.store,
      logger: deps.logger,
      sequencer: () => this.sequencer,
      adopt: (nextSenderSeq) => (this.sequencer = this.newSequencer(nextSenderSeq, () => false)),
      storeOnly: (sequencer, m) => sequencer.send(m.msgType, true, m.nowUs, (s, t) => this.deps.codec.encode(m.msgType, s, t, m.body), false, m.eventSeq),
    });
  }

  get currentState(): SessionState {
    return this.state;
  }

  /** After an operator changed the stored sequence numbers: the next Logon reads them from the store. */
  forgetSequences(): void {
    if (this.state === SessionState.Disconnected) this.sequencer = null;
  }

  /** Sequence numbers as they stand now (for operators and tests); nextSenderSeq is null before the first Logon. */
  sequences(): { readonly nextSenderSeq: number | null; readonly nextTargetSeq: number } {
    return { nextSenderSeq: this.sequencer?.nextSenderSeq ?? null, nextTargetSeq: this.nextTargetSeq };
  }

  /**
   * The first message of a connection, a Logon addressed to this session. Resolves true when the session is now
   * logged on; on false the connection has been answered (Logout with the reason) or simply closed.
   */
  async logon(transport: SessionTransport, logon: InboundMessage): Promise<boolean> {
    const log = { sessionId: this.sessionId, remote: transport.remoteAddress };
    if (isLoggedOn(this.state) || this.state === SessionState.LogoutSent || this.logonInProgress) {
      this.deps.logger.warn('second Logon for a session that is already active: connection refused', log);
      transport.close('session already active');
      return false;
    }
    this.logonInProgress = true;
    try {
      // Messages stored while offline must be in the store before its numbers are read.
      await this.offline.settled();
      await this.sequencer?.drained();
      const verdict = await admitLogon(this.deps, this.sessionId, transport, logon, this.deps.nowUs());
      if (verdict === null) return false;
      const { seq, sequences } = verdict;
      const nextExpected = verdict.nextExpectedMsgSeqNum;
      this.attach(transport, sequences);
      this.nextTargetSeq = seq === sequences.nextTargetSeq ? seq + 1 : sequences.nextTargetSeq;
      this.moveTo(SessionState.Active);
      this.deps.metrics.messageIn(this.sessionId, M.Logon);
      this.sendAdmin(
        M.Logon,
        logonBody(verdict.heartBtIntSec, {
          resetSeqNum: verdict.resetRequested,
          nextExpectedMsgSeqNum: nextExpected === undefined ? undefined : this.nextTargetSeq,
          defaultApplVerId: this.config.beginString === 'FIXT.1.1' ? applVerIdOf(this.config.defaultApplVerId) : undefined,
        }),
      );
      if (nextExpected !== undefined && nextExpected < sequences.nextSenderSeq) this.serveResend(nextExpected, sequences.nextSenderSeq - 1);
      if (seq > this.nextTargetSeq - 1 && seq !== sequences.nextTargetSeq) this.startRecovery(seq);
      this.persistInbound();
      this.timers.start(verdict.heartBtIntSec);
      this.deps.logger.info('logged on', { ...log, heartBtIntSec: verdict.heartBtIntSec, nextSenderSeq: this.sequencer?.nextSenderSeq, nextTargetSeq: this.nextTargetSeq });
      this.deps.application.onLogon?.(this);
      return true;
    } catch (e: unknown) {
      this.deps.logger.error('logon failed: session store unavailable', { ...log, error: e instanceof Error ? e.message : String(e) });
      transport.close('store unavailable');
      return false;
    } finally {
      this.logonInProgress = false;
      // What the handshake held goes out now (or is stored, when the Logon failed).
      for (const m of this.offline.takeHeld()) this.sendApplication(m.msgType, m.body, m.eventSeq);
    }
  }

  /** Every later message of the logged-on connection, in arrival order. */
  onMessage(message: InboundMessage): void {
    if (this.state === SessionState.Disconnected) return;
    this.timers.received();
    this.deps.metrics.messageIn(this.sessionId, message.msgType);
    if (message.beginString !== this.config.beginString) {
      this.logoutAndDisconnect(`BeginString ${message.beginString} does not match the session's ${this.config.beginString}`, 'protocol-error');
      return;
    }
    if (message.senderCompId !== this.config.targetCompId || message.targetCompId !== this.config.senderCompId) {
      const refTag = message.senderCompId !== this.config.targetCompId ? T.SenderCompID : T.TargetCompID;
      this.sendReject(message, RejectReason.CompIdProblem, refTag, 'CompID problem');
      this.logoutAndDisconnect('CompID problem', 'protocol-error');
      return;
    }
    const seq = message.seq;
    if (seq === undefined) {
      this.logoutAndDisconnect('MsgSeqNum(34) missing', 'protocol-error');
      return;
    }
    if (message.msgType === M.SequenceReset && message.getString(T.GapFillFlag) !== 'Y') {
      this.sequenceResetReset(message);
      return;
    }
    if (seq > this.nextTargetSeq) {
      this.messageTooHigh(message, seq);
      return;
    }
    if (seq < this.nextTargetSeq) {
      this.messageTooLow(message, seq);
      return;
    }
    this.inSequence(message, seq);
    this.drainEarly();
  }

  /** The connection closed under us (or was closed by us). */
  onTransportClosed(): void {
    if (this.state === SessionState.Disconnected) return;
    this.disconnect('connection closed', 'connection-lost');
  }

  /**
   * Sends an application message and returns its MsgSeqNum. When the session is not logged on the message is not
   * lost: OfflineOutbox stores it for the client's next Logon. Null while its number is not known yet (during a
   * Logon, or while an offline session's numbers are read from the store).
   */
  sendApplication(msgType: string, body: readonly FieldValue[], eventSeq?: number): number | null {
    if (isLoggedOn(this.state) && this.sequencer !== null) {
      const seq = this.sequencer.send(msgType, true, this.deps.nowUs(), (s, t) => this.deps.codec.encode(msgType, s, t, body), true, eventSeq);
      this.sent(msgType);
      return seq;
    }
    const message = { msgType, body, nowUs: this.deps.nowUs(), eventSeq };
    if (this.logonInProgress) {
      this.offline.hold(message);
      return null;
    }
    return this.offline.store(message);
  }

  holdUntilDurable(gate: DurableGate): void {
    // A sequencer keeps the gate it was made with: one made before would send reports without waiting.
    if (this.sequencer !== null) throw new Error(`holdUntilDurable on session ${this.sessionId} after its first message: call it when wiring the session`);
    this.durable = gate;
  }

  sendBusinessReject(refMsgType: string, refSeqNum: number, reason: number, text: string, refId?: string): void {
    this.sendAdmin(M.BusinessMessageReject, businessRejectBody(refSeqNum, refMsgType, reason, text, refId), true);
  }

  /** Starts the Logout handshake (operator, schedule, shutdown). */
  logout(text: string, reason: DisconnectReason = 'operator'): void {
    if (!isLoggedOn(this.state)) return;
    this.sendAdmin(M.Logout, textBody(text));
    this.moveTo(SessionState.LogoutSent);
    this.timers.logoutSent();
    this.deps.logger.info('logout sent', { sessionId: this.sessionId, text, reason });
  }

  /** Resolves when everything queued for the wire has been written. */
  async drained(): Promise<void> {
    await this.offline.settled();
    await this.sequencer?.drained();
    await this.inbound.drained();
  }

  // ---- inbound, by sequence ----

  private inSequence(message: InboundMessage, seq: number): void {
    const problem = inboundProblem(message, this.deps.nowUs(), this.config.maxLatencySec, this.deps.codec);
    if (problem !== null) {
      this.nextTargetSeq = seq + 1;
      this.sendReject(message, problem.reason, problem.refTagId, problem.text);
      if (problem.fatal) this.logoutAndDisconnect(problem.text, 'protocol-error');
      if (problem.recorded) this.persistInbound();
      return;
    }
    if (message.msgType === M.SequenceReset) {
      this.gapFill(message, seq);
    } else {
      this.nextTargetSeq = seq + 1;
      this.dispatch(message, seq);
    }
    this.persistInbound();
  }

  private dispatch(message: InboundMessage, seq: number): void {
    switch (message.msgType) {
      case M.Heartbeat:
        this.timers.heartbeatReceived(message.getString(T.TestReqID));
        return;
      case M.TestRequest:
        this.sendAdmin(M.Heartbeat, heartbeatBody(message.getString(T.TestReqID)));
        return;
      case M.ResendRequest:
        this.resendRequested(message);
        return;
      case M.Reject:
        this.deps.logger.warn('counterparty rejected a message', { sessionId: this.sessionId, refSeqNum: message.getInt(T.RefSeqNum), text: message.getString(T.Text) });
        return;
      case M.Logout:
        if (this.state !== SessionState.LogoutSent) this.sendAdmin(M.Logout, textBody('logout acknowledged'));
        this.disconnect(`Logout received${textOf(message)}`, 'logout');
        return;
      case M.Logon:
        this.logoutAndDisconnect('Logon received on a session already logged on', 'protocol-error');
        return;
      default:
        this.applicationMessage(message, seq);
    }
  }

  private applicationMessage(message: InboundMessage, seq: number): void {
    if (!this.deps.codec.isKnownMsgType(message.msgType)) {
      this.sendReject(message, RejectReason.InvalidMsgType, T.MsgType, `invalid MsgType ${message.msgType}`);
      return;
    }
    if (!ROLE_MSG_TYPES[this.config.role].has(message.msgType)) {
      this.sendBusinessReject(message.msgType, seq, BusinessRejectReason.UnsupportedMessageType, `MsgType ${message.msgType} is not taken on a ${this.config.role} session`);
      return;
    }
    if (this.state === SessionState.LogoutSent) return;
    this.deps.application.onApplicationMessage(this, message);
  }

  private messageTooHigh(message: InboundMessage, seq: number): void {
    if (message.msgType === M.Logout) {
      this.sendAdmin(M.Logout, textBody('logout acknowledged'));
      this.disconnect(`Logout received${textOf(message)}`, 'logout');
      return;
    }
    if (message.msgType === M.ResendRequest) {
      // Serve the counterparty's resend at once, or two sides waiting for each other would deadlock.
      this.resendRequested(message);
    }
    if (this.early.full) {
      this.logoutAndDisconnect(`more than ${this.early.limit} messages out of sequence`, 'protocol-error');
      return;
    }
    if (message.msgType !== M.ResendRequest) this.early.keep(seq, message.copyBytes());
    if (this.state !== SessionState.Recovering) this.startRecovery(seq);
  }

  private messageTooLow(message: InboundMessage, seq: number): void {
    if (!message.possDup) {
      this.logoutAndDisconnect(`MsgSeqNum too low, expecting ${this.nextTargetSeq} but received ${seq}`, 'protocol-error');
      return;
    }
    const orig = message.origSendingTimeUs;
    if (orig === undefined) {
      this.sendReject(message, RejectReason.RequiredTagMissing, T.OrigSendingTime, 'OrigSendingTime(122) required with PossDupFlag=Y');
      return;
    }
    if (message.sendingTimeUs !== undefined && orig > message.sendingTimeUs) {
      this.sendReject(message, RejectReason.SendingTimeAccuracyProblem, T.OrigSendingTime, 'OrigSendingTime(122) later than SendingTime(52)');
      this.logoutAndDisconnect('SendingTime accuracy problem', 'protocol-error');
    }
    // A possible duplicate we already processed: ignored, as FIX prescribes.
  }

  private startRecovery(seenSeq: number): void {
    this.early.recoverTo(seenSeq);
    this.moveTo(SessionState.Recovering);
    this.sendAdmin(M.ResendRequest, resendRequestBody(this.nextTargetSeq, 0));
  }

  private drainEarly(): void {
    for (let bytes = this.early.take(this.nextTargetSeq); bytes !== undefined && isLoggedOn(this.state); bytes = this.early.take(this.nextTargetSeq)) {
      const message = this.deps.codec.decode(bytes);
      if (message === null) break;
      this.inSequence(message, this.nextTargetSeq);
    }
    if (this.early.settle(this.nextTargetSeq) && this.state === SessionState.Recovering) this.moveTo(SessionState.Active);
  }

  private gapFill(message: InboundMessage, seq: number): void {
    const newSeqNo = message.getInt(T.NewSeqNo);
    if (newSeqNo === undefined || newSeqNo <= seq) {
      this.nextTargetSeq = seq + 1;
      this.sendReject(message, RejectReason.ValueIncorrect, T.NewSeqNo, `attempt to lower or keep the sequence number: NewSeqNo ${newSeqNo ?? 'missing'} at MsgSeqNum ${seq}`);
      return;
    }
    this.nextTargetSeq = newSeqNo;
  }

  private sequenceResetReset(message: InboundMessage): void {
    const newSeqNo = message.getInt(T.NewSeqNo);
    if (newSeqNo === undefined || newSeqNo < this.nextTargetSeq) {
      this.sendReject(message, RejectReason.ValueIncorrect, T.NewSeqNo, `SequenceReset may not lower the sequence number: NewSeqNo ${newSeqNo ?? 'missing'}, expecting ${this.nextTargetSeq}`);
      return;
    }
    if (newSeqNo === this.nextTargetSeq) this.deps.logger.warn('SequenceReset to the expected sequence number', { sessionId: this.sessionId, newSeqNo });
    this.nextTargetSeq = newSeqNo;
    this.persistInbound();
    this.drainEarly();
  }

  // ---- resend ----

  private resendRequested(message: InboundMessage): void {
    const begin = message.getInt(T.BeginSeqNo);
    const end = message.getInt(T.EndSeqNo);
    if (begin === undefined || end === undefined || begin < 1) {
      this.sendReject(message, RejectReason.ValueIncorrect, T.BeginSeqNo, 'ResendRequest needs BeginSeqNo >= 1 and EndSeqNo');
      return;
    }
    const last = (this.sequencer?.nextSenderSeq ?? 1) - 1;
    const infinite = end === 0 || (this.config.beginString === FIX42 && end === 999_999);
    this.serveResend(begin, infinite || end > last ? last : end);
  }

  private serveResend(begin: number, end: number): void {
    if (this.sequencer !== null) serveResend(this.deps, this.sessionId, this.sequencer, begin, end);
  }

  // ---- outbound ----

  private sendAdmin(msgType: string, body: readonly FieldValue[], store = false): void {
    const sequencer = this.sequencer;
    if (sequencer === null) return;
    sequencer.send(msgType, store, this.deps.nowUs(), (s, t) => this.deps.codec.encode(msgType, s, t, body));
    this.sent(msgType);
  }

  private sent(msgType: string): void {
    this.timers.sent();
    this.deps.metrics.messageOut(this.sessionId, msgType);
  }

  private sendReject(message: InboundMessage, reason: number, refTagId: number | undefined, text: string): void {
    this.deps.metrics.rejectSent(this.sessionId, reason);
    this.deps.logger.warn('session-level reject', { sessionId: this.sessionId, refSeqNum: message.seq, msgType: message.msgType, reason, refTagId, text });
    this.sendAdmin(M.Reject, rejectBody(message.seq ?? 0, message.msgType, sessionRejectReasonFor(reason, this.config.beginString), refTagId, text));
  }

  private logoutAndDisconnect(text: string, reason: DisconnectReason): void {
    if (isLoggedOn(this.state)) this.sendAdmin(M.Logout, textBody(text));
    this.disconnect(text, reason);
  }

  private disconnect(text: string, reason: DisconnectReason): void {
    if (this.state === SessionState.Disconnected) return;
    const transport = this.transport;
    const sequencer = this.sequencer;
    this.moveTo(SessionState.Disconnected);
    this.timers.stop();
    this.transport = null;
    this.early.clear();
    this.persistInbound();
    this.deps.logger.info('disconnected', { sessionId: this.sessionId, reason, text });
    void (sequencer?.drained() ?? Promise.resolve()).then(() => transport?.close(text));
    this.deps.application.onDisconnect?.(this, reason);
  }

  private attach(transport: SessionTransport, sequences: SessionSequences): void {
    this.transport = transport;
    const write = (bytes: Uint8Array): boolean => transport.write(bytes);
    if (this.sequencer === null) {
      this.sequencer = this.newSequencer(sequences.nextSenderSeq, write);
    } else {
      this.sequencer.attach(write, sequences.nextSenderSeq);
    }
    this.nextTargetSeq = sequences.nextTargetSeq;
  }

  private newSequencer(nextSenderSeq: number, write: (bytes: Uint8Array) => boolean): OutboundSequencer {
    return new OutboundSequencer(this.sessionId, this.deps.store, nextSenderSeq, write, (e) => this.storeFailed(e), () => this.nextTargetSeq, this.durable);
  }

  private storeFailed(e: unknown): void {
    this.deps.logger.error('session store write failed: disconnecting rather than sending unstored messages', { sessionId: this.sessionId, error: e instanceof Error ? e.message : String(e) });
    const transport = this.transport;
    this.disconnect('session store unavailable', 'store-failure');
    transport?.close('session store unavailable');
    // Its numbers ran ahead of the store: the next message or Logon reads them from the store again.
    if (this.state === SessionState.Disconnected) this.sequencer = null;
  }

  private persistInbound(): void {
    this.inbound.record(this.nextTargetSeq);
  }

  private moveTo(state: SessionState): void {
    this.state = state;
    this.deps.metrics.stateChanged(this.sessionId, state);
  }
}
