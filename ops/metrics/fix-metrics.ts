import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { DATABASE_WAIT_SECONDS_BUCKETS } from './buckets';

/** The states a session can be in, as the session layer names them. */
const SESSION_STATES = ['disconnected', 'active', 'recovering', 'logout-sent'] as const;

/**
 * Messages by session and MsgType, counted in plain maps on the message path: prom-client's inc() with labels builds
 * and hashes a key of the label values on every call (about 530 ns here, against 55 ns for the maps; a FIX order
 * is counted two to four times, in and out). The counter takes what was counted since its last scrape.
 */
class MessageCounts {
  private readonly bySession = new Map<string, Map<string, { total: number; reported: number }>>();

  count(sessionId: string, msgType: string): void {
    let types = this.bySession.get(sessionId);
    if (types === undefined) this.bySession.set(sessionId, (types = new Map()));
    const entry = types.get(msgType);
    if (entry === undefined) types.set(msgType, { total: 1, reported: 0 });
    else entry.total += 1;
  }

  /** Adds to the counter what was counted since the last call. */
  report(counter: Counter<'session' | 'msg_type'>): void {
    for (const [session, types] of this.bySession) {
      for (const [msgType, entry] of types) {
        if (entry.total === entry.reported) continue;
        counter.inc({ session, msg_type: msgType }, entry.total - entry.reported);
        entry.reported = entry.total;
      }
    }
  }
}

function registerMessageCounter(name: string, help: string, counts: MessageCounts, registers: Registry[]): void {
  new Counter({
    name,
    help,
    labelNames: ['session', 'msg_type'],
    registers,
    collect() {
      counts.report(this);
    },
  });
}

/** FIX session metrics: messages in and out by MsgType, resends, rejects, session states. */
export class FixMetrics {
  /** Counted here, handed to the counters when Prometheus scrapes (see MessageCounts). */
  private readonly countedIn = new MessageCounts();
  private readonly countedOut = new MessageCounts();
  private readonly resends: Counter<'session'>;
  private readonly resentMessages: Counter<'session'>;
  private readonly rejects: Counter<'session' | 'reason'>;
  private readonly states: Gauge<'session' | 'state'>;
  private readonly garbled: Counter;
  private readonly storeWrites: Histogram;

  constructor(registry: Registry) {
    const registers = [registry];
    registerMessageCounter('gw_fix_messages_in_total', 'FIX messages received, by session and MsgType', this.countedIn, registers);
    registerMessageCounter('gw_fix_messages_out_total', 'FIX messages sent, by session and MsgType', this.countedOut, registers);
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
    this.countedIn.count(sessionId, msgType);
  }

  messageOut(sessionId: string, msgType: string): void {
    this.countedOut.count(sessionId, msgType);
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
