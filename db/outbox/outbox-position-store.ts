import type { Database } from '../database';
import { OutboxError } from './errors';

/** Where a relay keeps the last journal seq its sink has taken. */
export interface OutboxPositionStore {
  /** The stored position of `relayName` on `chainId`; 0 when it has none yet (the chain starts at seq 1). */
  load(relayName: string, chainId: number): Promise<bigint>;
  save(relayName: string, chainId: number, lastSeq: bigint): Promise<void>;
}

/** `outbox_position`, in the same database as the journal it follows. */
export class PostgresOutboxPositionStore implements OutboxPositionStore {
  constructor(private readonly db: Database) {}

  async load(relayName: string, chainId: number): Promise<bigint> {
    const result = await this.db.query<{ chain_id: number; last_seq: string }>('SELECT chain_id, last_seq FROM outbox_position WHERE relay_name = $1', [relayName]);
    const row = result.rows[0];
    if (row === undefined) return 0n;
    if (row.chain_id !== chainId) {
      throw new OutboxError('GW_ERR_OUTBOX_INVALID_OPTION', `outbox relay "${relayName}" has a stored position on journal chain ${row.chain_id}, not ${chainId}; give this relay another name`);
    }
    return BigInt(row.last_seq);
  }

  /** Never moves a position back: a late save from a relay that was replaced cannot undo a newer one. */
  async save(relayName: string, chainId: number, lastSeq: bigint): Promise<void> {
    await this.db.query(
      `INSERT INTO outbox_position (relay_name, chain_id, last_seq, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (relay_name) DO UPDATE SET last_seq = EXCLUDED.last_seq, updated_at = EXCLUDED.updated_at
       WHERE outbox_position.last_seq <= EXCLUDED.last_seq`,
      [relayName, chainId, lastSeq.toString()],
    );
  }
}
