import type { Database } from '../database';
import { COMMAND_EVENT_TYPE, type CommandRecord, decodeCommandRecord } from './order-event-records';

/**
 * The command records' type as an SQL literal, not a parameter: the partial index of command records
 * (audit_event_commands, WHERE event_type = 'CMD') serves a query only when its plan knows the value, and on PGlite
 * every parameterised query gets a generic plan (see Database).
 */
const COMMAND_TYPE_SQL = `'${COMMAND_EVENT_TYPE}'`;

/** Whether a chain can be replayed: a journal written before command records cannot. */
export interface ReplayPlan {
  /** Orders in the chain that no command record accounts for (their events come before the first one). */
  readonly ordersBeforeFirstCommand: number;
}

/**
 * Reads the index of command records, not the records: the first one's seq, then the order events before it (none
 * in a journal that had command records from its start, found by a range of the primary key). Counting the command
 * records as well cost a scan of that index at every start (125 ms for 60,000 commands on a Postgres server).
 */
export async function replayPlan(db: Database, chainId: number): Promise<ReplayPlan> {
  const result = await db.query<{ orphans: string }>(
    `SELECT count(*)::text AS orphans FROM audit_event WHERE chain_id = $1 AND order_id IS NOT NULL AND event_type <> ${COMMAND_TYPE_SQL}
       AND seq < coalesce((SELECT min(seq) FROM audit_event WHERE chain_id = $1 AND event_type = ${COMMAND_TYPE_SQL}), 9223372036854775807)`,
    [chainId],
  );
  return { ordersBeforeFirstCommand: Number(result.rows[0]?.orphans ?? 0) };
}

/** Journal seqs a page of command records spans: about a third of a chain's rows are command records. */
const PAGE_SEQS = 15_000;
/** Pages asked for ahead of the one being replayed (each on a connection of its own where the pool has them). */
const PAGES_AHEAD = 2;

type Page = Promise<{ readonly rows: readonly { seq: string; body: string }[] }>;

/**
 * The chain's command records in journal order, a page at a time. Pages are ranges of journal seqs, from the first
 * command record's to the last's (nothing is appended while a start replays), so the next pages can be asked for
 * before this one is replayed: the database reads them meanwhile, on their own connections. The bodies come as text
 * (canonical JSON is UTF-8): a bytea comes back hex-encoded, twice the bytes for the server to write and for this
 * process to read and decode.
 */
export async function* commandRecords(db: Database, chainId: number, pageSeqs = PAGE_SEQS): AsyncGenerator<{ readonly seq: bigint; readonly record: CommandRecord }> {
  const bounds = await db.query<{ first: string | null; last: string | null }>(
    `SELECT min(seq)::text AS first, max(seq)::text AS last FROM audit_event WHERE chain_id = $1 AND event_type = ${COMMAND_TYPE_SQL}`,
    [chainId],
  );
  const first = bounds.rows[0]?.first;
  const last = bounds.rows[0]?.last;
  if (first === null || first === undefined || last === null || last === undefined) return;
  const end = BigInt(last);
  const span = BigInt(pageSeqs);
  let from = BigInt(first);
  const pageFrom = (start: bigint): Page => {
    const page = db.query<{ seq: string; body: string }>(
      `SELECT seq, convert_from(body, 'UTF8') AS body FROM audit_event WHERE chain_id = $1 AND event_type = ${COMMAND_TYPE_SQL} AND seq >= $2 AND seq < $3 ORDER BY seq`,
      [chainId, start.toString(), (start + span).toString()],
    );
    // A failed read-ahead is thrown where it is awaited; until then it must not count as unhandled.
    page.catch(() => undefined);
    return page;
  };
  const ahead: Page[] = [];
  const fill = (): void => {
    while (ahead.length <= PAGES_AHEAD && from <= end) {
      ahead.push(pageFrom(from));
      from += span;
    }
  };
  fill();
  for (let page = ahead.shift(); page !== undefined; page = ahead.shift()) {
    const { rows } = await page;
    fill();
    for (const row of rows) yield { seq: BigInt(row.seq), record: decodeCommandRecord(row.body) };
  }
}

/** Event types of the duplicate-order control's latches and their releases (risk audit events of the journal). */
const LATCH_TYPES_SQL = `'LATCH', 'LATCH_RELEASE'`;

/**
 * The sessions latched by the duplicate-order control and not released since, with the latch's text: read from the
 * journal's LATCH and LATCH_RELEASE records, in journal order (a partial index, audit_event_latches, serves it).
 */
export async function openLatches(db: Database, chainId: number): Promise<{ readonly sessionId: string; readonly text: string }[]> {
  const rows = await db.query<{ event_type: string; body: string }>(
    `SELECT event_type, convert_from(body, 'UTF8') AS body FROM audit_event WHERE chain_id = $1 AND event_type IN (${LATCH_TYPES_SQL}) ORDER BY seq`,
    [chainId],
  );
  const open = new Map<string, string>();
  for (const row of rows.rows) {
    const detail = (JSON.parse(row.body) as { detail?: { sessionId?: unknown; text?: unknown } }).detail;
    if (typeof detail?.sessionId !== 'string') continue;
    if (row.event_type === 'LATCH') open.set(detail.sessionId, typeof detail.text === 'string' ? detail.text : '');
    else open.delete(detail.sessionId);
  }
  return [...open].map(([sessionId, text]) => ({ sessionId, text }));
}

/**
 * The requests refused by pre-trade risk from `sinceUs` on, in journal order: session, ClOrdID and time of each, read
 * from the journal's RISK_REJECT records (a partial index, audit_event_risk_rejects, serves it). The ClOrdID is the
 * request's own, from the refusal's command (the record's cl_ord_id column holds the named order's, for a cancel or
 * replace of a live order).
 */
export async function riskRefusals(db: Database, chainId: number, sinceUs: bigint): Promise<{ readonly sessionId: string; readonly clientOrderId: string; readonly tsUs: bigint }[]> {
  const rows = await db.query<{ ts: string; body: string }>(
    `SELECT event_ts_us::text AS ts, convert_from(body, 'UTF8') AS body FROM audit_event WHERE chain_id = $1 AND event_type = 'RISK_REJECT' AND event_ts_us >= $2 ORDER BY seq`,
    [chainId, sinceUs.toString()],
  );
  const refusals: { sessionId: string; clientOrderId: string; tsUs: bigint }[] = [];
  for (const row of rows.rows) {
    const command = (JSON.parse(row.body) as { event?: { command?: { sessionId?: unknown; clientOrderId?: unknown } } }).event?.command;
    if (typeof command?.sessionId === 'string' && typeof command.clientOrderId === 'string') refusals.push({ sessionId: command.sessionId, clientOrderId: command.clientOrderId, tsUs: BigInt(row.ts) });
  }
  return refusals;
}
