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

/**
 * The chain's command records in journal order, a page at a time. The next page is asked for before the records of
 * the current one are handed out, so the database reads it while the caller replays these. The bodies come as text
 * (canonical JSON is UTF-8): a bytea comes back hex-encoded, twice the bytes for the server to write and for this
 * process to read and decode.
 */
export async function* commandRecords(db: Database, chainId: number, pageSize = 5_000): AsyncGenerator<{ readonly seq: bigint; readonly record: CommandRecord }> {
  const pageAfter = (after: string): Promise<{ readonly rows: readonly { seq: string; body: string }[] }> =>
    db.query<{ seq: string; body: string }>(
      `SELECT seq, convert_from(body, 'UTF8') AS body FROM audit_event WHERE chain_id = $1 AND event_type = ${COMMAND_TYPE_SQL} AND seq > $2 ORDER BY seq LIMIT $3`,
      [chainId, after, pageSize],
    );
  let next = pageAfter('0');
  for (;;) {
    const page = await next;
    const last = page.rows[page.rows.length - 1];
    if (last === undefined) return;
    next = pageAfter(last.seq);
    // A failed read-ahead is thrown by the await above when it is reached; until then it must not count as unhandled.
    next.catch(() => undefined);
    for (const row of page.rows) yield { seq: BigInt(row.seq), record: decodeCommandRecord(row.body) };
  }
}
