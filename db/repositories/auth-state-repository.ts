import type { Database } from '../database';

export interface AuthFailureRecord {
  readonly subject: string;
  readonly failures: number;
  readonly lastFailureAtMs: number;
  readonly lockedUntilMs: number | null;
}

interface FailureRow {
  subject: string;
  failures: number;
  last_failure_at_ms: string;
  locked_until_ms: string | null;
}

/** Revoked token ids and the failure counters behind login lockout: state every gateway process must share. */
export class AuthStateRepository {
  constructor(private readonly db: Database) {}

  async revokeToken(jti: string, expiresAtMs: number): Promise<void> {
    await this.db.query('INSERT INTO revoked_token (jti, expires_at_ms) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING', [jti, expiresAtMs]);
  }

  async isTokenRevoked(jti: string): Promise<boolean> {
    const result = await this.db.query('SELECT 1 FROM revoked_token WHERE jti = $1', [jti]);
    return result.rowCount === 1;
  }

  /** Drops revocations of tokens that have expired anyway. */
  async purgeRevokedTokens(nowMs: number): Promise<number> {
    const result = await this.db.query('DELETE FROM revoked_token WHERE expires_at_ms < $1', [nowMs]);
    return result.rowCount ?? 0;
  }

  async failure(subject: string): Promise<AuthFailureRecord | null> {
    const result = await this.db.query<FailureRow>('SELECT subject, failures, last_failure_at_ms::text, locked_until_ms::text FROM auth_failure WHERE subject = $1', [subject]);
    const row = result.rows[0];
    return row === undefined ? null : toFailure(row);
  }

  /** Counts one failure; a count whose last failure is older than `windowMs` starts again at 1. Returns the count. */
  async recordFailure(subject: string, nowMs: number, windowMs: number): Promise<number> {
    const result = await this.db.query<{ failures: number }>(
      `INSERT INTO auth_failure (subject, failures, last_failure_at_ms) VALUES ($1, 1, $2)
       ON CONFLICT (subject) DO UPDATE SET
         failures = CASE WHEN auth_failure.last_failure_at_ms < $2 - $3 THEN 1 ELSE auth_failure.failures + 1 END,
         last_failure_at_ms = $2
       RETURNING failures`,
      [subject, nowMs, windowMs],
    );
    return result.rows[0]?.failures ?? 1;
  }

  async lock(subject: string, untilMs: number): Promise<void> {
    await this.db.query('UPDATE auth_failure SET locked_until_ms = $2 WHERE subject = $1', [subject, untilMs]);
  }

  async clearFailures(subject: string): Promise<void> {
    await this.db.query('DELETE FROM auth_failure WHERE subject = $1', [subject]);
  }
}

function toFailure(row: FailureRow): AuthFailureRecord {
  return {
    subject: row.subject,
    failures: row.failures,
    lastFailureAtMs: Number(row.last_failure_at_ms),
    lockedUntilMs: row.locked_until_ms === null ? null : Number(row.locked_until_ms),
  };
}
