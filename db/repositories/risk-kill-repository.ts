import type { Database } from '../database';
import type { RiskLimitScope } from './risk-limit-repository';

export interface RiskKillEventRecord {
  readonly eventId: number;
  readonly action: 'KILL' | 'RELEASE';
  readonly scope: RiskLimitScope;
  /** '*' for global. */
  readonly scopeId: string;
  readonly actor: string;
  readonly reason: string | null;
  readonly at: Date;
}

interface Row {
  event_id: string;
  action: 'KILL' | 'RELEASE';
  scope: RiskLimitScope;
  scope_id: string;
  actor: string;
  reason: string | null;
  at: Date;
}

const COLUMNS = 'event_id::text, action, scope, scope_id, actor, reason, at';
/** The same lock as limit changes: event ids commit in order, so a reader polling by id misses none. */
const CHANGE_LOCK = 7_310_406;

function toRecord(r: Row): RiskKillEventRecord {
  return { eventId: Number(r.event_id), action: r.action, scope: r.scope, scopeId: r.scope_id, actor: r.actor, reason: r.reason, at: r.at };
}

/** Kill switches engaged and released (append-only risk_kill_event): the operator's record and the gateway's feed. */
export class RiskKillRepository {
  constructor(private readonly db: Database) {}

  async record(action: 'KILL' | 'RELEASE', scope: RiskLimitScope, scopeId: string, actor: string, reason: string | null = null): Promise<RiskKillEventRecord> {
    return this.db.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
      const result = await client.query<Row>(`INSERT INTO risk_kill_event (action, scope, scope_id, actor, reason) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`, [action, scope, scopeId, actor, reason]);
      const row = result.rows[0];
      if (row === undefined) throw new RangeError('risk_kill_event insert returned no row');
      return toRecord(row);
    });
  }

  /** The scopes whose latest event is a KILL, each with that event. */
  async engaged(): Promise<readonly RiskKillEventRecord[]> {
    const result = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM (SELECT DISTINCT ON (scope, scope_id) * FROM risk_kill_event ORDER BY scope, scope_id, event_id DESC) latest
       WHERE action = 'KILL' ORDER BY event_id`,
    );
    return result.rows.map(toRecord);
  }

  async eventsSince(eventId: number, max = 1000): Promise<readonly RiskKillEventRecord[]> {
    const result = await this.db.query<Row>(`SELECT ${COLUMNS} FROM risk_kill_event WHERE event_id > $1 ORDER BY event_id LIMIT $2`, [eventId, max]);
    return result.rows.map(toRecord);
  }

  async lastEventId(): Promise<number> {
    const result = await this.db.query<{ id: string | null }>('SELECT max(event_id)::text AS id FROM risk_kill_event');
    return Number(result.rows[0]?.id ?? 0);
  }
}
