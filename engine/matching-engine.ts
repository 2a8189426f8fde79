import {
  CancelReason,
  OrderType,
  RejectCode,
  Side,
  TimeInForce,
  TradingStatus,
  withTradingStatus,
} from './model';
import type {
  CancelOrder,
  EngineCommand,
  EngineEvent,
  Instrument,
  MassCancel,
  OrderStatusRequest,
  OrderTerms,
  PlaceOrder,
  ReplaceOrder,
  SetTradingStatus,
} from './model';
import { Place } from './book/book-order';
import type { BookOrder } from './book/book-order';
import { OrderBook } from './book/order-book';
import { bookDepth, checkInvariants, snapshotOf } from './book-inspector';
import type { BookDepth, OrderSnapshot } from './book-inspector';
import { EngineError } from './errors';
import * as make from './event-factory';
import { amendTrade } from './trade-amendment';
import { DEFAULT_MARKET_PROTECTION_BPS, Matcher } from './matcher';
import { AcceptedTerms } from './order-terms';
import { validatePlace, validateReplace } from './order-validation';
import { nextUtcMidnightUs, TradingDayClock } from './trading-day';

export interface MatchingEngineOptions {
  /** Protection of market orders without a price: at most this many basis points past the best opposite price. */
  readonly marketProtectionBps?: number;
  /** End of the trading day that holds a time (DAY orders expire then); default the next UTC midnight. Pure. */
  readonly tradingDayEndUs?: (nowUs: bigint) => bigint;
  /** The first gateway order id to assign (recovery continues the sequence); default 1. */
  readonly firstOrderId?: number;
  /** The first trade id to assign; default 1. */
  readonly firstTradeId?: number;
}

/**
 * The matching engine: price-time books for a set of instruments. Pure and deterministic: commands in, events
 * out, time passed in; no I/O, no clock. One writer: call it from one thread, one command at a time.
 */
export class MatchingEngine {
  private readonly books = new Map<string, OrderBook>();
  /** The book of the last order placed: consecutive orders are often for one instrument (a Map lookup saved). */
  private lastBook: OrderBook | undefined = undefined;
  private readonly matcher: Matcher;
  private readonly tradingDay: TradingDayClock;
  private nextOrderId: number;

  constructor(instruments: Iterable<Instrument>, options: MatchingEngineOptions = {}) {
    const bps = options.marketProtectionBps ?? DEFAULT_MARKET_PROTECTION_BPS;
    if (!Number.isSafeInteger(bps) || bps <= 0) throw new EngineError('GW_ERR_ENGINE_INVALID_OPTION', `marketProtectionBps must be a positive integer, got ${bps}`);
    this.matcher = new Matcher(bps);
    this.tradingDay = new TradingDayClock(options.tradingDayEndUs ?? nextUtcMidnightUs);
    this.nextOrderId = options.firstOrderId ?? 1;
    this.matcher.nextTradeId = options.firstTradeId ?? 1;
    for (const instrument of instruments) this.addInstrument(instrument);
  }

  addInstrument(instrument: Instrument): void {
    if (this.books.has(instrument.symbol)) {
      throw new EngineError('GW_ERR_ENGINE_DUPLICATE_INSTRUMENT', `instrument ${instrument.symbol} is already known`);
    }
    this.books.set(instrument.symbol, new OrderBook(instrument));
  }

  /** Executes one command at `nowUs` (UTC µs) and returns its events, in order. */
  execute(command: EngineCommand, nowUs: bigint): readonly EngineEvent[] {
    const matcher = this.matcher;
    matcher.begin(nowUs);
    switch (command.kind) {
      case 'PlaceOrder':
        this.place(command);
        break;
      case 'ReplaceOrder':
        this.replace(command);
        break;
      case 'CancelOrder':
        this.cancel(command);
        break;
      case 'MassCancel':
        this.massCancel(command);
        break;
      case 'OrderStatusRequest':
        this.status(command);
        break;
      case 'SetTradingStatus':
        this.setTradingStatus(command);
        break;
      case 'ExpireOrders':
        this.expireOrders();
        break;
      case 'AmendTrade':
        amendTrade(matcher, command);
        break;
    }
    matcher.pool.recycle();
    return matcher.takeEvents();
  }

  /** Expires the DAY and GTD orders due at `nowUs`. */
  expire(nowUs: bigint): readonly EngineEvent[] {
    return this.execute({ kind: 'ExpireOrders' }, nowUs);
  }

  halt(symbol: string, nowUs: bigint): readonly EngineEvent[] {
    return this.execute({ kind: 'SetTradingStatus', symbol, status: TradingStatus.Halted }, nowUs);
  }

  resume(symbol: string, nowUs: bigint): readonly EngineEvent[] {
    return this.execute({ kind: 'SetTradingStatus', symbol, status: TradingStatus.Open }, nowUs);
  }

  instrument(symbol: string): Instrument | undefined {
    return this.books.get(symbol)?.instrument;
  }

  /** The best `levels` price levels of each side (shown quantity only, icebergs' hidden part excluded). */
  depth(symbol: string, levels: number): BookDepth | undefined {
    const book = this.books.get(symbol);
    return book === undefined ? undefined : bookDepth(book, levels);
  }

  /** The best bid's price (ticks); NaN when no bid rests or the instrument is unknown. Allocates nothing. */
  bestBidTicks(symbol: string): number {
    const level = this.books.get(symbol)?.bids.best();
    return level === undefined ? Number.NaN : level.priceTicks;
  }

  /** The best offer's price (ticks); NaN when no offer rests or the instrument is unknown. Allocates nothing. */
  bestAskTicks(symbol: string): number {
    const level = this.books.get(symbol)?.asks.best();
    return level === undefined ? Number.NaN : level.priceTicks;
  }

  lastTradePriceTicks(symbol: string): number | undefined {
    const last = this.books.get(symbol)?.lastPriceTicks;
    return last === undefined || last === 0 ? undefined : last;
  }

  /** A live order's terms and state, by gateway order id. */
  order(orderId: number): OrderSnapshot | undefined {
    const order = this.matcher.byId.get(orderId);
    return order === undefined ? undefined : snapshotOf(order);
  }

  /** A live order's terms and state, by its session and client order id. */
  findOrder(sessionId: string, clientOrderId: string): OrderSnapshot | undefined {
    const order = this.matcher.sessionOrders(sessionId)?.get(clientOrderId);
    return order === undefined ? undefined : snapshotOf(order);
  }

  /** The gateway order id of a session's live order by its ClOrdID, with no snapshot made; undefined when none. */
  liveOrderId(sessionId: string, clientOrderId: string): number | undefined {
    return this.matcher.sessionOrders(sessionId)?.get(clientOrderId)?.orderId;
  }

  get liveOrderCount(): number {
    return this.matcher.byId.size;
  }

  /** Every broken invariant of every book (sorted, not crossed, queues and totals consistent); empty when sound. */
  checkInvariants(): string[] {
    const problems: string[] = [];
    for (const book of this.books.values()) problems.push(...checkInvariants(book, this.matcher.byId));
    const live = [...this.books.values()].reduce((n, b) => n + b.buyStops.length + b.sellStops.length + countResting(b), 0);
    if (live !== this.matcher.byId.size) problems.push(`${this.matcher.byId.size} live orders registered but ${live} in books`);
    const census = this.matcher.expiry.census();
    const expiring = this.matcher.byId.byAscendingId().filter((order) => order.expiryBucket !== null);
    const listed = expiring.filter((order) => order.expiryListed).length;
    if (census.listed !== listed || census.counted !== expiring.length - listed) {
      problems.push(`expiry queue lists ${census.listed} and counts ${census.counted} orders, but ${listed} live orders are listed and ${expiring.length - listed} counted`);
    }
    return problems;
  }

  private reject(command: EngineCommand, code: RejectCode, text: string, order?: BookOrder): void {
    this.matcher.emit(make.rejected(command, code, text, order, this.matcher.tsUs));
  }

  private bookOf(symbol: string): OrderBook | undefined {
    const last = this.lastBook;
    if (last !== undefined && last.symbol === symbol) return last;
    const book = this.books.get(symbol);
    if (book !== undefined) this.lastBook = book;
    return book;
  }

  private place(command: PlaceOrder): void {
    const book = this.bookOf(command.symbol);
    if (book === undefined) return this.reject(command, RejectCode.UnknownInstrument, `unknown instrument ${command.symbol}`);
    const closed = this.closedReason(book);
    if (closed !== undefined) return this.reject(command, closed, `${command.symbol} is ${book.status}`);
    const invalid = validatePlace(command, this.matcher.tsUs);
    if (invalid !== undefined) return this.reject(command, invalid.code, invalid.text);
    const matcher = this.matcher;
    // One probe of the session's index, both for the duplicate check and for filing the order (register).
    const orders = matcher.sessionOrders(command.sessionId);
    const probed = orders === undefined ? -1 : orders.probe(command.clientOrderId);
    if (probed >= 0) {
      // The refusal carries the live order that holds the ClOrdID, with its state (FIX reports the first order's
      // status with the reject, Appendix D F.1.a). A second probe, on this rare path only.
      return this.reject(command, RejectCode.DuplicateClientOrderId, `client order id ${command.clientOrderId} is in use by a live order`, orders?.get(command.clientOrderId));
    }
    if (command.postOnly === true && command.priceTicks !== undefined && wouldCross(book, command.side === 'BUY', command.priceTicks)) {
      return this.reject(command, RejectCode.PostOnlyWouldTrade, 'a post-only order would trade on arrival');
    }
    const terms = this.termsOf(command);
    const order = matcher.pool.take(terms);
    matcher.register(book, order, orders, probed, this.expiryOf(command));
    matcher.emit(make.accepted(order, matcher.tsUs));
    if (terms.type === OrderType.Stop || terms.type === OrderType.StopLimit) {
      book.park(order);
    } else {
      order.isMarket = terms.type === OrderType.Market;
      matcher.arrive(book, order);
    }
    matcher.runStops(book);
  }

  private termsOf(command: PlaceOrder): OrderTerms {
    return new AcceptedTerms(command, this.nextOrderId++, this.matcher.tsUs);
  }

  private expiryOf(command: PlaceOrder): number {
    if (command.type === OrderType.Market) return Number.POSITIVE_INFINITY;
    if (command.timeInForce === TimeInForce.Day) return this.tradingDay.endOfDay(this.matcher.tsUs);
    if (command.timeInForce === TimeInForce.GoodTillDate && command.expireTimeUs !== undefined) return Number(command.expireTimeUs);
    return Number.POSITIVE_INFINITY;
  }

  private closedReason(book: OrderBook): RejectCode | undefined {
    if (book.status === TradingStatus.Open) return undefined;
    return book.status === TradingStatus.Halted ? RejectCode.InstrumentHalted : RejectCode.InstrumentClosed;
  }

  /**
   * The live order a cancel, replace or status request means, checked against its session, symbol and side; when
   * there is none (or it does not match) the command is rejected here and the result is undefined.
   */
  private find(command: ReplaceOrder | CancelOrder | OrderStatusRequest, clientOrderId: string, side: string | undefined): BookOrder | undefined {
    // Found by ClOrdID in the session's own index, the order is the session's; found by id, it must be checked.
    // The checks read the order node and its book, not `terms` (one cache miss less on the cancel path).
    const byId = command.orderId !== undefined;
    const order = byId ? this.matcher.byId.get(command.orderId) : this.matcher.sessionOrders(command.sessionId)?.get(clientOrderId);
    if (order === undefined || (byId && order.terms.sessionId !== command.sessionId)) {
      this.reject(command, RejectCode.UnknownOrder, `no live order ${command.orderId ?? clientOrderId} on this session`);
      return undefined;
    }
    if (order.book.symbol !== command.symbol || (side !== undefined && side !== (order.isBuy ? Side.Buy : Side.Sell))) {
      this.reject(command, RejectCode.OrderMismatch, 'symbol or side does not match the order', order);
      return undefined;
    }
    return order;
  }

  private cancel(command: CancelOrder): void {
    const order = this.find(command, command.origClientOrderId, command.side);
    if (order === undefined) return;
    this.matcher.cancel(order.book, order, CancelReason.ClientRequest, command.clientOrderId);
  }

  private replace(command: ReplaceOrder): void {
    const order = this.find(command, command.origClientOrderId, command.side);
    if (order === undefined) return;
    const book = order.book;
    const closed = this.closedReason(book);
    if (closed !== undefined) return this.reject(command, closed, `${command.symbol} is ${book.status}`, order);
    const previous = order.terms;
    if (command.clientOrderId !== previous.clientOrderId && this.matcher.sessionOrders(command.sessionId)?.has(command.clientOrderId) === true) {
      return this.reject(command, RejectCode.DuplicateClientOrderId, `client order id ${command.clientOrderId} is in use by a live order`, order);
    }
    const invalid = validateReplace(command, previous.timeInForce === TimeInForce.GoodTillDate, this.matcher.tsUs);
    if (invalid !== undefined) return this.reject(command, invalid.code, invalid.text, order);
    const priceTicks = command.priceTicks ?? previous.priceTicks;
    const resting = order.place === Place.Book;
    if (previous.postOnly && resting && priceTicks !== undefined && wouldCross(book, order.isBuy, priceTicks)) {
      return this.reject(command, RejectCode.PostOnlyWouldTrade, 'the replaced post-only order would trade', order);
    }
    if (command.qtyLots <= order.cumQty) {
      return this.matcher.cancel(book, order, CancelReason.ReplacedBelowFilled, command.clientOrderId);
    }
    const stop = order.place === Place.Stops;
    const terms: OrderTerms = {
      ...previous,
      clientOrderId: command.clientOrderId,
      origClientOrderId: previous.clientOrderId,
      qtyLots: command.qtyLots,
      priceTicks,
      stopPriceTicks: stop ? (command.stopPriceTicks ?? previous.stopPriceTicks) : previous.stopPriceTicks,
      displayQtyLots: command.displayQtyLots ?? previous.displayQtyLots,
      expireTimeUs: previous.timeInForce === TimeInForce.GoodTillDate ? (command.expireTimeUs ?? previous.expireTimeUs) : undefined,
      mifid: command.mifid ?? previous.mifid,
    };
    const newLeaves = command.qtyLots - order.cumQty;
    const newDisplay = terms.displayQtyLots ?? 0;
    const keepsPriority =
      priceTicks === previous.priceTicks &&
      terms.stopPriceTicks === previous.stopPriceTicks &&
      newDisplay === order.displayQty &&
      newLeaves <= order.leavesQty;
    const matcher = this.matcher;
    order.terms = terms;
    matcher.rekey(order);
    if (terms.expireTimeUs !== previous.expireTimeUs && terms.expireTimeUs !== undefined) {
      matcher.expiry.remove(order);
      matcher.expiry.add(order, Number(terms.expireTimeUs), true);
    }
    if (keepsPriority) {
      const newVisible = order.displayQty > 0 ? Math.min(order.visibleQty, newLeaves) : newLeaves;
      if (order.level !== null) order.level.visibleQty += newVisible - order.visibleQty;
      order.visibleQty = newVisible;
      order.leavesQty = newLeaves;
      matcher.emit(make.replaced(order, previous, true, matcher.tsUs));
      return;
    }
    if (resting) book.unrest(order);
    else book.unpark(order);
    order.priceTicks = priceTicks ?? 0;
    order.stopPriceTicks = terms.stopPriceTicks ?? 0;
    order.displayQty = newDisplay;
    order.leavesQty = newLeaves;
    order.visibleQty = newDisplay > 0 ? Math.min(newDisplay, newLeaves) : newLeaves;
    matcher.emit(make.replaced(order, previous, false, matcher.tsUs));
    if (stop) {
      book.park(order);
    } else {
      matcher.match(book, order, order.priceTicks);
      matcher.settle(book, order);
    }
    matcher.runStops(book);
  }

  private massCancel(command: MassCancel): void {
    const filter = command.filter;
    let count = 0;
    // In acceptance order, as before (the cancels' events come in that order).
    for (const order of this.matcher.byId.byAscendingId()) {
      const terms = order.terms;
      if (filter.sessionId !== undefined && terms.sessionId !== filter.sessionId) continue;
      if (filter.account !== undefined && terms.account !== filter.account) continue;
      if (filter.firm !== undefined && terms.firm !== filter.firm) continue;
      if (filter.symbol !== undefined && terms.symbol !== filter.symbol) continue;
      if (filter.side !== undefined && terms.side !== filter.side) continue;
      this.matcher.cancel(order.book, order, CancelReason.MassCancel, command.requestId);
      count += 1;
    }
    this.matcher.emit({ kind: 'MassCancelCompleted', tsUs: this.matcher.tsUs, command, cancelledCount: count });
  }

  private status(command: OrderStatusRequest): void {
    const order = this.find(command, command.clientOrderId, undefined);
    if (order === undefined) return;
    this.matcher.emit(make.statusReported(order, command.requestId, this.matcher.tsUs));
  }

  private setTradingStatus(command: SetTradingStatus): void {
    const book = this.books.get(command.symbol);
    if (book === undefined) return this.reject(command, RejectCode.UnknownInstrument, `unknown instrument ${command.symbol}`);
    book.status = command.status;
    book.instrument = withTradingStatus(book.instrument, command.status);
    this.matcher.emit({ kind: 'TradingStatusChanged', tsUs: this.matcher.tsUs, symbol: command.symbol, status: command.status });
  }

  private expireOrders(): void {
    const matcher = this.matcher;
    const nowUs = Number(matcher.tsUs);
    const live = (): readonly BookOrder[] => matcher.byId.byAscendingId();
    for (;;) {
      const bucket = matcher.expiry.due(nowUs);
      if (bucket === undefined) return;
      for (const order of matcher.expiry.members(bucket, live)) matcher.expire(order.book, order);
      // Each expired order left the bucket, which went with its last one. A count no live order matches (a bug,
      // which checkInvariants reports) would keep it due for ever: it is dropped here rather than looped on.
      matcher.expiry.discard(bucket);
    }
  }
}

function wouldCross(book: OrderBook, isBuy: boolean, priceTicks: number): boolean {
  const best = (isBuy ? book.asks : book.bids).best();
  if (best === undefined) return false;
  return isBuy ? best.priceTicks <= priceTicks : best.priceTicks >= priceTicks;
}

function countResting(book: OrderBook): number {
  let count = 0;
  for (const side of [book.bids, book.asks]) for (const level of side.levels) count += level.orderCount;
  return count;
}

