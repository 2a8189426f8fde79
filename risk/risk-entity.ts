import type { Instrument } from '../engine/model';
import { type CompiledLimits, compileLimits } from './compiled-limits';
import { tickLotValue } from './decimal-units';
import { RecentOrders } from './duplicate-orders';
import type { LimitScope, RiskLimits } from './risk-limits';

/** The reference prices of one instrument (ticks; NaN while unknown). */
export class SymbolRef {
  lastTicks = Number.NaN;
  bidTicks = Number.NaN;
  askTicks = Number.NaN;
  externalTicks = Number.NaN;
  /** When the external reference was set (µs since the epoch). */
  externalSetUs = 0;

  constructor(readonly symbol: string) {}

  /** What positions are marked at: the external reference when set, else the last trade. */
  markTicks(): number {
    return Number.isNaN(this.externalTicks) ? this.lastTicks : this.externalTicks;
  }

  collarReference(kind: 'last' | 'mid' | 'external'): number {
    if (kind === 'last') return this.lastTicks;
    if (kind === 'external') return this.externalTicks;
    return (this.bidTicks + this.askTicks) / 2;
  }
}

/** One level's position and open orders in one instrument; amounts in the price currency (double). */
export class SymbolBook {
  positionLots = 0;
  openBuyLots = 0;
  openSellLots = 0;
  /** Sell value minus buy value of the trading day's fills. */
  cashDay = 0;
  /** The position's value at the start of the trading day (at the mark price then). */
  dayStartMark = 0;
  readonly unitValue: number;

  constructor(
    readonly ref: SymbolRef,
    instrument: Instrument,
  ) {
    this.unitValue = tickLotValue(instrument);
  }

  positionValue(): number {
    const mark = this.ref.markTicks();
    return this.positionLots === 0 || Number.isNaN(mark) ? 0 : this.positionLots * mark * this.unitValue;
  }

  /** Realised + unrealised P&L of the trading day. */
  dailyPnl(): number {
    return this.cashDay + this.positionValue() - this.dayStartMark;
  }

  startDay(): void {
    this.cashDay = 0;
    this.dayStartMark = this.positionValue();
  }
}

/**
 * The state risk keeps for one level (global, a firm, an account, a session): its limits (as set and compiled per
 * instrument), kill switch, open orders and their value, positions per instrument, the trading day's message
 * and trade counts, the token bucket of its message rate and, for sessions, the recent orders of the
 * duplicate-order control.
 */
export class RiskEntity {
  general: RiskLimits | undefined = undefined;
  readonly perSymbol = new Map<string, RiskLimits>();
  hasLimits = false;
  private readonly compiled = new Map<string, CompiledLimits>();
  private lastCompiled: CompiledLimits | null = null;
  private lastBook: SymbolBook | null = null;

  killed = false;
  openOrders = 0;
  /** Value of the open orders (leaves x price), in the price currency. */
  openValue = 0;
  readonly books = new Map<string, SymbolBook>();
  /** The same books as a list, to walk without an iterator. */
  readonly bookList: SymbolBook[] = [];
  messagesDay = 0;
  tradesDay = 0;
  /** Written by valuePositions(). */
  grossValue = 0;
  netValue = 0;
  pnlDay = 0;

  /** Token bucket as GCRA: µs between messages (0: no rate limit), burst tolerance, theoretical arrival time. */
  rateIntervalUs = 0;
  rateToleranceUs = 0;
  rateTatUs = 0;
  rateQueue = false;
  rateMaxQueueUs = 1_000_000;

  /** Sessions: latched by the duplicate-order control until a named risk officer releases it. */
  latched = false;
  latchText = '';
  /** Sessions: their recent new orders, for the duplicate-order control (null for the other levels). */
  readonly recent: RecentOrders | null;
  /** Sessions: the firm and account of their last order (a session mostly trades for one), to skip the lookups. */
  lastFirm: RiskEntity | null = null;
  lastAccount: RiskEntity | null = null;

  constructor(
    readonly scope: LimitScope,
    readonly id: string,
    /** "account A1": how reject texts name it. */
    readonly label: string,
  ) {
    // Only sessions keep recent orders: the other levels (a thousand accounts, say) stay small and close together in
    // memory, which the order path, touching a different account each time, feels.
    this.recent = scope === 'session' ? new RecentOrders() : null;
  }

  setLimits(symbol: string | undefined, limits: RiskLimits | undefined): void {
    if (symbol === undefined) this.general = limits;
    else if (limits === undefined) this.perSymbol.delete(symbol);
    else this.perSymbol.set(symbol, limits);
    this.hasLimits = this.general !== undefined || this.perSymbol.size > 0;
    this.compiled.clear();
    this.lastCompiled = null;
    const rate = this.general?.maxMessagesPerSecond;
    this.rateIntervalUs = rate === undefined ? 0 : 1_000_000 / rate;
    this.rateToleranceUs = rate === undefined ? 0 : (rate - 1) * this.rateIntervalUs;
    this.rateQueue = this.general?.throttleMode === 'queue';
    this.rateMaxQueueUs = (this.general?.maxQueueDelayMs ?? 1_000) * 1000;
  }

  limitsFor(instrument: Instrument): CompiledLimits {
    // A level mostly trades one instrument after another of the same: one remembered entry skips the map.
    const last = this.lastCompiled;
    if (last !== null && last.instrument.symbol === instrument.symbol) return last;
    let c = this.compiled.get(instrument.symbol);
    if (c === undefined) {
      c = compileLimits(this.label, instrument, this.general, this.perSymbol.get(instrument.symbol));
      this.compiled.set(instrument.symbol, c);
    }
    this.lastCompiled = c;
    return c;
  }

  book(ref: SymbolRef, instrument: Instrument): SymbolBook {
    const known = this.bookIfAny(ref.symbol);
    if (known !== undefined) return known;
    const b = new SymbolBook(ref, instrument);
    this.books.set(ref.symbol, b);
    this.bookList.push(b);
    this.lastBook = b;
    return b;
  }

  /** This level's book of an instrument, when it has one (none is made). */
  bookIfAny(symbol: string): SymbolBook | undefined {
    const last = this.lastBook;
    if (last !== null && last.ref.symbol === symbol) return last;
    const b = this.books.get(symbol);
    if (b !== undefined) this.lastBook = b;
    return b;
  }

  /**
   * Values the positions at the mark prices in one pass: `grossValue`, `netValue` and `pnlDay` (realised +
   * unrealised). Results go to fields, not return values: a double returned from a call that is not inlined
   * is a heap allocation, and this runs on the order path.
   */
  valuePositions(): void {
    let gross = 0;
    let net = 0;
    let pnl = 0;
    const list = this.bookList;
    for (let i = 0; i < list.length; i += 1) {
      const b = list[i];
      if (b === undefined) continue;
      // SymbolBook.positionValue() written out: a double returned from a call is boxed when the call is not inlined.
      const mark = b.ref.markTicks();
      const value = b.positionLots === 0 || Number.isNaN(mark) ? 0 : b.positionLots * mark * b.unitValue;
      gross += Math.abs(value);
      net += value;
      pnl += b.cashDay + value - b.dayStartMark;
    }
    this.grossValue = gross;
    this.netValue = net;
    this.pnlDay = pnl;
  }

  grossPositionValue(): number {
    this.valuePositions();
    return this.grossValue;
  }

  netPositionValue(): number {
    this.valuePositions();
    return this.netValue;
  }

  dailyPnl(): number {
    this.valuePositions();
    return this.pnlDay;
  }

  startDay(): void {
    this.messagesDay = 0;
    this.tradesDay = 0;
    for (const b of this.bookList) b.startDay();
  }
}

/** An open order as risk counts it (pooled: reused after the order ends, so the accept path does not allocate). */
export class LiveOrder {
  orderId = 0;
  buy = true;
  /** Order quantity of the current version (filled included). */
  qtyLots = 0;
  leavesLots = 0;
  priceTicks = 0;
  /** leaves x price in the price currency. */
  value = 0;
  constructor(
    public firm: RiskEntity,
    public account: RiskEntity,
    public session: RiskEntity,
    public firmBook: SymbolBook,
    public accountBook: SymbolBook,
    public sessionBook: SymbolBook,
  ) {}
}
