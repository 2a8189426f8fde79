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
  /** The same sum as a small integer (31 bits) while it is one; -1 from the first fill that takes it past. */
  smallNotional = 0;
  status: OrderStatus = OrderStatus.New;
  place: Place = Place.None;
  level: PriceLevel | null = null;
  prev: BookOrder | null = null;
  next: BookOrder | null = null;
  /**
   * Expiry bucket (orders expiring at the same time; its time is the order's expiry), whether the order is in its
   * list (GTD) or only counted (DAY), and its neighbours in the list; see ExpiryQueue. No expiry time of its own: a
   * double field is one more boxed store per order.
   */
  expiryBucket: ExpiryBucket | null = null;
  expiryListed = false;
  expiryPrev: BookOrder | null = null;
  expiryNext: BookOrder | null = null;
  /** Hash of the client order id, kept by the session's ClientOrderIndex (to find the order again for removal). */
  clientHash = 0;
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
    this.smallNotional = 0;
    this.status = OrderStatus.New;
    this.place = Place.None;
    this.clear();
    this.clientHash = 0;
    this.stpMode = terms.selfTradePrevention;
    this.stpByFirm = terms.selfTradeScope === SelfTradeScope.Firm;
  }

  /**
   * Adds a fill's price x quantity to the notional. While the sum fits in a small integer, the BigInt is made from
   * it (BigInt() of a small integer is a few ns and one 24-byte object); past that, the fill's own notional is added
   * in BigInt. BigInt() of a larger number (a heap number, which a double field would also make of a small sum)
   * cost ~30 ns, twice per trade; a BigInt sum per fill allocates twice.
   */
  addNotional(priceTicks: number, qty: number): void {
    const small = this.smallNotional;
    if (small >= 0) {
      const sum = small + priceTicks * qty;
      if (sum <= SMALL_NOTIONAL_MAX) {
        const exact = sum | 0;
        this.smallNotional = exact;
        this.notionalTicksLots = BigInt(exact);
        return;
      }
      this.smallNotional = -1;
    }
    this.notionalTicksLots += fillNotional(priceTicks, qty);
  }

  /** Takes a notional off (a trade cancelled or corrected by operations); the sum is kept in BigInt from then on. */
  takeNotional(notional: bigint): void {
    this.notionalTicksLots -= notional;
    this.smallNotional = -1;
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
    this.expiryListed = false;
    this.expiryPrev = null;
    this.expiryNext = null;
  }
}

/** The largest notional kept as a small integer: 2^31 - 1 (a Smi; prices and quantities are positive). */
const SMALL_NOTIONAL_MAX = 0x7fffffff;

/** The exact price x quantity of one fill as a BigInt (the product as a number when that is exact). */
function fillNotional(priceTicks: number, qty: number): bigint {
  const product = priceTicks * qty;
  return Number.isSafeInteger(product) ? BigInt(product) : BigInt(priceTicks) * BigInt(qty);
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
