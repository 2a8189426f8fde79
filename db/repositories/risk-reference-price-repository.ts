import type { Database } from '../database';

export interface ReferencePriceEventRecord {
  readonly eventId: number;
  readonly symbol: string;
  /** The price as a decimal string; null when the reference was withdrawn. */
  readonly price: string | null;
  readonly actor: string;
  readonly reason: string | null;
  readonly at: Date;
}

interface Row {
  event_id: string;
  symbol: string;
  price: string | null;
  actor: string;
  reason: string | null;
  at: Date;
}

const COLUMNS = 'event_id::text, symbol, price::text, actor, reason, at';
/** The same lock as limit changes and kill events: event ids commit in order, so a reader polling by id misses none. */
const CHANGE_LOCK = 7_310_406;

function toRecord(r: Row): ReferencePriceEventRecord {
  return { eventId: Number(r.event_id), symbol: r.symbol, price: r.price, actor: r.actor, reason: r.reason, at: r.at };
}

/** External reference prices set and withdrawn (append-only risk_reference_price_event): the record and the gateway's feed. */
export class RiskReferencePriceRepository {
  constructor(private readonly db: Database) {}

  /** Stores a reference price of a symbol (null withdraws it), with who and why. */
  async record(symbol: string, price: string | null, actor: string, reason: string | null = null): Promise<ReferencePriceEventRecord> {
    return this.db.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
      const result = await client.query<Row>(`INSERT INTO risk_reference_price_event (symbol, price, actor, reason) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`, [symbol, price, actor, reason]);
      const row = result.rows[0];
      if (row === undefined) throw new RangeError('risk_reference_price_event insert returned no row');
      return toRecord(row);
    });
  }

  /** The symbols whose latest event sets a price, each with that event. */
  async current(): Promise<readonly ReferencePriceEventRecord[]> {
    const result = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM (SELECT DISTINCT ON (symbol) * FROM risk_reference_price_event ORDER BY symbol, event_id DESC) latest
       WHERE price IS NOT NULL ORDER BY event_id`,
    );
    return result.rows.map(toRecord);
  }

  async eventsSince(eventId: number, max = 1000): Promise<readonly ReferencePriceEventRecord[]> {
    const result = await this.db.query<Row>(`SELECT ${COLUMNS} FROM risk_reference_price_event WHERE event_id > $1 ORDER BY event_id LIMIT $2`, [eventId, max]);
    return result.rows.map(toRecord);
  }

  async lastEventId(): Promise<number> {
    const result = await this.db.query<{ id: string | null }>('SELECT max(event_id)::text AS id FROM risk_reference_price_event');
    return Number(result.rows[0]?.id ?? 0);
  }
}
