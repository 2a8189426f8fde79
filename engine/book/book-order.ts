import { OrderStatus, SelfTradePrevention, SelfTradeScope } from '../model';
import type { OrderTerms } from '../model';
import type { PriceLevel } from './price-level';
import type { ExpiryBucket } from './expiry-queue';
import type { OrderBook } from './order-book';
import type { ClientOrderIndex } from './order-index';

/** Where a live order is: resting in a price level, waiting for its trigger in the stop list, or neither (arriving). */
export enum Place {
  None = 0,
  Book = 1,
  Stops = 2,
}

/**
 * The engine's mutable view of one live order: an intrusive node of its price level's queue, of its expiry
 * bucket and of the order indexes, and the counters of its state. One shape for every order (monomorphic).
 * Nodes are recycled (see OrderPool): `init` sets every field, so a reused node carries nothing over.
 */
export class BookOrder {
  terms!: OrderTerms;
  orderId = 0;
  /** The current ClOrdID (terms.clientOrderId), kept here so index probes need not go through `terms`. */
  clientOrderId = '';
  /**
   * The book it belongs to and its session's ClientOrderIndex: found once at acceptance (Matcher.register), not
   * looked up again per cancel or replace. `book` is set before the order is used and not cleared on recycling
   * (books live as long as the engine).
   */
  book!: OrderBook;
  sessionOrders: ClientOrderIndex | null = null;
  isBuy = false;
  /** True for a market order and for a triggered stop (market): never rests. */
  isMarket = false;
  /** Limit price (ticks); for a market order its protection price, or 0 when none was given (prices are positive). */
  priceTicks = 0;
  /** Trigger price of a stop order; 0 for other orders. */
  stopPriceTicks = 0;
  /** Iceberg peak; 0 when the order shows all of it. */
  displayQty = 0;
  /** Quantity shown now (the rest of the iceberg peak, or all of leaves). */
  visibleQty = 0;
  leavesQty = 0;
  cumQty = 0;
  /** Sum of price x quantity over the fills, exact (what events carry). */
  notionalTicksLots = 0n;
  /** The same as a number while it is a safe integer (exact), NaN from the first fill that would pass 2^53. */
  notional = 0;
  status: OrderStatus = OrderStatus.New;
  place: Place = Place.None;
  level: PriceLevel | null = null;
  prev: BookOrder | null = null;
  next: BookOrder | null = null;
  /**
   * Expiry bucket (orders expiring at the same time, by order id; its time is the order's expiry) and the
   * neighbours in it; see ExpiryQueue. No expiry time of its own: a double field is one more boxed store per order.
   */
  expiryBucket: ExpiryBucket | null = null;
  expiryPrev: BookOrder | null = null;
  expiryNext: BookOrder | null = null;
  /** Hash of the client order id and the slot in the session's ClientOrderIndex (-1: not indexed). */
  clientHash = 0;
  clientSlot = -1;
  stpMode: SelfTradePrevention = SelfTradePrevention.None;
  stpByFirm = false;

  constructor(terms: OrderTerms) {
    this.init(terms);
  }

  /** The key the session's ClientOrderIndex files it under: its current ClOrdID. */
  clientKey(): string {
    return this.clientOrderId;
  }

  /** (Re)starts this node as a new order: every field of the state is set here. */
  init(terms: OrderTerms): void {
    this.terms = terms;
    this.orderId = terms.orderId;
    this.clientOrderId = terms.clientOrderId;
    this.isBuy = terms.side === 'BUY';
    this.isMarket = false;
    this.priceTicks = terms.priceTicks ?? 0;
    this.stopPriceTicks = terms.stopPriceTicks ?? 0;
    this.displayQty = terms.displayQtyLots ?? 0;
    this.leavesQty = terms.qtyLots;
    this.visibleQty = this.displayQty > 0 ? Math.min(this.displayQty, terms.qtyLots) : terms.qtyLots;
    this.cumQty = 0;
    this.notionalTicksLots = 0n;
    this.notional = 0;
    this.status = OrderStatus.New;
    this.place = Place.None;
    this.clear();
    this.clientHash = 0;
    this.clientSlot = -1;
    this.stpMode = terms.selfTradePrevention;
    this.stpByFirm = terms.selfTradeScope === SelfTradeScope.Firm;
  }

  /**
   * Adds a fill's price x quantity to the notional. In Number arithmetic while the sum stays a safe integer (then
   * the sum of two safe integers is exact): one BigInt conversion instead of a BigInt product and sum per fill.
   * Past 2^53 it goes on in BigInt, for good (`notional` stays NaN).
   */
  addNotional(priceTicks: number, qty: number): void {
    const sum = this.notional + priceTicks * qty;
    if (Number.isSafeInteger(sum)) {
      this.notional = sum;
      this.notionalTicksLots = BigInt(sum);
    } else {
      this.notional = Number.NaN;
      this.notionalTicksLots += BigInt(priceTicks) * BigInt(qty);
    }
  }

  /** True when this (aggressing) order may not trade with `resting` under its self-trade prevention. */
  selfMatches(resting: BookOrder): boolean {
    if (this.stpMode === SelfTradePrevention.None) return false;
    if (resting.terms.firm !== this.terms.firm) return false;
    return this.stpByFirm || resting.terms.account === this.terms.account;
  }

  /** Drops the references a recycled node would otherwise keep alive (neighbours, indexes). */
  clear(): void {
    this.sessionOrders = null;
    this.level = null;
    this.prev = null;
    this.next = null;
    this.expiryBucket = null;
    this.expiryPrev = null;
    this.expiryNext = null;
  }
}

/**
 * Recycles order nodes: a retired order goes back to the pool at the end of the command that retired it (the
 * command may still read it, e.g. for its last event), and the next accepted order reuses it. Resting orders
 * live long enough to reach V8's old generation; without reuse each one is garbage for a full collection.
 */
export class OrderPool {
  private readonly free: BookOrder[] = [];
  private readonly retired: BookOrder[] = [];
  private readonly limit: number;

  constructor(limit = 65_536) {
    this.limit = limit;
  }

  take(terms: OrderTerms): BookOrder {
    const order = this.free.pop();
    if (order === undefined) return new BookOrder(terms);
    order.init(terms);
    return order;
  }

  /** Called once per retired order (the caller guarantees it). */
  retire(order: BookOrder): void {
    this.retired.push(order);
  }

  /** End of a command: the orders it retired may now be reused. */
  recycle(): void {
    const retired = this.retired;
    const free = this.free;
    while (retired.length > 0) {
      const order = retired.pop();
      if (order === undefined) break;
      order.clear();
      if (free.length < this.limit) free.push(order);
    }
  }
}
