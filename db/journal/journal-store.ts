import type pg from 'pg';
import type { Database } from '../database';
import { type ChainedRecord, GENESIS_HASH, rowHash } from './audit-record';
import { arrayLiteral } from '../array-literal';
import { BytesPacker, unpackedSql } from '../packed-bytes';
import { AMENDMENT_COLUMNS, amendmentValues, type Columns, EXECUTION_COLUMNS, executionValues, ORDER_COLUMNS, ORDER_EVENT_COLUMNS, orderEventValues, orderValues } from './order-rows';

/** Where the journal's batches go: Postgres (server or PGlite) or memory. One call is one transaction. */
export interface JournalStore {
  append(records: readonly ChainedRecord[]): Promise<void>;
  /** The next seq and the head hash of a chain, to continue it after a restart. */
  head(chainId: number): Promise<{ readonly nextSeq: bigint; readonly head: Uint8Array }>;
}

/**
 * One statement for every batch size: each column is one array parameter, unnested into rows (one parameter per
 * column, where a multi-row VALUES list had one per value). The unnests stand in a select list, which Postgres
 * steps through row by row (a ProjectSet); `FROM unnest(a, b, ...)` first copied every row into a tuplestore, 1 KB
 * bodies included (about 8% of Postgres's CPU per record in an ad-hoc test against the local server). A bytea
 * column is packed instead (see packed-bytes): two int arrays, each row's start and length in one blob parameter,
 * the table's last, which holds the bytes of all its bytea columns. It works the same on a Postgres server and on
 * PGlite, and runs as a named prepared statement planned once (planning it cost more than running a small batch;
 * see Database.statementPool).
 */
export function unnestInsert(table: string, columns: Columns, firstParam: number, onConflict = ''): string {
  const blob = `$${firstParam + paramCount(columns) - 1}::bytea`;
  const unnested: string[] = [];
  const values: string[] = [];
  let p = firstParam;
  for (const [name, type] of columns) {
    if (type === 'bytea') {
      unnested.push(`unnest($${p}::int[]) AS ${name}_start`, `unnest($${p + 1}::int[]) AS ${name}_length`);
      values.push(unpackedSql(blob, `u.${name}_start`, `u.${name}_length`));
      p += 2;
    } else {
      unnested.push(`unnest($${p}::${type}[]) AS ${name}`);
      values.push(`u.${name}`);
      p += 1;
    }
  }
  return `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) SELECT ${values.join(', ')} FROM (SELECT ${unnested.join(', ')}) AS u${onConflict}`;
}

/** The parameters a table takes in unnestInsert: one per column, two per bytea column, and the blob if it has one. */
function paramCount(columns: Columns): number {
  const packed = columns.filter(([, type]) => type === 'bytea').length;
  return columns.length + packed + (packed > 0 ? 1 : 0);
}

/** Rows (each an array of values in column order) as unnestInsert's parameters (array literals and packed bytes). */
export function columnParams(columns: Columns, rows: readonly (readonly unknown[])[]): unknown[] {
  const params: unknown[] = [];
  const packer = new BytesPacker();
  columns.forEach(([, type], c) => {
    const values = rows.map((row) => row[c]);
    if (type !== 'bytea') {
      params.push(arrayLiteral(values));
      return;
    }
    const { starts, lengths } = packer.column(values as (Uint8Array | null)[]);
    params.push(arrayLiteral(starts), arrayLiteral(lengths));
  });
  if (params.length < paramCount(columns)) params.push(packer.blob());
  return params;
}

export const AUDIT_COLUMNS: Columns = [
  ['chain_id', 'smallint'], ['seq', 'bigint'], ['event_date', 'date'], ['event_ts_us', 'bigint'], ['event_type', 'text'], ['source', 'text'],
  ['session_id', 'text'], ['msg_seq_num', 'bigint'], ['direction', 'char(1)'], ['order_id', 'bigint'], ['cl_ord_id', 'text'], ['exec_id', 'text'],
  ['actor_id', 'text'], ['raw_msg', 'bytea'], ['body', 'bytea'], ['body_json', 'jsonb'], ['prev_hash', 'bytea'], ['row_hash', 'bytea'],
];

/** Everything but the id and the acceptance time follows the latest event (a replace changes the terms too). */
export const ORDERS_CONFLICT = ` ON CONFLICT (order_id) DO UPDATE SET ${ORDER_COLUMNS.filter(([name]) => name !== 'order_id' && name !== 'received_at_us').map(([name]) => `${name} = EXCLUDED.${name}`).join(', ')} WHERE orders.last_seq < EXCLUDED.last_seq`;

/** Where each table's parameters start in APPEND_BATCH. */
const ORDERS_FIRST = 1 + paramCount(AUDIT_COLUMNS);
const ORDER_EVENTS_FIRST = ORDERS_FIRST + paramCount(ORDER_COLUMNS);
const EXECUTIONS_FIRST = ORDER_EVENTS_FIRST + paramCount(ORDER_EVENT_COLUMNS);
const AMENDMENTS_FIRST = EXECUTIONS_FIRST + paramCount(EXECUTION_COLUMNS);

/**
 * A batch is one statement, so one round trip and atomic by itself: the audit rows, the orders' rows, the
 * executions and their amendments, each table filled from its column arrays by a data-modifying WITH.
 */
const APPEND_BATCH =
  `WITH audit AS (${unnestInsert('audit_event', AUDIT_COLUMNS, 1)}), ` +
  `order_rows AS (${unnestInsert('orders', ORDER_COLUMNS, ORDERS_FIRST, ORDERS_CONFLICT)}), ` +
  `order_events AS (${unnestInsert('order_event', ORDER_EVENT_COLUMNS, ORDER_EVENTS_FIRST)}), ` +
  `executions AS (${unnestInsert('execution', EXECUTION_COLUMNS, EXECUTIONS_FIRST)}) ` +
  unnestInsert('execution_amendment', AMENDMENT_COLUMNS, AMENDMENTS_FIRST);

const DAY_US = 86_400_000_000n;
/** The UTC date of the last day asked for: a batch's records nearly always share it. */
let lastDay = -1n;
let lastDate = '';

function eventDate(us: bigint): string {
  const day = us / DAY_US;
  if (day !== lastDay) {
    lastDate = new Date(Number(day * 86_400_000n)).toISOString().slice(0, 10);
    lastDay = day;
  }
  return lastDate;
}

/** What the store needs of a connection: the Database pool, or one client inside a transaction (see ops-events). */
export interface SqlRunner {
  /** `name`: prepared once per connection where the runner allows it (see Database.query). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: readonly unknown[], name?: string): Promise<pg.QueryResult<R>>;
}

/** A batch's rows per table, each row its values in the table's column order (AUDIT_COLUMNS, ORDER_COLUMNS, ...). */
export interface JournalRows {
  readonly audit: unknown[][];
  /** One row per order: the last event of the batch decides (ON CONFLICT may not touch a row twice in a statement). */
  readonly orders: unknown[][];
  readonly orderEvents: unknown[][];
  readonly executions: unknown[][];
  readonly amendments: unknown[][];
}

/** The rows a batch of records writes: an audit_event row each, and the orders, order_event and execution rows of its order events. */
export function journalRows(records: readonly ChainedRecord[]): JournalRows {
  const audit = records.map((r) => [
    r.chainId, r.seq.toString(), eventDate(r.eventTsUs), r.eventTsUs.toString(), r.eventType, r.source, r.sessionId ?? null, r.msgSeqNum ?? null,
    r.direction ?? null, r.orderId ?? null, r.clOrdId ?? null, r.execId ?? null, r.actorId ?? null, r.rawMsg ?? null,
    r.body, r.bodyJson === undefined ? null : JSON.stringify(r.bodyJson), r.prevHash, r.rowHash,
  ]);
  const orders = new Map<number, unknown[]>();
  const executions: unknown[][] = [];
  const amendments: unknown[][] = [];
  const orderEvents: unknown[][] = [];
  for (const r of records) {
    const order = r.order;
    if (order === undefined) continue;
    orders.set(order.terms.orderId, orderValues(order, r.eventTsUs, r.seq));
    orderEvents.push(orderEventValues(order, r.tradeSide ?? r.amendedSide, r.chainId, r.seq, r.eventType, r.eventTsUs));
    if (r.tradeSide !== undefined) executions.push(executionValues(r.tradeSide, r.execId ?? '', r.chainId, r.seq));
    if (r.amendedSide !== undefined) amendments.push(amendmentValues(r.amendedSide, r.execId ?? '', r.chainId, r.seq));
  }
  return { audit, orders: [...orders.values()], orderEvents, executions, amendments };
}

/**
 * Appends a batch in one statement (APPEND_BATCH): its audit_event rows, the `orders` rows of the orders its events
 * touched (each at its latest event in the batch), an `order_event` row per order event and the `execution` rows of
 * its fills. One INSERT ... SELECT FROM unnest per table (see unnestInsert).
 */
export class PostgresJournalStore implements JournalStore {
  constructor(private readonly db: SqlRunner) {}

  async append(records: readonly ChainedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = journalRows(records);
    await this.db.query(
      APPEND_BATCH,
      [...columnParams(AUDIT_COLUMNS, rows.audit), ...columnParams(ORDER_COLUMNS, rows.orders), ...columnParams(ORDER_EVENT_COLUMNS, rows.orderEvents), ...columnParams(EXECUTION_COLUMNS, rows.executions), ...columnParams(AMENDMENT_COLUMNS, rows.amendments)],
      'gw_journal_append_batch',
    );
  }

  async head(chainId: number): Promise<{ readonly nextSeq: bigint; readonly head: Uint8Array }> {
    const result = await this.db.query<{ seq: string; row_hash: Buffer }>('SELECT seq, row_hash FROM audit_event WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1', [chainId]);
    const row = result.rows[0];
    return row === undefined ? { nextSeq: 1n, head: GENESIS_HASH } : { nextSeq: BigInt(row.seq) + 1n, head: new Uint8Array(row.row_hash) };
  }
}

export class MemoryJournalStore implements JournalStore {
  readonly rows: ChainedRecord[] = [];

  async append(records: readonly ChainedRecord[]): Promise<void> {
    this.rows.push(...records);
  }

  async head(chainId: number): Promise<{ readonly nextSeq: bigint; readonly head: Uint8Array }> {
    const last = [...this.rows].reverse().find((r) => r.chainId === chainId);
    return last === undefined ? { nextSeq: 1n, head: GENESIS_HASH } : { nextSeq: last.seq + 1n, head: last.rowHash };
  }
}

export type ChainVerdict = { readonly ok: true; readonly rows: number; readonly lastSeq: bigint } | { readonly ok: false; readonly rows: number; readonly brokenAtSeq: bigint; readonly reason: string };

/**
 * Walks a chain in seq order from `fromSeq` and reports the first broken link: a gap in seq, a prev_hash that is
 * not the previous row's hash, or a row_hash that does not match the row's content.
 */
export async function verifyChain(db: Database, chainId: number, fromSeq = 1n, pageSize = 10_000): Promise<ChainVerdict> {
  let expectedSeq = fromSeq;
  let previous: Uint8Array | null = null;
  let rows = 0;
  if (fromSeq > 1n) {
    const before = await db.query<{ row_hash: Buffer }>('SELECT row_hash FROM audit_event WHERE chain_id = $1 AND seq = $2', [chainId, (fromSeq - 1n).toString()]);
    previous = before.rows[0] === undefined ? null : new Uint8Array(before.rows[0].row_hash);
  } else {
    previous = GENESIS_HASH;
  }
  for (;;) {
    const page = await db.query<{ seq: string; event_ts_us: string; event_type: string; body: Buffer; prev_hash: Buffer; row_hash: Buffer }>(
      'SELECT seq, event_ts_us, event_type, body, prev_hash, row_hash FROM audit_event WHERE chain_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3',
      [chainId, expectedSeq.toString(), pageSize],
    );
    if (page.rows.length === 0) return { ok: true, rows, lastSeq: expectedSeq - 1n };
    for (const row of page.rows) {
      const seq = BigInt(row.seq);
      if (seq !== expectedSeq) return { ok: false, rows, brokenAtSeq: expectedSeq, reason: `seq ${expectedSeq} missing (next row is ${seq})` };
      if (previous !== null && !Buffer.from(row.prev_hash).equals(Buffer.from(previous))) return { ok: false, rows, brokenAtSeq: seq, reason: 'prev_hash is not the previous row\'s hash' };
      const computed = rowHash(new Uint8Array(row.prev_hash), seq, BigInt(row.event_ts_us), row.event_type, new Uint8Array(row.body));
      if (!Buffer.from(computed).equals(row.row_hash)) return { ok: false, rows, brokenAtSeq: seq, reason: 'row_hash does not match the row\'s content' };
      previous = new Uint8Array(row.row_hash);
      expectedSeq = seq + 1n;
      rows += 1;
    }
  }
}
