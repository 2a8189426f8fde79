import { type EngineEvent, type Fill, IdTable, type Instrument, isTerminalStatus, type OrderStatus, type OrderTerms, Side, type TradeAmended } from '../engine/model';
import { usAsNumber } from './clock';
import { LiveOrder, RiskEntity, type SymbolBook, SymbolRef } from './risk-entity';
import type { EntityScope } from './risk-limits';

const DAY_US = 86_400_000_000n;

/** The default end of the trading day: the next UTC midnight. */
export function nextUtcMidnightUs(nowUs: bigint): bigint {
  return nowUs - (nowUs % DAY_US) + DAY_US;
}

/** What risk reads of the engine (MatchingEngine fits): its instruments, and a session's live order by ClOrdID. */
export interface EngineView {
  instrument(symbol: string): Instrument | undefined;
  /** The order id of a session's live order by its current ClOrdID; undefined when none. */
  liveOrderId(sessionId: string, clientOrderId: string): number | undefined;
}

/**
 * Everything risk knows, kept from the engine's events: the levels (global, firms, accounts, sessions) with
 * their open orders, positions and daily counts, the reference prices, and the open orders themselves.
 */
export class RiskState {
  readonly global = new RiskEntity('global', '*', 'global');
  readonly firms = new Map<string, RiskEntity>();
  readonly accounts = new Map<string, RiskEntity>();
  readonly sessions = new Map<string, RiskEntity>();
  readonly refs = new Map<string, SymbolRef>();
  readonly live = new IdTable<LiveOrder>();
  private readonly pool: LiveOrder[] = [];
  /** End of the current trading day (µs); the day's counts and P&L start afresh after it. */
  private dayEndUs = Number.NEGATIVE_INFINITY;
  private lastSession: RiskEntity | null = null;
  private lastRef: SymbolRef | null = null;

  /** The instrument of a symbol, as the engine has it now. */
  readonly instrument: (symbol: string) => Instrument | undefined;

  constructor(
    private readonly engine: EngineView,
    private readonly dayEnd: (nowUs: bigint) => bigint,
  ) {
    this.instrument = (symbol) => engine.instrument(symbol);
  }

  /**
   * The open order a session's ClOrdID names (its current version's), found through the engine's own ClOrdID index:
   * risk keeps none of its own (a string hash and two table writes per order, the same index kept twice).
   */
  liveByClOrdId(session: RiskEntity, clientOrderId: string): LiveOrder | undefined {
    const orderId = this.engine.liveOrderId(session.id, clientOrderId);
    return orderId === undefined ? undefined : this.live.get(orderId);
  }

  entity(scope: EntityScope, id: string): RiskEntity {
    const map = scope === 'firm' ? this.firms : scope === 'account' ? this.accounts : this.sessions;
    let e = map.get(id);
    if (e === undefined) {
      e = new RiskEntity(scope, id, `${scope} ${id}`);
      map.set(id, e);
    }
    return e;
  }

  /** A session's level; the last one asked for is remembered (an order's acceptance follows its check). */
  session(id: string): RiskEntity {
    const last = this.lastSession;
    if (last !== null && last.id === id) return last;
    return (this.lastSession = this.entity('session', id));
  }

  /** The firm of a session's order: usually the one of its last order. */
  firmOf(session: RiskEntity, id: string): RiskEntity {
    const last = session.lastFirm;
    if (last !== null && last.id === id) return last;
    return (session.lastFirm = this.entity('firm', id));
  }

  accountOf(session: RiskEntity, id: string): RiskEntity {
    const last = session.lastAccount;
    if (last !== null && last.id === id) return last;
    return (session.lastAccount = this.entity('account', id));
  }

  ref(symbol: string): SymbolRef {
    const last = this.lastRef;
    if (last !== null && last.symbol === symbol) return last;
    let r = this.refs.get(symbol);
    if (r === undefined) {
      r = new SymbolRef(symbol);
      this.refs.set(symbol, r);
    }
    this.lastRef = r;
    return r;
  }

  *entities(): Iterable<RiskEntity> {
    yield this.global;
    yield* this.firms.values();
    yield* this.accounts.values();
    yield* this.sessions.values();
  }

  /** Starts a new trading day when `nowUs` is past the current one: daily loss, messages and trades reset. */
  rollDay(nowUs: bigint): boolean {
    if (usAsNumber(nowUs) < this.dayEndUs) return false;
    const first = this.dayEndUs === Number.NEGATIVE_INFINITY;
    this.dayEndUs = Number(this.dayEnd(nowUs));
    if (!first) for (const e of this.entities()) e.startDay();
    return !first;
  }

  apply(event: EngineEvent): void {
    switch (event.kind) {
      case 'OrderAccepted':
        // A new order has no record yet: no probe of the table for it (a cache miss on most acceptances).
        this.sync(event.order, event.leavesQtyLots, event.status, null);
        return;
      case 'OrderReplaced':
      case 'OrderCancelled':
      case 'OrderExpired':
      case 'OrderRestated':
      case 'OrderTriggered':
        this.sync(event.order, event.leavesQtyLots, event.status);
        return;
      case 'Trade':
        this.ref(event.symbol).lastTicks = event.priceTicks;
        this.fill(event.maker, event.priceTicks, event.qtyLots);
        this.fill(event.taker, event.priceTicks, event.qtyLots);
        return;
      case 'TradeAmended':
        this.amend(event.maker, event);
        this.amend(event.taker, event);
        return;
      default:
        return;
    }
  }

  private fill(fill: Fill, priceTicks: number, qtyLots: number): void {
    const order = fill.order;
    const signedLots = order.side === Side.Buy ? qtyLots : -qtyLots;
    // An order that trades was open a moment ago (its acceptance came first): its record holds its levels and books.
    const rec = this.live.get(order.orderId);
    if (rec !== undefined) {
      trade(rec.firm, rec.firmBook, signedLots, priceTicks);
      trade(rec.account, rec.accountBook, signedLots, priceTicks);
      trade(rec.session, rec.sessionBook, signedLots, priceTicks);
    } else {
      for (const [entity, book] of this.levelsOf(order)) trade(entity, book, signedLots, priceTicks);
    }
    this.sync(order, fill.leavesQtyLots, fill.status, rec ?? null);
  }

  /**
   * A trade cancelled or corrected by operations: its side's positions and cash at the three levels as if it had
   * traded at the new price and quantity (none, for a cancel), and the order's open quantity as it is now (a working
   * order works the quantity taken off again). A cancelled trade of the current trading day no longer counts among the
   * day's trades (the order-to-trade ratio counts executed transactions); one of an earlier day, or whose time the
   * amendment does not carry (journaled before it did), leaves the count as it is. A correction leaves it too.
   */
  private amend(fill: Fill, event: TradeAmended): void {
    const order = fill.order;
    const buy = order.side === Side.Buy;
    const rec = this.live.get(order.orderId);
    const levels: readonly (readonly [RiskEntity, SymbolBook])[] =
      rec !== undefined
        ? [
            [rec.firm, rec.firmBook],
            [rec.account, rec.accountBook],
            [rec.session, rec.sessionBook],
          ]
        : this.levelsOf(order);
    const wasLots = buy ? event.wasQtyLots : -event.wasQtyLots;
    const nowLots = buy ? event.qtyLots : -event.qtyLots;
    const todaysTradeCancelled = event.action === 'cancel' && event.tradedUs !== undefined && Number(this.dayEnd(event.tradedUs)) === this.dayEndUs;
    for (const [entity, book] of levels) {
      book.positionLots += nowLots - wasLots;
      book.cashDay += (wasLots * event.wasPriceTicks - nowLots * event.priceTicks) * book.unitValue;
      if (todaysTradeCancelled && entity.tradesDay > 0) entity.tradesDay -= 1;
    }
    this.sync(order, fill.leavesQtyLots, fill.status, rec ?? null);
  }

  /** The levels of an order risk holds no record of, with their books of its instrument (none for an unknown instrument). */
  private levelsOf(order: OrderTerms): (readonly [RiskEntity, SymbolBook])[] {
    const instrument = this.instrument(order.symbol);
    if (instrument === undefined) return [];
    const ref = this.ref(order.symbol);
    return [this.entity('firm', order.firm), this.entity('account', order.account), this.entity('session', order.sessionId)].map((entity) => [entity, entity.book(ref, instrument)] as const);
  }

  /**
   * Brings an open order's contribution (count, leaves, value) in line with its state after an event. `found`: its
   * record when the caller has looked it up already (null: it has none); else it is looked up here.
   */
  private sync(terms: OrderTerms, leavesLots: number, status: OrderStatus, found?: LiveOrder | null): void {
    let rec = found === undefined ? this.live.get(terms.orderId) : (found ?? undefined);
    if (isTerminalStatus(status) || leavesLots === 0) {
      if (rec !== undefined) this.close(rec);
      return;
    }
    if (rec === undefined) {
      const opened = this.open(terms);
      if (opened === undefined) return;
      rec = opened;
    }
    const ref = rec.accountBook.ref;
    const oldLeaves = rec.leavesLots;
    const oldValue = rec.value;
    rec.leavesLots = leavesLots;
    rec.qtyLots = terms.qtyLots;
    rec.priceTicks = terms.priceTicks ?? terms.stopPriceTicks ?? (Number.isNaN(ref.lastTicks) ? 0 : ref.lastTicks);
    rec.value = leavesLots * rec.priceTicks * rec.accountBook.unitValue;
    this.contribute(rec, leavesLots - oldLeaves, rec.value - oldValue);
  }

  private open(terms: OrderTerms): LiveOrder | undefined {
    const instrument = this.instrument(terms.symbol);
    if (instrument === undefined) return undefined;
    const ref = this.ref(terms.symbol);
    const session = this.session(terms.sessionId);
    const firm = this.firmOf(session, terms.firm);
    const account = this.accountOf(session, terms.account);
    const fb = firm.book(ref, instrument);
    const ab = account.book(ref, instrument);
    const sb = session.book(ref, instrument);
    const rec = this.pool.pop() ?? new LiveOrder(firm, account, session, fb, ab, sb);
    rec.firm = firm;
    rec.account = account;
    rec.session = session;
    rec.firmBook = fb;
    rec.accountBook = ab;
    rec.sessionBook = sb;
    rec.orderId = terms.orderId;
    rec.buy = terms.side === Side.Buy;
    rec.leavesLots = 0;
    rec.value = 0;
    this.live.set(rec);
    firm.openOrders += 1;
    account.openOrders += 1;
    session.openOrders += 1;
    return rec;
  }

  private close(rec: LiveOrder): void {
    this.contribute(rec, -rec.leavesLots, -rec.value);
    this.live.delete(rec);
    rec.firm.openOrders -= 1;
    rec.account.openOrders -= 1;
    rec.session.openOrders -= 1;
    // No float drift while a level has no open orders.
    if (rec.firm.openOrders === 0) rec.firm.openValue = 0;
    if (rec.account.openOrders === 0) rec.account.openValue = 0;
    if (rec.session.openOrders === 0) rec.session.openValue = 0;
    rec.leavesLots = 0;
    rec.value = 0;
    this.pool.push(rec);
  }

  /** Adds an open order's change of leaves and value at its three levels (one pass, where a change was a removal and an addition). */
  private contribute(rec: LiveOrder, lots: number, value: number): void {
    if (rec.buy) {
      rec.firmBook.openBuyLots += lots;
      rec.accountBook.openBuyLots += lots;
      rec.sessionBook.openBuyLots += lots;
    } else {
      rec.firmBook.openSellLots += lots;
      rec.accountBook.openSellLots += lots;
      rec.sessionBook.openSellLots += lots;
    }
    rec.firm.openValue += value;
    rec.account.openValue += value;
    rec.session.openValue += value;
  }
}

function trade(entity: RiskEntity, book: SymbolBook, signedLots: number, priceTicks: number): void {
  book.positionLots += signedLots;
  book.cashDay -= signedLots * priceTicks * book.unitValue;
  entity.tradesDay += 1;
}
