import { CancelReason, OrderStatus, OrderType, qtyLots, SelfTradePrevention, TimeInForce } from './model';
import type { EngineEvent } from './model';
import { OrderPool, Place } from './book/book-order';
import type { BookOrder } from './book/book-order';
import type { OrderBook } from './book/order-book';
import { ExpiryQueue } from './book/expiry-queue';
import { ClientOrderIndex, OrderIdIndex } from './book/order-index';
import * as make from './event-factory';

/** An empty session index this small is kept for the session's next order; a larger one is let go. */
const KEPT_INDEX_CAPACITY = 1024;

/** The price a market order without a protection price may go to: this far (in basis points) past the best price. */
export const DEFAULT_MARKET_PROTECTION_BPS = 500;

/**
 * The matching core: the registry of live orders, arrival of an order (FOK and minimum quantity checks, price-time
 * matching with self-trade prevention, the remainder rested or cancelled), stop triggering, and the exits of an
 * order (filled, cancelled, expired). Single writer; events go to the buffer of the current command.
 */
export class Matcher {
  /**
   * The current command's events, in a buffer reused from command to command (takeEvents() hands out an
   * exact-size copy): a fresh array per command that grows on its first push cost ~150 bytes per command.
   */
  private readonly events: (EngineEvent | undefined)[] = [];
  private eventCount = 0;
  tsUs = 0n;
  nextTradeId = 1;
  readonly byId = new OrderIdIndex();
  readonly bySession = new Map<string, ClientOrderIndex>();
  readonly expiry = new ExpiryQueue();
  readonly pool = new OrderPool();
  private readonly protectionBps: number;

  constructor(marketProtectionBps: number) {
    this.protectionBps = marketProtectionBps;
  }

  /** Starts a command at `tsUs`: an empty event buffer (even if the previous command threw half way). */
  begin(tsUs: bigint): void {
    this.tsUs = tsUs;
    this.eventCount = 0;
  }

  emit(event: EngineEvent): void {
    this.events[this.eventCount] = event;
    this.eventCount += 1;
  }

  /** The events of the command that just ran, as a new array; the buffer is emptied for the next command. */
  takeEvents(): EngineEvent[] {
    const events = this.events;
    const count = this.eventCount;
    // The first `count` slots hold this command's events. Most commands have one (an array literal is
    // allocated inline; slice() is a call).
    const first = events[0];
    const out = count === 1 && first !== undefined ? [first] : (events.slice(0, count) as EngineEvent[]);
    // Drop the references (no stale events kept alive); the slots themselves stay for the next command.
    for (let index = 0; index < count; index += 1) events[index] = undefined;
    this.eventCount = 0;
    return out;
  }

  sessionOrders(sessionId: string): ClientOrderIndex | undefined {
    return this.bySession.get(sessionId);
  }

  /**
   * Files a newly accepted order in every index. `orders` and `probed`: its session's index and the result of
   * probing it for the order's ClOrdID (see ClientIdTable.probe), from the duplicate check just before; no index
   * yet for the session when undefined. The order keeps its book and session index for its later exits.
   * `expireUs`: when it expires (µs), Infinity when never.
   */
  register(book: OrderBook, order: BookOrder, orders: ClientOrderIndex | undefined, probed: number, expireUs: number): void {
    order.book = book;
    this.byId.set(order);
    if (orders === undefined) {
      const created = new ClientOrderIndex();
      this.bySession.set(order.terms.sessionId, created);
      created.set(order);
      order.sessionOrders = created;
    } else {
      orders.fileAt(order, probed);
      order.sessionOrders = orders;
    }
    if (expireUs !== Number.POSITIVE_INFINITY) this.expiry.add(order, expireUs, order.terms.timeInForce === TimeInForce.GoodTillDate);
  }

  /** A new client order id for a live order (replace): `order.terms` already holds it. */
  rekey(order: BookOrder): void {
    order.clientOrderId = order.terms.clientOrderId;
    const orders = order.sessionOrders;
    if (orders === null) return;
    orders.delete(order);
    orders.set(order);
  }

  private retire(order: BookOrder): void {
    // Only a registered order is retired, once: the pool must not get the same node twice.
    if (!this.byId.delete(order)) return;
    const orders = order.sessionOrders;
    // A session's index stays when its last order goes, unless it grew large: a session that sends only IOC orders
    // would otherwise make a new index, and file it in bySession, for every order (5x the cost of such an order).
    if (orders !== null && orders.delete(order) && orders.size === 0 && orders.capacity > KEPT_INDEX_CAPACITY) this.bySession.delete(order.terms.sessionId);
    this.expiry.remove(order);
    this.pool.retire(order);
  }

  private detach(book: OrderBook, order: BookOrder): void {
    if (order.place === Place.Book) book.unrest(order);
    else if (order.place === Place.Stops) book.unpark(order);
  }

  cancel(book: OrderBook, order: BookOrder, reason: CancelReason, requestId: string | undefined): void {
    this.detach(book, order);
    order.leavesQty = 0;
    order.visibleQty = 0;
    order.status = OrderStatus.Cancelled;
    this.retire(order);
    this.emit(make.cancelled(order, reason, requestId, this.tsUs));
  }

  expire(book: OrderBook, order: BookOrder): void {
    this.detach(book, order);
    order.leavesQty = 0;
    order.visibleQty = 0;
    order.status = OrderStatus.Expired;
    this.retire(order);
    this.emit(make.expired(order, this.tsUs));
  }

  /** The worst price the order may trade at now; NaN when it cannot trade (a market order facing an empty side). */
  private limitOf(book: OrderBook, order: BookOrder): number {
    if (!order.isMarket || order.priceTicks !== 0) return order.priceTicks;
    const best = (order.isBuy ? book.asks : book.bids).best();
    if (best === undefined) return Number.NaN;
    const price = best.priceTicks;
    const band = Math.max(1, Math.floor((price * this.protectionBps) / 10_000));
    return order.isBuy ? price + band : Math.max(1, price - band);
  }

  /** A new order, or a triggered stop, meets the book. */
  arrive(book: OrderBook, order: BookOrder): void {
    const limit = this.limitOf(book, order);
    const tif = order.terms.timeInForce;
    const required = tif === TimeInForce.FillOrKill ? order.leavesQty : (order.terms.minQtyLots ?? 0);
    if (required > 0 && this.fillable(book, order, limit, required) < required) {
      this.cancel(book, order, tif === TimeInForce.FillOrKill ? CancelReason.FillOrKill : CancelReason.MinQuantity, undefined);
      return;
    }
    this.match(book, order, limit);
    this.settle(book, order);
  }

  /** After matching: rest what is left, or cancel it if the order may not rest. */
  settle(book: OrderBook, order: BookOrder): void {
    if (order.leavesQty === 0 || order.status === OrderStatus.Cancelled) return;
    const tif = order.terms.timeInForce;
    if (order.isMarket || tif === TimeInForce.ImmediateOrCancel || tif === TimeInForce.FillOrKill) {
      this.cancel(book, order, CancelReason.ImmediateRemainder, undefined);
      return;
    }
    order.visibleQty = order.displayQty > 0 ? Math.min(order.displayQty, order.leavesQty) : order.leavesQty;
    book.rest(order);
  }

  /** How much of `required` the order could fill at once, stopping at a self trade that would end it. */
  private fillable(book: OrderBook, order: BookOrder, limit: number, required: number): number {
    const levels = (order.isBuy ? book.asks : book.bids).levels;
    let sum = 0;
    for (let index = levels.length - 1; index >= 0; index -= 1) {
      const level = levels[index];
      if (level === undefined) break;
      if (order.isBuy ? !(level.priceTicks <= limit) : !(level.priceTicks >= limit)) break;
      for (let resting = level.head; resting !== null; resting = resting.next) {
        if (order.selfMatches(resting)) {
          if (order.stpMode === SelfTradePrevention.CancelResting) continue;
          return sum;
        }
        sum += resting.leavesQty;
        if (sum >= required) return sum;
      }
    }
    return sum;
  }

  /** Price-time matching of an aggressing order against the other side, up to `limit`. */
  match(book: OrderBook, order: BookOrder, limit: number): void {
    const side = order.isBuy ? book.asks : book.bids;
    const isBuy = order.isBuy;
    while (order.leavesQty > 0) {
      const level = side.best();
      if (level === undefined) return;
      if (isBuy ? !(level.priceTicks <= limit) : !(level.priceTicks >= limit)) return;
      let resting = level.head;
      while (resting !== null && order.leavesQty > 0) {
        const next = resting.next;
        if (order.stpMode !== SelfTradePrevention.None && order.selfMatches(resting)) {
          if (this.preventSelfTrade(book, order, resting)) return;
        } else {
          this.fill(book, order, resting, level.priceTicks);
        }
        resting = next;
      }
    }
  }

  /** Applies the aggressor's self-trade prevention; true when the aggressor is done. */
  private preventSelfTrade(book: OrderBook, order: BookOrder, resting: BookOrder): boolean {
    const reason = CancelReason.SelfTradePrevention;
    switch (order.stpMode) {
      case SelfTradePrevention.CancelResting:
        this.cancel(book, resting, reason, undefined);
        return false;
      case SelfTradePrevention.CancelAggressor:
        this.cancel(book, order, reason, undefined);
        return true;
      case SelfTradePrevention.CancelBoth:
        this.cancel(book, resting, reason, undefined);
        this.cancel(book, order, reason, undefined);
        return true;
      default: {
        const reduce = Math.min(order.leavesQty, resting.leavesQty);
        if (resting.leavesQty === reduce) this.cancel(book, resting, reason, undefined);
        else this.reduce(resting, reduce);
        if (order.leavesQty === reduce) {
          this.cancel(book, order, reason, undefined);
          return true;
        }
        this.reduce(order, reduce);
        return false;
      }
    }
  }

  /**
   * Self-trade prevention's decrement: the quantity taken off leaves the order, and its OrderQty goes down with it (new
   * terms, as a replace makes), so that OrderQty = CumQty + LeavesQty still holds: FIX reports a partial decline of
   * the order quantity (Appendix D E.1.d). A later replace back to the first quantity is an increase.
   */
  private reduce(order: BookOrder, qty: number): void {
    order.leavesQty -= qty;
    order.terms = { ...order.terms, qtyLots: qtyLots(order.terms.qtyLots - qty) };
    const level = order.level;
    if (level !== null && order.visibleQty > order.leavesQty) {
      level.visibleQty -= order.visibleQty - order.leavesQty;
      order.visibleQty = order.leavesQty;
    }
    this.emit(make.restated(order, CancelReason.SelfTradePrevention, qty, this.tsUs));
  }

  private fill(book: OrderBook, taker: BookOrder, maker: BookOrder, priceTicks: number): void {
    const qty = taker.leavesQty < maker.visibleQty ? taker.leavesQty : maker.visibleQty;
    const level = maker.level;
    maker.visibleQty -= qty;
    if (level !== null) level.visibleQty -= qty;
    maker.leavesQty -= qty;
    maker.cumQty += qty;
    maker.addNotional(priceTicks, qty);
    maker.status = maker.leavesQty === 0 ? OrderStatus.Filled : OrderStatus.PartiallyFilled;
    taker.leavesQty -= qty;
    taker.cumQty += qty;
    taker.addNotional(priceTicks, qty);
    taker.status = taker.leavesQty === 0 ? OrderStatus.Filled : OrderStatus.PartiallyFilled;
    book.lastPriceTicks = priceTicks;
    this.emit(make.trade(this.nextTradeId++, priceTicks, qty, maker, taker, this.tsUs));
    if (maker.leavesQty === 0) {
      book.unrest(maker);
      this.retire(maker);
    } else if (maker.visibleQty === 0 && level !== null) {
      // Iceberg: the next peak goes to the back of the queue (new time priority).
      level.unlink(maker);
      maker.visibleQty = Math.min(maker.displayQty, maker.leavesQty);
      level.append(maker);
    }
    if (taker.leavesQty === 0) this.retire(taker);
  }

  /** Triggers the stops the last trade price has reached, oldest first, until no more are reached. */
  runStops(book: OrderBook): void {
    while (book.hasTriggeredStops()) {
      const last = book.lastPriceTicks;
      for (const order of book.takeTriggered()) {
        if (order.terms.type === OrderType.Stop) order.isMarket = true;
        this.emit(make.triggered(order, last, this.tsUs));
        this.arrive(book, order);
      }
    }
  }
}
