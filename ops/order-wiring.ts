import { type Database, InstrumentRepository, JournalWriter, PostgresJournalStore, replayPlan, riskRefusals } from '../db';
import { MatchingEngine } from '../engine';
import { Channel, defineInstrument, type EngineEvent, TradingStatus, withTradingStatus } from '../engine/model';
import { FixOrderEntry, JournalBarrier, OrderPath, type RecoveredEvent, RestOrderStore, riskAuditRecord, timerPacing } from '../gateway';
import { PreTradeRisk, type RiskAlert, type ScopedLimits } from '../risk';
import type { GatewayConfig } from './config';
import type { Clock } from './clock';
import type { Logger } from './log/logger';
import { MarketData } from '../marketdata';
import { recoverFromJournal, type RecoveryReport } from './recovery';

/** The journal chain of this gateway's single writer. */
export const CHAIN_ID = 1;

export interface OrderWiring {
  readonly engine: MatchingEngine;
  readonly orderPath: OrderPath;
  readonly orderEntry: FixOrderEntry;
  readonly journal: JournalWriter;
  readonly risk: PreTradeRisk;
  /** What the start rebuilt from the journal. */
  readonly recovery: RecoveryReport;
  /**
   * The REST orders as the replay left them (the REST order desk starts from them): live ones and the last finished
   * ones of each source, as the store bounds them (before, every REST event of the journal was kept until the start
   * ended).
   */
  readonly restOrders: RestOrderStore;
  /** The last event seq the journal held at start (see prepareSessionStores in fix-wiring). */
  readonly journaledEventSeq: number;
  /** The last RECENT_EVENTS_KEPT replayed events, with their original seqs (for redeliverMissed in fix-wiring). */
  readonly recentEvents: readonly RecoveredEvent[];
  /** Tickers and recent trades: rebuilt from the replayed trades, then fed by the order path. */
  readonly marketData: MarketData;
  /**
   * Expires the DAY and GTD orders that fell due while the gateway was down, then every EXPIRY_INTERVAL_MS. Call once
   * the FIX sessions are attached to the order path (their reports of these expiries must reach them).
   */
  startExpiry(): void;
  /** Stops the expiry clock. */
  stop(): void;
}

function ofRestOrder(event: EngineEvent): boolean {
  if (event.kind === 'Trade' || event.kind === 'TradeAmended') return event.maker.order.channel === Channel.Rest || event.taker.order.channel === Channel.Rest;
  return 'order' in event && event.order?.channel === Channel.Rest;
}

/** How often DAY and GTD expiry runs (the engine expires what is due at the time it is given). */
const EXPIRY_INTERVAL_MS = 1_000;

interface Continuation {
  readonly nextEventSeq: number;
  /** Where order and trade ids continue when the journal cannot be replayed (a replay numbers them itself). */
  readonly nextOrderId: number;
  readonly nextTradeId: number;
}

/**
 * Where numbering continues after a restart: ExecIDs, OrderIDs and trade ids are never reused. The event seq is
 * read from the journal's last row. A journal that is replayed numbers its orders and trades again as it runs, so
 * their ids are looked up only for one that is not (written before command records): the trade id's lookup reads
 * every fill's JSON (1.4 s for 66,000 fills on a Postgres server), which a start need not pay for nothing.
 */
async function continuation(db: Database, replayable: boolean): Promise<Continuation> {
  // (Not "AS seq": ORDER BY would take the output column of that name, a text, over the table's.)
  const last = await db.query<{ gateway_seq: string | null }>(
    `SELECT (convert_from(body, 'UTF8')::jsonb ->> 'gatewaySeq') AS gateway_seq FROM audit_event WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1`,
    [CHAIN_ID],
  );
  const nextEventSeq = Number(last.rows[0]?.gateway_seq ?? 0) + 1;
  if (replayable) return { nextEventSeq, nextOrderId: 1, nextTradeId: 1 };
  const ids = await db.query<{ order_id: string | null; trade_id: string | null }>(
    `SELECT
       (SELECT max(order_id)::text FROM audit_event WHERE chain_id = $1) AS order_id,
       (SELECT max((convert_from(body, 'UTF8')::jsonb -> 'trade' ->> 'tradeId')::bigint)::text FROM audit_event WHERE chain_id = $1 AND event_type IN ('FILL', 'PARF')) AS trade_id`,
    [CHAIN_ID],
  );
  const row = ids.rows[0];
  return { nextEventSeq, nextOrderId: Number(row?.order_id ?? 0) + 1, nextTradeId: Number(row?.trade_id ?? 0) + 1 };
}

/**
 * Replayed events kept for redeliverMissed: more than a kill can leave between a journal commit and the session
 * stores' writes (one batch of each), with a wide margin.
 */
const RECENT_EVENTS_KEPT = 20_000;

/**
 * The order path of the process: instruments from the database (the config's are loaded into it at start), the
 * matching engine, pre-trade risk with the configured limits, and the audit journal as the
 * durability barrier in front of every ExecutionReport.
 */
export async function createOrderPath(config: Readonly<GatewayConfig>, database: Database, clock: Clock, logger: Logger, onRiskAlert: (alert: RiskAlert) => void = () => undefined): Promise<OrderWiring> {
  const instruments = (await new InstrumentRepository(database).list()).map((record) => defineInstrument(record));
  // The engine starts as it first started (numbering from 1, every instrument open) and the journal's commands
  // run again on it; then the instruments' current status is applied by journaled commands, so the next replay
  // sees that too. A journal from before command records cannot be replayed: numbering continues after it.
  const plan = await replayPlan(database, CHAIN_ID);
  const replayable = plan.ordersBeforeFirstCommand === 0;
  const next = await continuation(database, replayable);
  const engine = new MatchingEngine(
    instruments.map((i) => withTradingStatus(i, TradingStatus.Open)),
    replayable ? {} : { firstOrderId: next.nextOrderId, firstTradeId: next.nextTradeId },
  );
  const journalLogger = logger.child({ module: 'journal' });
  const journal = await JournalWriter.open(new PostgresJournalStore(database), CHAIN_ID, {
    maxBatchRecords: 500,
    retryDelayMs: 100,
    refuseAfterMs: config.journal.refuseAfterMs,
    maxBacklogRecords: config.journal.maxBacklogRecords,
    onWriteError: (e, attempt) => journalLogger.error('journal write failed; retrying, nothing is released meanwhile', { attempt, error: e instanceof Error ? e.message : String(e) }),
  });
  const limits: ScopedLimits[] = config.risk.limits.map(({ scope, id, symbol, ...rest }) => ({ scope, id, symbol, limits: rest }));
  const riskLogger = logger.child({ module: 'risk' });
  const risk = new PreTradeRisk(engine, limits, {
    alertFraction: config.risk.alertFraction,
    // A price collar around the mid reads the book's best bid and offer when it checks an order.
    bestPrices: { bidTicks: (symbol) => engine.bestBidTicks(symbol), askTicks: (symbol) => engine.bestAskTicks(symbol) },
    onAlert: (alert) => {
      if (alert.kind === 'USAGE') riskLogger.warn('risk limit usage alert', { limit: alert.usage.limit, scope: alert.usage.scope, symbol: alert.usage.symbol ?? null, used: alert.usage.used, max: alert.usage.max, fraction: alert.fraction });
      else {
        riskLogger.warn('session latched by the duplicate-order control', { sessionId: alert.sessionId, text: alert.text });
        // Journaled, in order with the refusal that latched it: an audit record of the control, and what a restart
        // reads to latch the session again until a risk officer releases it (startRiskDesk).
        journal.append([riskAuditRecord({ kind: 'LATCH', tsUs: alert.tsUs, actor: 'risk', detail: { sessionId: alert.sessionId, text: alert.text } })], () => undefined);
      }
      onRiskAlert(alert);
    },
  });
  const nowUs = (): bigint => clock.nowUs();
  const orderPath = new OrderPath(engine, risk, new JournalBarrier(journal), next.nextEventSeq, timerPacing(nowUs));
  const orderEntry = new FixOrderEntry(orderPath, nowUs, (sessionId) => risk.cancelsOnDisconnect(sessionId));
  const engineLogger = logger.child({ module: 'engine' });
  const restOrders = new RestOrderStore();
  // Market data sees the day's trades again as they are replayed, then every released event.
  const marketData = new MarketData({ instrument: (s) => engine.instrument(s), depth: (s, n) => engine.depth(s, n), symbols: instruments.map((i) => i.symbol) });
  let recentEvents: RecoveredEvent[] = [];
  const recovery = await recoverFromJournal(database, CHAIN_ID, plan, orderPath, engine, (command, atUs, events, firstEventSeq) => {
    if (firstEventSeq !== undefined) {
      events.forEach((event, i) => recentEvents.push({ seq: firstEventSeq + i, event, command }));
      if (recentEvents.length > 2 * RECENT_EVENTS_KEPT) recentEvents = recentEvents.slice(-RECENT_EVENTS_KEPT);
    }
    // ClOrdIDs are unique per session and UTC day: FixOrderEntry keeps each session's day.
    orderEntry.remember(command, atUs);
    for (const e of events) {
      if (ofRestOrder(e)) restOrders.apply([{ seq: 0, event: e }]);
      if (e.kind === 'Trade' || e.kind === 'TradeAmended') marketData.deliver([{ event: e }]);
    }
  });
  // The day's requests refused by risk used their ClOrdIDs as well, but have no command record to replay.
  for (const refusal of await riskRefusals(database, CHAIN_ID, orderEntry.clOrdIdDayStartUs())) orderEntry.rememberClOrdId(refusal.sessionId, refusal.clientOrderId, refusal.tsUs);
  orderPath.subscribe(marketData);
  if (!replayable) engineLogger.warn('the journal has orders from before command records: their book state is not rebuilt', { orders: plan.ordersBeforeFirstCommand });
  for (const instrument of instruments) {
    if (engine.instrument(instrument.symbol)?.tradingStatus !== instrument.tradingStatus) orderPath.runAdmin({ kind: 'SetTradingStatus', symbol: instrument.symbol, status: instrument.tradingStatus }, nowUs());
  }
  engineLogger.info('order path ready', { instruments: instruments.map((i) => i.symbol), nextEventSeq: next.nextEventSeq, recovery });
  let expiry: NodeJS.Timeout | null = null;
  const startExpiry = (): void => {
    if (expiry !== null) return;
    orderPath.runAdmin({ kind: 'ExpireOrders' }, nowUs());
    expiry = setInterval(() => orderPath.runAdmin({ kind: 'ExpireOrders' }, nowUs()), EXPIRY_INTERVAL_MS);
    expiry.unref();
  };
  const stop = (): void => {
    if (expiry !== null) clearInterval(expiry);
  };
  return { engine, orderPath, orderEntry, journal, risk, marketData, recovery, restOrders, journaledEventSeq: next.nextEventSeq - 1, recentEvents: recentEvents.slice(-RECENT_EVENTS_KEPT), startExpiry, stop };
}
