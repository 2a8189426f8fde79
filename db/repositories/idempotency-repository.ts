import type { Database } from '../database';

export interface StoredResponse {
  readonly requestHash: string;
  /** Null while the first request with this key is being served, or when it was cut off (see claimRun). */
  readonly statusCode: number | null;
  readonly body: unknown;
  /** When the key was claimed: with the key, what names the first attempt (see IdempotencyKeys). */
  readonly createdAtMs: number;
  /** The gateway run that claimed it; null for claims made before runs were recorded. */
  readonly claimRun: string | null;
}

export type IdempotencyClaim = { readonly claimed: true; readonly createdAtMs: number } | { readonly claimed: false; readonly existing: StoredResponse };

/** First responses per (principal, Idempotency-Key): a repeat of a request gets the first answer back. */
export class IdempotencyRepository {
  constructor(private readonly db: Database) {}

  /**
   * Claims the key for this request in the gateway run `run`, or returns what is stored for it. A claim older than
   * `ttlMs` is taken over (the key may be reused after its retention period).
   */
  async claim(principal: string, key: string, requestHash: string, nowMs: number, ttlMs: number, run: string): Promise<IdempotencyClaim> {
    const inserted = await this.db.query(
      `INSERT INTO idempotency_key (principal, idempotency_key, request_hash, created_at_ms, claim_run) VALUES ($1, $2, $3, $4, $6)
       ON CONFLICT (principal, idempotency_key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = NULL, response = NULL, created_at_ms = EXCLUDED.created_at_ms, claim_run = EXCLUDED.claim_run
         WHERE idempotency_key.created_at_ms < $4 - $5`,
      [principal, key, requestHash, nowMs, ttlMs, run],
    );
    if (inserted.rowCount === 1) return { claimed: true, createdAtMs: nowMs };
    const result = await this.db.query<{ request_hash: string; status_code: number | null; response: unknown; created_at_ms: string; claim_run: string | null }>(
      'SELECT request_hash, status_code, response, created_at_ms::text AS created_at_ms, claim_run FROM idempotency_key WHERE principal = $1 AND idempotency_key = $2',
      [principal, key],
    );
    const row = result.rows[0];
    // Released between the two statements: the caller may simply try again.
    if (row === undefined) return this.claim(principal, key, requestHash, nowMs, ttlMs, run);
    return { claimed: false, existing: { requestHash: row.request_hash, statusCode: row.status_code, body: row.response, createdAtMs: Number(row.created_at_ms), claimRun: row.claim_run } };
  }

  /**
   * Takes over a claim left without an answer by `from` (a run that is gone, or an attempt of this run that ended
   * without storing its answer) for the run `to`. True when this caller got it: of two repeats at once, one does.
   */
  async takeOver(principal: string, key: string, from: StoredResponse, to: string): Promise<boolean> {
    const updated = await this.db.query(
      `UPDATE idempotency_key SET claim_run = $5
       WHERE principal = $1 AND idempotency_key = $2 AND status_code IS NULL AND created_at_ms = $3 AND claim_run IS NOT DISTINCT FROM $4`,
      [principal, key, from.createdAtMs, from.claimRun, to],
    );
    return updated.rowCount === 1;
  }

  async complete(principal: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.db.query('UPDATE idempotency_key SET status_code = $3, response = $4::jsonb WHERE principal = $1 AND idempotency_key = $2', [principal, key, statusCode, JSON.stringify(body ?? null)]);
  }

  /** Forgets a claim whose request failed, so that a retry runs it again. */
  async release(principal: string, key: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_key WHERE principal = $1 AND idempotency_key = $2 AND status_code IS NULL', [principal, key]);
  }
}
