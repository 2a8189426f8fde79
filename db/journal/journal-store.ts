import type { Database } from '../database';
import { type ChainedRecord, GENESIS_HASH, rowHash } from './audit-record';

/** Where the journal's batches go: Postgres (server or PGlite) or memory. One call is one transaction. */
export interface JournalStore {
  append(records: readonly ChainedRecord[]): Promise<void>;
  /** The next seq and the head hash of a chain, to continue it after a restart. */
  head(chainId: number): Promise<{ readonly nextSeq: bigint; readonly head: Uint8Array }>;
}

const COLUMNS = 'chain_id, seq, event_date, event_ts_us, event_type, source, session_id, msg_seq_num, direction, order_id, cl_ord_id, exec_id, actor_id, raw_msg, body, body_json, prev_hash, row_hash';
const COLUMN_TYPES = ['smallint', 'bigint', 'date', 'bigint', 'text', 'text', 'text', 'bigint', 'char(1)', 'bigint', 'text', 'text', 'text', 'bytea', 'bytea', 'jsonb', 'bytea', 'bytea'];
/**
 * One statement for every batch size: each column is one array parameter, unnested into rows (18 parameters, where
 * a multi-row VALUES list had 18 per row). It works the same on a Postgres server and on PGlite. It is not a named
 * prepared statement: PGlite serves every connection from one backend session, where a name already prepared by
 * an earlier connection would collide.
 */
const INSERT_BATCH = `INSERT INTO audit_event (${COLUMNS}) SELECT * FROM unnest(${COLUMN_TYPES.map((type, k) => `$${k + 1}::${type}[]`).join(', ')})`;

function eventDate(us: bigint): string {
  return new Date(Number(us / 1000n)).toISOString().slice(0, 10);
}

/** Appends by one INSERT ... SELECT FROM unnest(column arrays) per batch (see INSERT_BATCH). */
export class PostgresJournalStore implements JournalStore {
  constructor(private readonly db: Database) {}

  async append(records: readonly ChainedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const columns: unknown[][] = COLUMN_TYPES.map(() => new Array<unknown>(records.length));
    records.forEach((r, i) => {
      const row = [
        r.chainId, r.seq.toString(), eventDate(r.eventTsUs), r.eventTsUs.toString(), r.eventType, r.source, r.sessionId ?? null, r.msgSeqNum ?? null,
        r.direction ?? null, r.orderId ?? null, r.clOrdId ?? null, r.execId ?? null, r.actorId ?? null, r.rawMsg === undefined ? null : Buffer.from(r.rawMsg),
        Buffer.from(r.body), r.bodyJson === undefined ? null : JSON.stringify(r.bodyJson), Buffer.from(r.prevHash), Buffer.from(r.rowHash),
      ];
      for (let c = 0; c < row.length; c += 1) (columns[c] as unknown[])[i] = row[c];
    });
    await this.db.query(INSERT_BATCH, columns);
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
