import type { Database } from '../database';
import { COMMAND_EVENT_TYPE, type CommandRecord, decodeCommandRecord } from './order-event-records';

/** Where a chain's replay starts, and whether it can: a journal written before command records cannot be replayed. */
export interface ReplayPlan {
  /** Command records in the chain. */
  readonly commands: number;
  /** Orders in the chain that no command record accounts for (their events come before the first one). */
  readonly ordersBeforeFirstCommand: number;
}

export async function replayPlan(db: Database, chainId: number): Promise<ReplayPlan> {
  const result = await db.query<{ commands: string; orphans: string }>(
    `SELECT
       (SELECT count(*) FROM audit_event WHERE chain_id = $1 AND event_type = $2)::text AS commands,
       (SELECT count(*) FROM audit_event WHERE chain_id = $1 AND order_id IS NOT NULL AND event_type <> $2
          AND seq < coalesce((SELECT min(seq) FROM audit_event WHERE chain_id = $1 AND event_type = $2), 9223372036854775807))::text AS orphans`,
    [chainId, COMMAND_EVENT_TYPE],
  );
  const row = result.rows[0];
  return { commands: Number(row?.commands ?? 0), ordersBeforeFirstCommand: Number(row?.orphans ?? 0) };
}

/** The chain's command records in journal order, a page at a time. */
export async function* commandRecords(db: Database, chainId: number, pageSize = 5_000): AsyncGenerator<{ readonly seq: bigint; readonly record: CommandRecord }> {
  let after = 0n;
  for (;;) {
    const page = await db.query<{ seq: string; body: Buffer }>('SELECT seq, body FROM audit_event WHERE chain_id = $1 AND event_type = $2 AND seq > $3 ORDER BY seq LIMIT $4', [
      chainId,
      COMMAND_EVENT_TYPE,
      after.toString(),
      pageSize,
    ]);
    if (page.rows.length === 0) return;
    for (const row of page.rows) {
      after = BigInt(row.seq);
      yield { seq: after, record: decodeCommandRecord(new Uint8Array(row.body)) };
    }
  }
}
