/**
 * The seeded order mix of one load session: limit orders around a fixed mid (most of them passive, some crossing
 * the mid so that they trade), cancels and replaces of the session's own working orders. The book stays bounded:
 * once the session has `maxWorkingOrders` working, a new order becomes a cancel. Prices are integer ticks and
 * quantities integer lots; they become decimal strings only when encoded.
 */
import { mulberry32 } from '../../support/seeded-random';
export const Side = { Buy: '1', Sell: '2' } as const;
export type Side = (typeof Side)[keyof typeof Side];

export interface WorkingOrder {
  readonly clOrdId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly priceTicks: number;
  readonly qtyLots: number;
}

export type OrderAction =
  | { readonly kind: 'new'; readonly order: WorkingOrder }
  | { readonly kind: 'cancel'; readonly clOrdId: string; readonly target: WorkingOrder }
  | { readonly kind: 'replace'; readonly target: WorkingOrder; readonly order: WorkingOrder };

export interface OrderFlowConfig {
  readonly symbols: readonly string[];
  readonly midTicks: number;
  /** Shares of new, cancel and replace (the rest of 1 after the first two is replace). */
  readonly newShare: number;
  readonly cancelShare: number;
  /** Share of new orders priced through the mid, so that they trade with the other sessions' resting orders. */
  readonly crossingShare: number;
  /** Mean distance from the mid of a passive order, in ticks (exponentially distributed). */
  readonly meanDistanceTicks: number;
  readonly maxWorkingOrders: number;
}

export const DEFAULT_ORDER_FLOW: Omit<OrderFlowConfig, 'symbols'> = {
  midTicks: 10_000,
  newShare: 0.7,
  cancelShare: 0.2,
  crossingShare: 0.15,
  meanDistanceTicks: 10,
  maxWorkingOrders: 250,
};

/** Replaces grow an order by up to 19 lots, up to this size. */
const MAX_REPLACE_QTY_LOTS = 1_000;

export class OrderFlow {
  private readonly random: () => number;
  private counter = 0;
  /** Working orders that no cancel or replace of ours is aimed at: the ones a new cancel or replace may pick. */
  private readonly idle: string[] = [];
  private readonly idleIndex = new Map<string, number>();
  private readonly working = new Map<string, WorkingOrder>();

  constructor(
    private readonly config: OrderFlowConfig,
    /** Prefix of this session's ClOrdIDs, unique across sessions and runs. */
    private readonly idPrefix: string,
    seed: number,
  ) {
    this.random = mulberry32(seed);
  }

  get workingCount(): number {
    return this.working.size;
  }

  next(): OrderAction {
    const roll = this.random();
    const wantsNew = roll < this.config.newShare && this.working.size < this.config.maxWorkingOrders;
    const target = wantsNew ? undefined : this.takeIdle();
    if (target === undefined) return { kind: 'new', order: this.newOrder() };
    if (roll < this.config.newShare + this.config.cancelShare) return { kind: 'cancel', clOrdId: this.nextId(), target };
    // A replace moves the order by up to two ticks and stays passive (on its own side of the mid).
    const { midTicks } = this.config;
    const moved = target.priceTicks + Math.floor(this.random() * 5) - 2;
    const priceTicks = target.side === Side.Buy ? Math.max(1, Math.min(moved, midTicks - 1)) : Math.max(moved, midTicks + 1);
    // Never below the original quantity: a replace below what is already filled cancels the order, and the
    // gateway reports that under the order's ClOrdID, not the replace's (see the e2e bench's notes).
    const qtyLots = Math.min(Math.max(target.qtyLots, MAX_REPLACE_QTY_LOTS), target.qtyLots + Math.floor(this.random() * 20));
    return { kind: 'replace', target, order: { ...target, clOrdId: this.nextId(), priceTicks, qtyLots } };
  }

  /** ExecutionReport New for an order of ours, or Replaced (the replacement is working under its new ClOrdID). */
  accepted(order: WorkingOrder): void {
    if (this.working.has(order.clOrdId)) return;
    this.working.set(order.clOrdId, order);
    this.makeIdle(order.clOrdId);
  }

  /** The order is filled, cancelled, replaced, expired or rejected: it can no longer be cancelled. */
  finished(clOrdId: string): void {
    this.working.delete(clOrdId);
    this.dropIdle(clOrdId);
  }

  /** A cancel or replace aimed at this order was refused: the order may be picked again. */
  released(clOrdId: string): void {
    if (this.working.has(clOrdId)) this.makeIdle(clOrdId);
  }

  private newOrder(): WorkingOrder {
    const { symbols, midTicks, meanDistanceTicks, crossingShare } = this.config;
    const side = this.random() < 0.5 ? Side.Buy : Side.Sell;
    const symbol = symbols[Math.floor(this.random() * symbols.length)] ?? symbols[0] ?? '';
    const crossing = this.random() < crossingShare;
    const distance = crossing ? -(1 + Math.floor(this.random() * 5)) : 1 + Math.floor(-Math.log(1 - this.random()) * meanDistanceTicks);
    const priceTicks = Math.max(1, side === Side.Buy ? midTicks - distance : midTicks + distance);
    return { clOrdId: this.nextId(), symbol, side, priceTicks, qtyLots: 1 + Math.floor(this.random() * 100) };
  }

  private nextId(): string {
    this.counter += 1;
    return `${this.idPrefix}${this.counter}`;
  }

  /** A random idle working order, taken out of the idle set (a cancel or replace is about to aim at it). */
  private takeIdle(): WorkingOrder | undefined {
    while (this.idle.length > 0) {
      const id = this.idle[Math.floor(this.random() * this.idle.length)] ?? '';
      this.dropIdle(id);
      const order = this.working.get(id);
      if (order !== undefined) return order;
    }
    return undefined;
  }

  private makeIdle(id: string): void {
    if (this.idleIndex.has(id)) return;
    this.idleIndex.set(id, this.idle.length);
    this.idle.push(id);
  }

  private dropIdle(id: string): void {
    const at = this.idleIndex.get(id);
    if (at === undefined) return;
    this.idleIndex.delete(id);
    const last = this.idle.pop();
    if (last !== undefined && last !== id) {
      this.idle[at] = last;
      this.idleIndex.set(last, at);
    }
  }
}

/** Integer ticks of 0.01 as the decimal string FIX carries: 10005 -> "100.05". */
export function ticksToPrice(ticks: number): string {
  const whole = Math.floor(ticks / 100);
  const cents = ticks % 100;
  return `${whole}.${cents < 10 ? '0' : ''}${cents}`;
}
