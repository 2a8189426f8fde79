import { MemorySessionStore, PostgresSessionStore, type Database, type SessionStore } from '../db';
import {
  BusinessRejectReason,
  FixAcceptor,
  FixSessionDirectory,
  FixSession,
  FixspecDecoder,
  FixspecSessionCodec,
  decodeMessage,
  type ApplicationHandler,
  type FixOrderEntry,
  type OrderPath,
  attachDropCopy,
  type FixSessionConfig,
  type DropCopyFeed,
  type RecoveredEvent,
  sessionIdOf,
} from '../gateway';
import type { Clock } from './clock';
import type { GatewayConfig } from './config';
import type { Logger } from './log/logger';
import { FixMetrics } from './metrics/fix-metrics';
import type { GatewayMetrics } from './metrics/registry';

/** Sessions whose role takes no order entry answer application messages with a BusinessMessageReject. */
const noOrderPath: ApplicationHandler = {
  onApplicationMessage(session, message) {
    session.sendBusinessReject(message.msgType, message.seq ?? 0, BusinessRejectReason.ApplicationNotAvailable, 'no application handler for this session role');
  },
};

export interface FixWiring {
  readonly acceptor: FixAcceptor;
  readonly sessions: readonly FixSession[];
  readonly directory: FixSessionDirectory;
  /** Each session with its store and what feeds it (for redeliverMissed). */
  readonly entries: readonly FixSessionEntry[];
}

interface FixSessionEntry {
  readonly session: FixSession;
  readonly store: SessionStore;
  /** Reports recovered events to the session again (order entry: its own orders; drop copy: its scope); how many. */
  readonly redeliver?: ((events: readonly RecoveredEvent[]) => number) | undefined;
}

/** Builds the sessions of the config (each with its store) and the acceptor that serves them on one port. */
export function createFixAcceptor(
  config: Readonly<GatewayConfig>,
  deps: { readonly database: Database; readonly clock: Clock; readonly logger: Logger; readonly metrics: GatewayMetrics; readonly orderEntry?: FixOrderEntry; readonly orderPath?: OrderPath },
): FixWiring {
  const fixMetrics = new FixMetrics(deps.metrics.registry);
  const databaseStore = new PostgresSessionStore(deps.database);
  databaseStore.observeWrites((_sessions, commitMs) => fixMetrics.storeWrite(commitMs));
  const memoryStore = new MemorySessionStore();
  const logger = deps.logger.child({ module: 'fix' });
  const entries = config.fix.sessions.map((sessionConfig: FixSessionConfig) => {
    const store: SessionStore = sessionConfig.store === 'memory' ? memoryStore : databaseStore;
    const session = new FixSession({
      config: sessionConfig,
      store,
      codec: new FixspecSessionCodec({
        beginString: sessionConfig.beginString,
        senderCompId: sessionConfig.senderCompId,
        targetCompId: sessionConfig.targetCompId,
        timestampPrecision: sessionConfig.timestampPrecision,
        dictionaryFile: sessionConfig.dictionary,
        allowUserDefinedFields: sessionConfig.allowUserDefinedFields,
      }),
      nowUs: () => deps.clock.nowUs(),
      logger,
      metrics: fixMetrics,
      application: sessionConfig.role === 'order-entry' && deps.orderEntry !== undefined ? deps.orderEntry : noOrderPath,
    });
    // A memory store starts empty at every start: it cannot tell what its session missed, so nothing is reported again.
    const redeliver = attachFeed(sessionConfig.role, session, deps);
    return { session, store, redeliver: sessionConfig.store === 'database' ? redeliver : undefined };
  });
  const sessions = entries.map((e) => e.session);
  const acceptor = new FixAcceptor({
    host: config.fix.host,
    port: config.fix.port,
    tlsPort: config.fix.tlsPort,
    sessions,
    newDecoder: () => new FixspecDecoder(config.fix.maxMessageBytes),
    decode: decodeMessage,
    logger,
    logonTimeoutMs: Math.min(...config.fix.sessions.map((s) => s.logonTimeoutSec), 30) * 1000,
    maxConnections: config.fix.maxConnections,
    onGarbled: () => fixMetrics.garbledMessage(),
  });
  return { acceptor, sessions, directory: new FixSessionDirectory(entries), entries };
}

/** Connects a session to what feeds it: its orders' events (order entry) or the copies in its scope (drop copy). */
function attachFeed(role: FixSessionConfig['role'], session: FixSession, deps: { readonly orderEntry?: FixOrderEntry; readonly orderPath?: OrderPath }): FixSessionEntry['redeliver'] {
  const orderEntry = deps.orderEntry;
  if (role === 'order-entry' && orderEntry !== undefined) {
    orderEntry.attach(session);
    return (events) => orderEntry.redeliver(session, events);
  }
  if (role === 'drop-copy' && deps.orderPath !== undefined) {
    const feed: DropCopyFeed = attachDropCopy(deps.orderPath, session);
    return (events) => feed.redeliver(events);
  }
  return undefined;
}

/**
 * At start, before the sessions are built, for each session kept in the database:
 * - a session seen for the first time is enrolled at the journal's last event (SessionStore.enrol): it reports
 *   only what comes after, and redeliverMissed can tell a session that had not stored its first report when the
 *   process was killed (it gets every event since its enrolment) from one configured after the events (none);
 * - an order-entry session stores its reports while the journal commits their events and sends them once both have
 *   committed (FixOrderEntry.attach), so a kill can leave stored reports of events the journal never committed.
 *   They were never sent: they are deleted (a resend gap-fills their numbers) and the store's last event lowered to
 *   the journal's, so that redeliverMissed and later events start from there.
 * Returns the reports deleted, summed over the sessions.
 */
export async function prepareSessionStores(config: Readonly<GatewayConfig>, database: Database, journaledEventSeq: number, logger: Logger): Promise<number> {
  const store = new PostgresSessionStore(database);
  let total = 0;
  for (const sessionConfig of config.fix.sessions) {
    if (sessionConfig.store === 'memory') continue;
    const sessionId = sessionIdOf(sessionConfig);
    await store.enrol(sessionId, journaledEventSeq);
    const dropped = await store.dropReportsBeyond(sessionId, journaledEventSeq);
    if (dropped === 0) continue;
    total += dropped;
    logger.warn('deleted stored reports of events the journal never committed (killed between the session store write and the journal commit; they were never sent)', { sessionId, reports: dropped, journaledEventSeq });
  }
  return total;
}

/**
 * At start, before any Logon: reports the sessions never stored. Events are released to the sessions only after
 * their journal commit, and a session stores each report before sending it; a kill between the two leaves events
 * in the journal whose ExecutionReports (or drop copies) no session store has. Each session store knows the last
 * event it holds, or the journal's last event when it was enrolled (SessionStore.lastEventSeq, prepareSessionStores);
 * the later events, replayed from the journal (`recent`, with their original seqs), are reported again under their
 * original ExecIDs and stored for the client's ResendRequest. Memory-stored sessions are left alone (their store
 * starts empty). Returns the events reported again, summed over the sessions.
 */
export async function redeliverMissed(fix: FixWiring, recent: readonly RecoveredEvent[], logger: Logger): Promise<number> {
  const first = recent[0];
  if (first === undefined) return 0;
  const lastKept = recent[recent.length - 1]?.seq ?? first.seq;
  let total = 0;
  const behind: { readonly sessionId: string; readonly store: SessionStore }[] = [];
  for (const { session, store, redeliver } of fix.entries) {
    if (redeliver === undefined) continue;
    const last = await store.lastEventSeq(session.sessionId);
    const missed = recent.filter((e) => e.seq > last);
    if (missed.length === 0) continue;
    behind.push({ sessionId: session.sessionId, store });
    if (first.seq > last + 1) {
      logger.warn('the session stored no report since before the events kept from the replay: any of its events in between are not reported again', { sessionId: session.sessionId, lastStoredEventSeq: last, firstKeptEventSeq: first.seq });
    }
    const count = redeliver(missed);
    total += count;
    if (count > 0) logger.warn('reporting again events the session store never held (killed between the journal commit and the store write)', { sessionId: session.sessionId, lastStoredEventSeq: last, events: count });
  }
  await Promise.all(fix.sessions.map((s) => s.drained()));
  // Every kept event is now stored for these sessions or not theirs: the next restart starts after them.
  for (const { sessionId, store } of behind) await store.advanceEventSeq(sessionId, lastKept);
  return total;
}
