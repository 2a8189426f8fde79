import type { Database } from '../database';
import { type ChainedRecord, HashChain } from './audit-record';
import { PostgresJournalStore } from './journal-store';

/**
 * The audit chain of operator actions taken outside the order path, such as a compliance export run
 * (compliance.md section 6: each export run is itself an audit event). The gateway's order path writes its own
 * chain (ops CHAIN_ID 1) with a single writer and no lock; this chain may be written by any operator process at
 * any time, so its appends take a transaction-scoped advisory lock: two appends never read the same head.
 * `npm run audit:verify` walks it like every other chain.
 */
export const OPS_CHAIN_ID = 2;
/** The advisory lock's first key: "appending to an audit chain" (the second key is the chain). */
const CHAIN_APPEND_LOCK = 0x61756474;

export interface OpsEvent {
  /** e.g. EXPORT */
  readonly eventType: string;
  readonly tsUs: bigint;
  /** Who did it: a user id, or `os:<login>` for a command run on the host. */
  readonly actorId: string;
  /** ops:<command> */
  readonly source: string;
  /** What was done, as JSON; hashed in its canonical form (the body). */
  readonly detail: Readonly<Record<string, string | number | boolean | null>>;
}

/** Appends one operator event to the ops chain, durably (committed when this resolves), and returns it as chained. */
export async function appendOpsEvent(db: Database, event: OpsEvent): Promise<ChainedRecord> {
  return db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [CHAIN_APPEND_LOCK, OPS_CHAIN_ID]);
    const store = new PostgresJournalStore({ query: (text, params) => client.query(text, params === undefined ? undefined : [...params]) });
    const { nextSeq, head } = await store.head(OPS_CHAIN_ID);
    const record = new HashChain(OPS_CHAIN_ID, nextSeq, head).link({
      eventTsUs: event.tsUs,
      eventType: event.eventType,
      source: event.source,
      actorId: event.actorId,
      body: Buffer.from(JSON.stringify(event.detail), 'utf8'),
      bodyJson: event.detail,
    });
    await store.append([record]);
    return record;
  });
}
