import type { Database } from '../database';

/** One fill of an order as the journal's `execution` table holds it (integers: ticks, lots, µs). */
export interface ExecutionRecord {
  readonly tradeId: number;
  readonly liquidity: string;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly execTsUs: bigint;
}

/** The journal's fills, read back (they are written with their events, see PostgresJournalStore). */
export class ExecutionRepository {
  constructor(private readonly db: Database) {}

  /** The fills the order took at `tsUs` (as the taker), in trade order: those of the command that placed it, when `tsUs` is its acceptance time. */
  async takenAt(orderId: number, tsUs: bigint): Promise<ExecutionRecord[]> {
    const result = await this.db.query<{ trade_id: string; liquidity: string; price_ticks: string; qty_lots: string; exec_ts_us: string }>(
      "SELECT trade_id::text, liquidity, price_ticks::text, qty_lots::text, exec_ts_us::text FROM execution WHERE order_id = $1 AND liquidity = 'TAKER' AND exec_ts_us = $2 ORDER BY trade_id",
      [orderId, tsUs.toString()],
    );
    return result.rows.map((r) => ({ tradeId: Number(r.trade_id), liquidity: r.liquidity, priceTicks: Number(r.price_ticks), qtyLots: Number(r.qty_lots), execTsUs: BigInt(r.exec_ts_us) }));
  }
}
