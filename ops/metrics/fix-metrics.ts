import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { DATABASE_WAIT_SECONDS_BUCKETS } from './buckets';

/** The states a session can be in, as the session layer names them. */
const SESSION_STATES = ['disconnected', 'active', 'recovering', 'logout-sent'] as const;

/** FIX session metrics: messages in and out by MsgType, resends, rejects, session states. */
export class FixMetrics {
  private readonly messagesIn: Counter<'session' | 'msg_type'>;
  private readonly messagesOut: Counter<'session' | 'msg_type'>;
  private readonly resends: Counter<'session'>;
  private readonly resentMessages: Counter<'session'>;
  private readonly rejects: Counter<'session' | 'reason'>;
  private readonly states: Gauge<'session' | 'state'>;
  private readonly garbled: Counter;
  private readonly storeWrites: Histogram;

  constructor(registry: Registry) {
    const registers = [registry];
    this.messagesIn = new Counter({ name: 'gw_fix_messages_in_total', help: 'FIX messages received, by session and MsgType', labelNames: ['session', 'msg_type'], registers });
    this.messagesOut = new Counter({ name: 'gw_fix_messages_out_total', help: 'FIX messages sent, by session and MsgType', labelNames: ['session', 'msg_type'], registers });
    this.resends = new Counter({ name: 'gw_fix_resend_requests_served_total', help: 'ResendRequests served', labelNames: ['session'], registers });
    this.resentMessages = new Counter({ name: 'gw_fix_resent_messages_total', help: 'Messages sent in answer to ResendRequests (replays and gap fills)', labelNames: ['session'], registers });
    this.rejects = new Counter({ name: 'gw_fix_session_rejects_total', help: 'Session-level Rejects (35=3) sent, by SessionRejectReason', labelNames: ['session', 'reason'], registers });
    this.states = new Gauge({ name: 'gw_fix_session_state', help: '1 for the state each session is in', labelNames: ['session', 'state'], registers });
    this.garbled = new Counter({ name: 'gw_fix_garbled_messages_total', help: 'Garbled messages ignored (bad checksum, body length, framing)', registers });
    this.storeWrites = new Histogram({
      name: 'gw_fix_store_write_seconds',
      help: 'Time to store (and commit) the outbound messages of the sessions writing at one moment, one statement; each message is sent after it',
      buckets: [...DATABASE_WAIT_SECONDS_BUCKETS],
      registers,
    });
  }

  /** One statement of the database session store committed after `commitMs`. */
  storeWrite(commitMs: number): void {
    this.storeWrites.observe(commitMs / 1000);
  }

  messageIn(sessionId: string, msgType: string): void {
    this.messagesIn.inc({ session: sessionId, msg_type: msgType });
  }

  messageOut(sessionId: string, msgType: string): void {
    this.messagesOut.inc({ session: sessionId, msg_type: msgType });
  }

  resendServed(sessionId: string, messages: number): void {
    this.resends.inc({ session: sessionId });
    this.resentMessages.inc({ session: sessionId }, messages);
  }

  rejectSent(sessionId: string, reason: number): void {
    this.rejects.inc({ session: sessionId, reason: String(reason) });
  }

  stateChanged(sessionId: string, state: string): void {
    for (const s of SESSION_STATES) this.states.set({ session: sessionId, state: s }, s === state ? 1 : 0);
  }

  garbledMessage(): void {
    this.garbled.inc();
  }
}
