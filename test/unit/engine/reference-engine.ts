import {
  CancelReason,
  Channel,
  Liquidity,
  NO_MIFID_FIELDS,
  OrderStatus,
  OrderType,
  RejectCode,
  SelfTradePrevention,
  SelfTradeScope,
  TimeInForce,
  TradingStatus,
  withTradingStatus,
} from '../../../engine/model';
import type {
  CancelOrder,
  EngineCommand,
  EngineEvent,
  Fill,
  Instrument,
  OrderStatusRequest,
  OrderTerms,
  PlaceOrder,
  PriceTicks,
  QtyLots,
  ReplaceOrder,
} from '../../../engine/model';
import { validatePlace, validateReplace } from '../../../engine/order-validation';
import { referenceAmend } from './reference-amendment';

/**
 * The naive reference book: every live order in one array, the best order found by a full scan each time.
 * Slow and obviously right; the fast engine must give exactly its events. It shares only the model and the
 * static field checks (engine/order-validation) with the engine.
 */
export interface RefOrder {
  terms: OrderTerms;
  isBuy: boolean;
  isMarket: boolean;
  price: number;
  stop: number;
  display: number;
  visible: number;
  leaves: number;
  cum: number;
  notional: bigint;
  status: OrderStatus;
  expire: number;
  seq: number;
  where: 'book' | 'stops' | 'none';
}

interface RefBook {
  instrument: Instrument;
  status: TradingStatus;
  last: number | undefined;
}

const DAY_US = 86_400_000_000n;
const lots = (n: number): QtyLots => n as QtyLots;
const ticks = (n: number): PriceTicks => n as PriceTicks;

export class ReferenceEngine {
  private readonly books = new Map<string, RefBook>();
  private live: RefOrder[] = [];
  private events: EngineEvent[] = [];
  private ts = 0n;
  private now = 0;
  private nextOrderId = 1;
  private nextTradeId = 1;
  private seq = 0;

  constructor(instruments: readonly Instrument[], private readonly protectionBps = 500) {
    for (const instrument of instruments) this.books.set(instrument.symbol, { instrument, status: instrument.tradingStatus, last: undefined });
  }

  liveOrders(): readonly RefOrder[] {
    return this.live;
  }

  execute(command: EngineCommand, nowUs: bigint): EngineEvent[] {
    this.events = [];
    this.ts = nowUs;
    this.now = Number(nowUs);
    if (command.kind === 'PlaceOrder') this.place(command);
    else if (command.kind === 'ReplaceOrder') this.replace(command);
    else if (command.kind === 'CancelOrder') this.cancelCommand(command);
    else if (command.kind === 'OrderStatusRequest') this.statusCommand(command);
    else if (command.kind === 'MassCancel') {
      const f = command.filter;
      const hits = this.live.filter(
        (o) =>
          (f.sessionId === undefined || o.terms.sessionId === f.sessionId) &&
          (f.account === undefined || o.terms.account === f.account) &&
          (f.firm === undefined || o.terms.firm === f.firm) &&
          (f.symbol === undefined || o.terms.symbol === f.symbol) &&
          (f.side === undefined || o.terms.side === f.side),
      );
      for (const o of hits) this.end(o, OrderStatus.Cancelled, CancelReason.MassCancel, command.requestId);
      this.events.push({ kind: 'MassCancelCompleted', tsUs: this.ts, command, cancelledCount: hits.length });
    } else if (command.kind === 'SetTradingStatus') {
      const book = this.books.get(command.symbol);
      if (book === undefined) this.reject(command, RejectCode.UnknownInstrument, `unknown instrument ${command.symbol}`, undefined);
      else {
        book.status = command.status;
        book.instrument = withTradingStatus(book.instrument, command.status);
        this.events.push({ kind: 'TradingStatusChanged', tsUs: this.ts, symbol: command.symbol, status: command.status });
      }
    } else if (command.kind === 'AmendTrade') {
      this.events.push(referenceAmend(this.live, command, this.ts));
    } else {
      const due = this.live.filter((o) => o.expire <= this.now).sort((a, b) => a.expire - b.expire || a.terms.orderId - b.terms.orderId);
      for (const o of due) this.end(o, OrderStatus.Expired, undefined, undefined);
    }
    return this.events;
  }

  private state(o: RefOrder) {
    return { status: o.status, cumQtyLots: lots(o.cum), leavesQtyLots: lots(o.leaves), notionalTicksLots: o.notional };
  }

  private reject(command: EngineCommand, code: RejectCode, text: string, o: RefOrder | undefined): void {
    this.events.push({
      kind: 'OrderRejected',
      tsUs: this.ts,
      code,
      text,
      command,
      order: o?.terms,
      status: o === undefined ? OrderStatus.Rejected : o.status,
      cumQtyLots: lots(o?.cum ?? 0),
      leavesQtyLots: lots(o?.leaves ?? 0),
      notionalTicksLots: o?.notional ?? 0n,
    });
  }

  /** Takes a live order out for good: cancelled (with a reason) or expired. */
  private end(o: RefOrder, status: OrderStatus, reason: CancelReason | undefined, requestId: string | undefined): void {
    this.live = this.live.filter((x) => x !== o);
    o.where = 'none';
    o.leaves = 0;
    o.visible = 0;
    o.status = status;
    if (status === OrderStatus.Expired) this.events.push({ kind: 'OrderExpired', tsUs: this.ts, order: o.terms, ...this.state(o) });
    else this.events.push({ kind: 'OrderCancelled', tsUs: this.ts, order: o.terms, reason: reason ?? CancelReason.ClientRequest, requestId, ...this.state(o) });
  }

  private bookOf(symbol: string): RefBook {
    const book = this.books.get(symbol);
    if (book === undefined) throw new Error(`no book ${symbol}`);
    return book;
  }

  /** Resting orders of the other side that `o` may trade with at `limit`, best first (price, then time). */
  private crossing(o: RefOrder, limit: number): RefOrder[] {
    return this.live
      .filter((r) => r.where === 'book' && r.terms.symbol === o.terms.symbol && r.isBuy !== o.isBuy && (o.isBuy ? r.price <= limit : r.price >= limit))
      .sort((a, b) => (o.isBuy ? a.price - b.price : b.price - a.price) || a.seq - b.seq);
  }

  private selfMatch(o: RefOrder, r: RefOrder): boolean {
    if (o.terms.selfTradePrevention === SelfTradePrevention.None || r.terms.firm !== o.terms.firm) return false;
    return o.terms.selfTradeScope === SelfTradeScope.Firm || r.terms.account === o.terms.account;
  }

  private wouldCross(symbol: string, isBuy: boolean, price: number): boolean {
    return this.live.some((r) => r.where === 'book' && r.terms.symbol === symbol && r.isBuy !== isBuy && (isBuy ? r.price <= price : r.price >= price));
  }

  private closed(command: EngineCommand, book: RefBook, o: RefOrder | undefined): boolean {
    if (book.status === TradingStatus.Open) return false;
    const code = book.status === TradingStatus.Halted ? RejectCode.InstrumentHalted : RejectCode.InstrumentClosed;
    this.reject(command, code, `${book.instrument.symbol} is ${book.status}`, o);
    return true;
  }

  private place(c: PlaceOrder): void {
    const book = this.books.get(c.symbol);
    if (book === undefined) return this.reject(c, RejectCode.UnknownInstrument, `unknown instrument ${c.symbol}`, undefined);
    if (this.closed(c, book, undefined)) return;
    const invalid = validatePlace(c, this.ts);
    if (invalid !== undefined) return this.reject(c, invalid.code, invalid.text, undefined);
    const holder = this.live.find((o) => o.terms.sessionId === c.sessionId && o.terms.clientOrderId === c.clientOrderId);
    if (holder !== undefined) {
      return this.reject(c, RejectCode.DuplicateClientOrderId, `client order id ${c.clientOrderId} is in use by a live order`, holder);
    }
    if (c.postOnly === true && c.priceTicks !== undefined && this.wouldCross(c.symbol, c.side === 'BUY', c.priceTicks)) {
      return this.reject(c, RejectCode.PostOnlyWouldTrade, 'a post-only order would trade on arrival', undefined);
    }
    const isStop = c.type === OrderType.Stop || c.type === OrderType.StopLimit;
    const terms: OrderTerms = {
      orderId: this.nextOrderId++,
      clientOrderId: c.clientOrderId,
      origClientOrderId: undefined,
      sessionId: c.sessionId,
      channel: c.channel ?? Channel.Fix,
      account: c.account,
      firm: c.firm,
      symbol: c.symbol,
      side: c.side,
      type: c.type,
      timeInForce: c.timeInForce,
      qtyLots: c.qtyLots,
      priceTicks: c.priceTicks,
      stopPriceTicks: isStop ? c.stopPriceTicks : undefined,
      displayQtyLots: c.displayQtyLots,
      minQtyLots: c.minQtyLots,
      expireTimeUs: c.timeInForce === TimeInForce.GoodTillDate ? c.expireTimeUs : undefined,
      postOnly: c.postOnly === true,
      selfTradePrevention: c.selfTradePrevention ?? SelfTradePrevention.None,
      selfTradeScope: c.selfTradeScope ?? SelfTradeScope.Account,
      mifid: c.mifid ?? NO_MIFID_FIELDS,
      acceptedUs: this.ts,
    };
    let expire = Infinity;
    if (c.type !== OrderType.Market && c.timeInForce === TimeInForce.Day) expire = Number(this.ts - (this.ts % DAY_US) + DAY_US);
    if (c.type !== OrderType.Market && c.timeInForce === TimeInForce.GoodTillDate && c.expireTimeUs !== undefined) expire = Number(c.expireTimeUs);
    const display = c.displayQtyLots ?? 0;
    const o: RefOrder = {
      terms,
      isBuy: c.side === 'BUY',
      isMarket: c.type === OrderType.Market,
      price: c.priceTicks ?? NaN,
      stop: c.stopPriceTicks ?? NaN,
      display,
      visible: display > 0 ? Math.min(display, c.qtyLots) : c.qtyLots,
      leaves: c.qtyLots,
      cum: 0,
      notional: 0n,
      status: OrderStatus.New,
      expire,
      seq: 0,
      where: 'none',
    };
    this.live.push(o);
    this.events.push({ kind: 'OrderAccepted', tsUs: this.ts, order: terms, ...this.state(o) });
    if (isStop) o.where = 'stops';
    else this.arrive(book, o);
    this.stops(book);
  }

  private limitOf(o: RefOrder): number {
    if (!o.isMarket || !Number.isNaN(o.price)) return o.price;
    const other = this.live.filter((r) => r.where === 'book' && r.terms.symbol === o.terms.symbol && r.isBuy !== o.isBuy).map((r) => r.price);
    if (other.length === 0) return NaN;
    const best = o.isBuy ? Math.min(...other) : Math.max(...other);
    const band = Math.max(1, Math.floor((best * this.protectionBps) / 10_000));
    return o.isBuy ? best + band : Math.max(1, best - band);
  }

  private arrive(book: RefBook, o: RefOrder): void {
    const limit = this.limitOf(o);
    const fok = o.terms.timeInForce === TimeInForce.FillOrKill;
    const required = fok ? o.leaves : (o.terms.minQtyLots ?? 0);
    if (required > 0) {
      let sum = 0;
      for (const r of this.crossing(o, limit)) {
        if (this.selfMatch(o, r)) {
          if (o.terms.selfTradePrevention === SelfTradePrevention.CancelResting) continue;
          break;
        }
        sum += r.leaves;
        if (sum >= required) break;
      }
      if (sum < required) return this.end(o, OrderStatus.Cancelled, fok ? CancelReason.FillOrKill : CancelReason.MinQuantity, undefined);
    }
    this.match(book, o, limit);
    this.settle(o);
  }

  private settle(o: RefOrder): void {
    if (o.leaves === 0 || o.status === OrderStatus.Cancelled) return;
    const tif = o.terms.timeInForce;
    if (o.isMarket || tif === TimeInForce.ImmediateOrCancel || tif === TimeInForce.FillOrKill) {
      return this.end(o, OrderStatus.Cancelled, CancelReason.ImmediateRemainder, undefined);
    }
    o.visible = o.display > 0 ? Math.min(o.display, o.leaves) : o.leaves;
    o.seq = ++this.seq;
    o.where = 'book';
  }

  private restate(o: RefOrder, qty: number): void {
    o.leaves -= qty;
    o.terms = { ...o.terms, qtyLots: lots(o.terms.qtyLots - qty) };
    o.visible = Math.min(o.visible, o.leaves);
    this.events.push({ kind: 'OrderRestated', tsUs: this.ts, order: o.terms, reason: CancelReason.SelfTradePrevention, reducedByLots: lots(qty), ...this.state(o) });
  }

  private match(book: RefBook, o: RefOrder, limit: number): void {
    const stp = CancelReason.SelfTradePrevention;
    while (o.leaves > 0 && o.status !== OrderStatus.Cancelled) {
      const r = this.crossing(o, limit)[0];
      if (r === undefined) return;
      if (this.selfMatch(o, r)) {
        const mode = o.terms.selfTradePrevention;
        if (mode === SelfTradePrevention.CancelResting) this.end(r, OrderStatus.Cancelled, stp, undefined);
        else if (mode === SelfTradePrevention.CancelAggressor) this.end(o, OrderStatus.Cancelled, stp, undefined);
        else if (mode === SelfTradePrevention.CancelBoth) {
          this.end(r, OrderStatus.Cancelled, stp, undefined);
          this.end(o, OrderStatus.Cancelled, stp, undefined);
        } else {
          const d = Math.min(o.leaves, r.leaves);
          if (r.leaves === d) this.end(r, OrderStatus.Cancelled, stp, undefined);
          else this.restate(r, d);
          if (o.leaves === d) this.end(o, OrderStatus.Cancelled, stp, undefined);
          else this.restate(o, d);
        }
        continue;
      }
      const qty = Math.min(o.leaves, r.visible);
      const notional = BigInt(r.price) * BigInt(qty);
      for (const x of [r, o]) {
        x.leaves -= qty;
        x.cum += qty;
        x.notional += notional;
        x.status = x.leaves === 0 ? OrderStatus.Filled : OrderStatus.PartiallyFilled;
      }
      r.visible -= qty;
      book.last = r.price;
      const fill = (x: RefOrder, liquidity: Liquidity): Fill => ({ order: x.terms, liquidity, ...this.state(x) });
      this.events.push({
        kind: 'Trade',
        tsUs: this.ts,
        tradeId: this.nextTradeId++,
        symbol: r.terms.symbol,
        priceTicks: ticks(r.price),
        qtyLots: lots(qty),
        maker: fill(r, Liquidity.Maker),
        taker: fill(o, Liquidity.Taker),
      });
      if (r.leaves === 0) {
        r.where = 'none';
        this.live = this.live.filter((x) => x !== r);
      } else if (r.visible === 0) {
        r.visible = Math.min(r.display, r.leaves);
        r.seq = ++this.seq;
      }
      if (o.leaves === 0) this.live = this.live.filter((x) => x !== o);
    }
  }

  private stops(book: RefBook): void {
    for (;;) {
      const last = book.last;
      if (last === undefined) return;
      const due = this.live
        .filter((o) => o.where === 'stops' && o.terms.symbol === book.instrument.symbol && (o.isBuy ? o.stop <= last : o.stop >= last))
        .sort((a, b) => a.terms.orderId - b.terms.orderId);
      if (due.length === 0) return;
      for (const o of due) o.where = 'none';
      for (const o of due) {
        if (o.terms.type === OrderType.Stop) o.isMarket = true;
        this.events.push({ kind: 'OrderTriggered', tsUs: this.ts, order: o.terms, lastPriceTicks: ticks(last), ...this.state(o) });
        this.arrive(book, o);
      }
    }
  }

  private find(c: ReplaceOrder | CancelOrder | OrderStatusRequest, clientOrderId: string, side: string | undefined): RefOrder | undefined {
    const o =
      c.orderId !== undefined
        ? this.live.find((x) => x.terms.orderId === c.orderId)
        : this.live.find((x) => x.terms.sessionId === c.sessionId && x.terms.clientOrderId === clientOrderId);
    if (o === undefined || o.terms.sessionId !== c.sessionId) {
      this.reject(c, RejectCode.UnknownOrder, `no live order ${c.orderId ?? clientOrderId} on this session`, undefined);
      return undefined;
    }
    if (o.terms.symbol !== c.symbol || (side !== undefined && o.terms.side !== side)) {
      this.reject(c, RejectCode.OrderMismatch, 'symbol or side does not match the order', o);
      return undefined;
    }
    return o;
  }

  private cancelCommand(c: CancelOrder): void {
    const o = this.find(c, c.origClientOrderId, c.side);
    if (o !== undefined) this.end(o, OrderStatus.Cancelled, CancelReason.ClientRequest, c.clientOrderId);
  }

  private statusCommand(c: OrderStatusRequest): void {
    const o = this.find(c, c.clientOrderId, undefined);
    if (o !== undefined) this.events.push({ kind: 'OrderStatusReported', tsUs: this.ts, order: o.terms, requestId: c.requestId, ...this.state(o) });
  }

  private replace(c: ReplaceOrder): void {
    const o = this.find(c, c.origClientOrderId, c.side);
    if (o === undefined) return;
    const book = this.bookOf(o.terms.symbol);
    if (this.closed(c, book, o)) return;
    const prev = o.terms;
    if (c.clientOrderId !== prev.clientOrderId && this.live.some((x) => x.terms.sessionId === c.sessionId && x.terms.clientOrderId === c.clientOrderId)) {
      return this.reject(c, RejectCode.DuplicateClientOrderId, `client order id ${c.clientOrderId} is in use by a live order`, o);
    }
    const gtd = prev.timeInForce === TimeInForce.GoodTillDate;
    const invalid = validateReplace(c, gtd, this.ts);
    if (invalid !== undefined) return this.reject(c, invalid.code, invalid.text, o);
    const price = c.priceTicks ?? prev.priceTicks;
    if (prev.postOnly && o.where === 'book' && price !== undefined && this.wouldCross(prev.symbol, o.isBuy, price)) {
      return this.reject(c, RejectCode.PostOnlyWouldTrade, 'the replaced post-only order would trade', o);
    }
    if (c.qtyLots <= o.cum) return this.end(o, OrderStatus.Cancelled, CancelReason.ReplacedBelowFilled, c.clientOrderId);
    const stop = o.where === 'stops';
    const terms: OrderTerms = {
      ...prev,
      clientOrderId: c.clientOrderId,
      origClientOrderId: prev.clientOrderId,
      qtyLots: c.qtyLots,
      priceTicks: price,
      stopPriceTicks: stop ? (c.stopPriceTicks ?? prev.stopPriceTicks) : prev.stopPriceTicks,
      displayQtyLots: c.displayQtyLots ?? prev.displayQtyLots,
      expireTimeUs: gtd ? (c.expireTimeUs ?? prev.expireTimeUs) : undefined,
      mifid: c.mifid ?? prev.mifid,
    };
    const leaves = c.qtyLots - o.cum;
    const display = terms.displayQtyLots ?? 0;
    const keep = price === prev.priceTicks && terms.stopPriceTicks === prev.stopPriceTicks && display === o.display && leaves <= o.leaves;
    o.terms = terms;
    if (gtd && terms.expireTimeUs !== undefined) o.expire = Number(terms.expireTimeUs);
    if (keep) {
      o.visible = o.display > 0 ? Math.min(o.visible, leaves) : leaves;
      o.leaves = leaves;
      this.events.push({ kind: 'OrderReplaced', tsUs: this.ts, order: terms, previous: prev, priorityKept: true, ...this.state(o) });
      return;
    }
    o.price = price ?? NaN;
    o.stop = terms.stopPriceTicks ?? NaN;
    o.display = display;
    o.leaves = leaves;
    o.visible = display > 0 ? Math.min(display, leaves) : leaves;
    this.events.push({ kind: 'OrderReplaced', tsUs: this.ts, order: terms, previous: prev, priorityKept: false, ...this.state(o) });
    if (!stop) {
      o.where = 'none';
      this.match(book, o, o.price);
      this.settle(o);
    }
    this.stops(book);
  }
}
