import type { Database } from '../database';

/** Instrument reference data as stored: sizes are exact decimal strings, never floats. */
export interface InstrumentRecord {
  readonly symbol: string;
  readonly isin: string | null;
  readonly currency: string;
  readonly tickSize: string;
  readonly lotSize: string;
  readonly tradingStatus: 'open' | 'halted' | 'closed';
}

interface InstrumentRow {
  symbol: string;
  isin: string | null;
  currency: string;
  tick_size: string;
  lot_size: string;
  trading_status: InstrumentRecord['tradingStatus'];
}

function toRecord(row: InstrumentRow): InstrumentRecord {
  return {
    symbol: row.symbol,
    isin: row.isin,
    currency: row.currency,
    tickSize: row.tick_size,
    lotSize: row.lot_size,
    tradingStatus: row.trading_status,
  };
}

export class InstrumentRepository {
  constructor(private readonly db: Database) {}

  async upsert(instrument: InstrumentRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO instrument (symbol, isin, currency, tick_size, lot_size, trading_status)
       VALUES ($1, $2, $3, $4::numeric, $5::numeric, $6)
       ON CONFLICT (symbol) DO UPDATE SET isin = EXCLUDED.isin, currency = EXCLUDED.currency,
         tick_size = EXCLUDED.tick_size, lot_size = EXCLUDED.lot_size,
         trading_status = EXCLUDED.trading_status, updated_at = now()`,
      [instrument.symbol, instrument.isin, instrument.currency, instrument.tickSize, instrument.lotSize, instrument.tradingStatus],
    );
  }

  async list(): Promise<readonly InstrumentRecord[]> {
    const result = await this.db.query<InstrumentRow>(
      'SELECT symbol, isin, currency, tick_size::text, lot_size::text, trading_status FROM instrument ORDER BY symbol',
    );
    return result.rows.map(toRecord);
  }

  async get(symbol: string): Promise<InstrumentRecord | null> {
    const result = await this.db.query<InstrumentRow>(
      'SELECT symbol, isin, currency, tick_size::text, lot_size::text, trading_status FROM instrument WHERE symbol = $1',
      [symbol],
    );
    const row = result.rows[0];
    return row === undefined ? null : toRecord(row);
  }
}
