import type { Database } from '../database';

export interface StoredResponse {
  readonly requestHash: string;
  /** Null while the first request with this key is still being served. */
  readonly statusCode: number | null;
  readonly body: unknown;
}

export type IdempotencyClaim = { readonly claimed: true } | { readonly claimed: false; readonly existing: StoredResponse };

/** First responses per (principal, Idempotency-Key): a repeat of a request gets the first answer back. */
export class IdempotencyRepository {
  constructor(private readonly db: Database) {}

  /**
   * Claims the key for this request, or returns what is stored for it. A claim older than `ttlMs` is taken over
   * (the key may be reused after its retention period).
   */
  async claim(principal: string, key: string, requestHash: string, nowMs: number, ttlMs: number): Promise<IdempotencyClaim> {
    const inserted = await this.db.query(
      `INSERT INTO idempotency_key (principal, idempotency_key, request_hash, created_at_ms) VALUES ($1, $2, $3, $4)
       ON CONFLICT (principal, idempotency_key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = NULL, response = NULL, created_at_ms = EXCLUDED.created_at_ms
         WHERE idempotency_key.created_at_ms < $4 - $5`,
      [principal, key, requestHash, nowMs, ttlMs],
    );
    if (inserted.rowCount === 1) return { claimed: true };
    const result = await this.db.query<{ request_hash: string; status_code: number | null; response: unknown }>(
      'SELECT request_hash, status_code, response FROM idempotency_key WHERE principal = $1 AND idempotency_key = $2',
      [principal, key],
    );
    const row = result.rows[0];
    // Released between the two statements: the caller may simply try again.
    if (row === undefined) return this.claim(principal, key, requestHash, nowMs, ttlMs);
    return { claimed: false, existing: { requestHash: row.request_hash, statusCode: row.status_code, body: row.response } };
  }

  async complete(principal: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.db.query('UPDATE idempotency_key SET status_code = $3, response = $4::jsonb WHERE principal = $1 AND idempotency_key = $2', [principal, key, statusCode, JSON.stringify(body ?? null)]);
  }

  /** Forgets a claim whose request failed, so that a retry runs it again. */
  async release(principal: string, key: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_key WHERE principal = $1 AND idempotency_key = $2 AND status_code IS NULL', [principal, key]);
  }
}
