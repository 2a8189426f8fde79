import type { EngineEvent, PriceTicks, QtyLots } from '../../engine/model';

/** A trade as it stands now (after any correction), for operations to cancel or correct it. */
export interface RecordedTrade {
  readonly tradeId: number;
  readonly symbol: string;
  readonly priceTicks: PriceTicks;
  readonly qtyLots: QtyLots;
  readonly makerOrderId: number;
  readonly takerOrderId: number;
  /** When it was made (the Trade event's time). */
  readonly tradedUs: bigint;
  /** The gateway seq of the event that made it stand so: the trade, or its last correction (ExecRefID at FIX). */
  readonly eventSeq: number;
  readonly cancelled: boolean;
}

/** How many trades are kept for amendment by default (the oldest forgotten first). */
export const DEFAULT_RECENT_TRADES = 100_000;

/**
 * The trades of late, by TrdMatchID, as they stand: what a trade cancel or correction by operations starts from. The
 * engine keeps no trades; the order path feeds this with every event as it is produced, and the recovery's replay
 * rebuilds it. In memory, bounded: a trade older than the last `max` cannot be amended online.
 */
export class RecentTrades {
  private readonly trades = new Map<number, RecordedTrade>();

  constructor(private readonly max = DEFAULT_RECENT_TRADES) {}

  /** The events of one command, in order; `firstSeq` is the first one's sequence number (0: not known, a journal from before it was kept). */
  observe(events: readonly EngineEvent[], firstSeq: number): void {
    for (let i = 0; i < events.length; i += 1) {
      const event = events[i];
      if (event === undefined) continue;
      const eventSeq = firstSeq === 0 ? 0 : firstSeq + i;
      if (event.kind === 'Trade') {
        this.trades.set(event.tradeId, {
          tradeId: event.tradeId,
          symbol: event.symbol,
          priceTicks: event.priceTicks,
          qtyLots: event.qtyLots,
          makerOrderId: event.maker.order.orderId,
          takerOrderId: event.taker.order.orderId,
          tradedUs: event.tsUs,
          eventSeq,
          cancelled: false,
        });
        if (this.trades.size > this.max) this.forgetOldest();
      } else if (event.kind === 'TradeAmended') {
        const trade = this.trades.get(event.tradeId);
        if (trade !== undefined) this.trades.set(event.tradeId, { ...trade, priceTicks: event.priceTicks, qtyLots: event.qtyLots, eventSeq, cancelled: event.action === 'cancel' });
      }
    }
  }

  get(tradeId: number): RecordedTrade | undefined {
    return this.trades.get(tradeId);
  }

  get size(): number {
    return this.trades.size;
  }

  private forgetOldest(): void {
    const oldest = this.trades.keys().next();
    if (oldest.done !== true) this.trades.delete(oldest.value);
  }
}
