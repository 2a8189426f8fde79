import { type Database, InstrumentRepository, JournalWriter, PostgresJournalStore } from '../db';
import { MatchingEngine } from '../engine';
import { defineInstrument } from '../engine/model';
import { FixOrderEntry, JournalBarrier, OrderPath, timerPacing } from '../gateway';
import { PreTradeRisk, type RiskAlert, type ScopedLimits } from '../risk';
import type { GatewayConfig } from './config';
import type { Clock } from './clock';
import type { Logger } from './log/logger';

/** The journal chain of this gateway's single writer. */
const CHAIN_ID = 1;

export interface OrderWiring {
  readonly engine: MatchingEngine;
  readonly orderPath: OrderPath;
  readonly orderEntry: FixOrderEntry;
  readonly journal: JournalWriter;
  readonly risk: PreTradeRisk;
}

interface Continuation {
  readonly nextEventSeq: number;
  readonly nextOrderId: number;
  readonly nextTradeId: number;
}

/** Where numbering continues after a restart: ExecIDs, OrderIDs and trade ids are never reused. */
async function continuation(db: Database): Promise<Continuation> {
  const last = await db.query<{ seq: string | null; order_id: string | null; trade_id: string | null }>(
    `SELECT
       (SELECT (convert_from(body, 'UTF8')::jsonb ->> 'gatewaySeq') FROM audit_event WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1) AS seq,
       (SELECT max(order_id)::text FROM audit_event WHERE chain_id = $1) AS order_id,
       (SELECT max((convert_from(body, 'UTF8')::jsonb -> 'trade' ->> 'tradeId')::bigint)::text FROM audit_event WHERE chain_id = $1 AND event_type IN ('FILL', 'PARF')) AS trade_id`,
    [CHAIN_ID],
  );
  const row = last.rows[0];
  return { nextEventSeq: Number(row?.seq ?? 0) + 1, nextOrderId: Number(row?.order_id ?? 0) + 1, nextTradeId: Number(row?.trade_id ?? 0) + 1 };
}

/**
 * The order path of the process: instruments from the database (the config's are loaded into it at start), the
 * matching engine, pre-trade risk with the configured limits, and the audit journal as the
 * durability barrier in front of every ExecutionReport.
 */
export async function createOrderPath(config: Readonly<GatewayConfig>, database: Database, clock: Clock, logger: Logger, onRiskAlert: (alert: RiskAlert) => void = () => undefined): Promise<OrderWiring> {
  const instruments = (await new InstrumentRepository(database).list()).map((record) => defineInstrument(record));
  const next = await continuation(database);
  const engine = new MatchingEngine(instruments, { firstOrderId: next.nextOrderId, firstTradeId: next.nextTradeId });
  const journalLogger = logger.child({ module: 'journal' });
  const journal = await JournalWriter.open(new PostgresJournalStore(database), CHAIN_ID, {
    maxBatchRecords: 500,
    retryDelayMs: 100,
    onWriteError: (e, attempt) => journalLogger.error('journal write failed; retrying, nothing is released meanwhile', { attempt, error: e instanceof Error ? e.message : String(e) }),
  });
  const limits: ScopedLimits[] = config.risk.limits.map(({ scope, id, symbol, ...rest }) => ({ scope, id, symbol, limits: rest }));
  const riskLogger = logger.child({ module: 'risk' });
  const risk = new PreTradeRisk((symbol) => engine.instrument(symbol), limits, {
    alertFraction: config.risk.alertFraction,
    onAlert: (alert) => {
      if (alert.kind === 'USAGE') riskLogger.warn('risk limit usage alert', { limit: alert.usage.limit, scope: alert.usage.scope, symbol: alert.usage.symbol ?? null, used: alert.usage.used, max: alert.usage.max, fraction: alert.fraction });
      else riskLogger.warn('session latched by the duplicate-order control', { sessionId: alert.sessionId, text: alert.text });
      onRiskAlert(alert);
    },
  });
  const nowUs = (): bigint => clock.nowUs();
  const orderPath = new OrderPath(engine, risk, new JournalBarrier(journal), next.nextEventSeq, timerPacing(nowUs));
  logger.child({ module: 'engine' }).info('order path ready', { instruments: instruments.map((i) => i.symbol), nextOrderId: next.nextOrderId, nextEventSeq: next.nextEventSeq });
  return { engine, orderPath, orderEntry: new FixOrderEntry(orderPath, nowUs, (sessionId) => risk.cancelsOnDisconnect(sessionId)), journal, risk };
}
