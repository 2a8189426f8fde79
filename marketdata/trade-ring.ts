import type { PriceTicks, QtyLots, Side, TimestampUs } from '../engine/model';

/** One trade as market data keeps it: integers only (the REST edge converts with the instrument). */
export interface RecentTrade {
  readonly tradeId: number;
  readonly priceTicks: PriceTicks;
  readonly qtyLots: QtyLots;
  /** The side of the incoming (taker) order. */
  readonly aggressor: Side;
  readonly tsUs: TimestampUs;
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

  /** The latest trade, if any. */
  last(): RecentTrade | undefined {
    return this.count === 0 ? undefined : this.slots[(this.next - 1 + this.capacity) % this.capacity];
  }

  /** Up to `limit` trades, newest first. */
  recent(limit: number): RecentTrade[] {
    const n = Math.min(Math.max(0, Math.floor(limit)), this.count);
    const out: RecentTrade[] = [];
    for (let i = 1; i <= n; i += 1) {
      const trade = this.slots[(this.next - i + this.capacity) % this.capacity];
      if (trade !== undefined) out.push(trade);
    }
    return out;
  }
}
