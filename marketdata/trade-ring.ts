import type { PriceTicks, QtyLots, Side, TimestampUs } from '../engine/model';

/** One trade as market data keeps it: integers only (the REST edge converts with the instrument). */
export interface RecentTrade {
  readonly tradeId: number;
  readonly priceTicks: PriceTicks;
  readonly qtyLots: QtyLots;
  /** The side of the incoming (taker) order. */
  readonly aggressor: Side;
  readonly tsUs: TimestampUs;
  /** Cancelled by the venue since: kept in its slot, not shown. */
  readonly cancelled?: boolean | undefined;
}

/** The latest `capacity` trades of one instrument: a fixed array written round, the oldest overwritten. */
export class TradeRing {
  private readonly slots: (RecentTrade | undefined)[];
  /** Where the next trade goes. */
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<RecentTrade | undefined>(capacity).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  push(trade: RecentTrade): void {
    this.slots[this.next] = trade;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count += 1;
  }

  /** The latest trade not cancelled, if any. */
  last(): RecentTrade | undefined {
    return this.recent(1)[0];
  }

  /** Up to `limit` trades, newest first; cancelled ones left out. */
  recent(limit: number): RecentTrade[] {
    const n = Math.max(0, Math.floor(limit));
    const out: RecentTrade[] = [];
    for (let i = 1; i <= this.count && out.length < n; i += 1) {
      const trade = this.slots[(this.next - i + this.capacity) % this.capacity];
      if (trade !== undefined && trade.cancelled !== true) out.push(trade);
    }
    return out;
  }

  /** A kept trade as the venue amended it (a cancel marks it cancelled); the trade before, or undefined when no longer kept. */
  amend(tradeId: number, priceTicks: PriceTicks, qtyLots: QtyLots, cancelled: boolean): RecentTrade | undefined {
    for (let i = 0; i < this.capacity; i += 1) {
      const trade = this.slots[i];
      if (trade === undefined || trade.tradeId !== tradeId) continue;
      this.slots[i] = cancelled ? { ...trade, cancelled } : { ...trade, priceTicks, qtyLots };
      return trade;
    }
    return undefined;
  }
}
