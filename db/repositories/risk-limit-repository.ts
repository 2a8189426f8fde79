import type { Database, Queryable } from '../database';

export type RiskLimitScope = 'global' | 'firm' | 'account' | 'session';

/** The limits in force for one level (and instrument), as stored (limits as the JSON object risk reads). */
export interface RiskLimitRecord {
  readonly scope: RiskLimitScope;
  readonly scopeId: string;
  /** null: the level's general limits; else limits for this instrument only. */
  readonly symbol: string | null;
  readonly limits: Readonly<Record<string, unknown>>;
  /** The change that set them. */
  readonly changeId: number;
  readonly updatedBy: string;
  readonly updatedAt: Date;
}

/** One audited change: who, when, the old and the new limits (null: none before / removed). */
export interface RiskLimitChangeRecord {
  readonly changeId: number;
  readonly scope: RiskLimitScope;
  readonly scopeId: string;
  readonly symbol: string | null;
  readonly oldLimits: Readonly<Record<string, unknown>> | null;
  readonly newLimits: Readonly<Record<string, unknown>> | null;
  readonly changedBy: string;
  readonly reason: string | null;
  readonly changedAt: Date;
}

export interface RiskLimitChangeInput {
  readonly scope: RiskLimitScope;
  readonly scopeId: string;
  readonly symbol: string | null;
  /** The new limits (a JSON object); null removes them. */
  readonly limits: object | null;
  readonly changedBy: string;
  readonly reason?: string | null | undefined;
}

interface LimitRow {
  scope: RiskLimitScope;
  scope_id: string;
  symbol: string;
  limits: Record<string, unknown>;
  change_id: string;
  updated_by: string;
  updated_at: Date;
}

interface ChangeRow {
  change_id: string;
  scope: RiskLimitScope;
  scope_id: string;
  symbol: string;
  old_limits: Record<string, unknown> | null;
  new_limits: Record<string, unknown> | null;
  changed_by: string;
  reason: string | null;
  changed_at: Date;
}

const CHANGE_COLUMNS = 'change_id::text, scope, scope_id, symbol, old_limits, new_limits, changed_by, reason, changed_at';
/** One lock for every limit change, so that change ids commit in order and a reader polling by id misses none. */
const CHANGE_LOCK = 7_310_406;

function toChange(row: ChangeRow): RiskLimitChangeRecord {
  return {
    changeId: Number(row.change_id),
    scope: row.scope,
    scopeId: row.scope_id,
    symbol: row.symbol === '' ? null : row.symbol,
    oldLimits: row.old_limits,
    newLimits: row.new_limits,
    changedBy: row.changed_by,
    reason: row.reason,
    changedAt: row.changed_at,
  };
}

/**
 * Pre-trade risk limits (table risk_limit) and their append-only audit (risk_limit_change). Every change goes
 * through `change`, which writes the audit row and the new state in one transaction.
 */
export class RiskLimitRepository {
  constructor(private readonly db: Database) {}

  async list(): Promise<readonly RiskLimitRecord[]> {
    const result = await this.db.query<LimitRow>('SELECT scope, scope_id, symbol, limits, change_id::text, updated_by, updated_at FROM risk_limit ORDER BY scope, scope_id, symbol');
    return result.rows.map((r) => ({
      scope: r.scope,
      scopeId: r.scope_id,
      symbol: r.symbol === '' ? null : r.symbol,
      limits: r.limits,
      changeId: Number(r.change_id),
      updatedBy: r.updated_by,
      updatedAt: r.updated_at,
    }));
  }

  /** Sets (or, with null limits, removes) one level's limits and records the change; returns the change. */
  async change(input: RiskLimitChangeInput): Promise<RiskLimitChangeRecord> {
    const symbol = input.symbol ?? '';
    return this.db.transaction(async (client: Queryable) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
      const old = await client.query<{ limits: Record<string, unknown> }>('SELECT limits FROM risk_limit WHERE scope = $1 AND scope_id = $2 AND symbol = $3', [input.scope, input.scopeId, symbol]);
      const inserted = await client.query<ChangeRow>(
        `INSERT INTO risk_limit_change (scope, scope_id, symbol, old_limits, new_limits, changed_by, reason)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7) RETURNING ${CHANGE_COLUMNS}`,
        [input.scope, input.scopeId, symbol, jsonOrNull(old.rows[0]?.limits ?? null), jsonOrNull(input.limits), input.changedBy, input.reason ?? null],
      );
      const change = inserted.rows[0];
      if (change === undefined) throw new RangeError('risk_limit_change insert returned no row');
      if (input.limits === null) {
        await client.query('DELETE FROM risk_limit WHERE scope = $1 AND scope_id = $2 AND symbol = $3', [input.scope, input.scopeId, symbol]);
      } else {
        await client.query(
          `INSERT INTO risk_limit (scope, scope_id, symbol, limits, change_id, updated_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6)
           ON CONFLICT (scope, scope_id, symbol) DO UPDATE SET limits = EXCLUDED.limits, change_id = EXCLUDED.change_id,
             updated_by = EXCLUDED.updated_by, updated_at = clock_timestamp()`,
          [input.scope, input.scopeId, symbol, JSON.stringify(input.limits), change.change_id, input.changedBy],
        );
      }
      return toChange(change);
    });
  }

  /** Changes after `changeId`, oldest first: what a running gateway applies to catch up. */
  async changesSince(changeId: number, max = 1000): Promise<readonly RiskLimitChangeRecord[]> {
    const result = await this.db.query<ChangeRow>(`SELECT ${CHANGE_COLUMNS} FROM risk_limit_change WHERE change_id > $1 ORDER BY change_id LIMIT $2`, [changeId, max]);
    return result.rows.map(toChange);
  }

  /** The audit trail of one level (every instrument), oldest first. */
  async history(scope: RiskLimitScope, scopeId: string): Promise<readonly RiskLimitChangeRecord[]> {
    const result = await this.db.query<ChangeRow>(`SELECT ${CHANGE_COLUMNS} FROM risk_limit_change WHERE scope = $1 AND scope_id = $2 ORDER BY change_id`, [scope, scopeId]);
    return result.rows.map(toChange);
  }
}

function jsonOrNull(value: object | null): string | null {
  return value === null ? null : JSON.stringify(value);
}
