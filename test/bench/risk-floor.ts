/**
 * The least a pre-trade risk step can do for the risk benchmark's controls (issue 6), to measure a floor under
 * PreTradeRisk: the same checks of the same limits on every order (restricted and permitted instruments, order
 * quantity and value, a percent collar around the last trade, long and short position, gross and net position
 * value, credit, daily loss, open orders, order-to-trade ratio, message rates as GCRA buckets, the duplicate-order
 * control's prefilter and ring) and the same state kept from the engine's events (open orders and their value,
 * open buys and sells, positions, the day's cash, messages and trades at firm, account and session), all of it in
 * flat typed arrays: a level is a row of one Float64Array, an open order a slot of parallel arrays found by its
 * order id. What it leaves out makes it a floor, not a replacement: one instrument per level (no per-instrument
 * books or limits), no reject texts, no kill-switch or latch bookkeeping beyond a flag, no usage monitoring, no
 * replays, no day roll. Not used by the gateway.
 */
import type { EngineEvent, Fill, Instrument, OrderCommand, PlaceOrder } from '../../engine/model';
import { compileLimits } from '../../risk/compiled-limits';
import type { ScopedLimits } from '../../risk';

/** The columns of a level's row (limits first, then state); ROW doubles a row. */
const enum Col {
  // what the engine's events change: one cache line
  Open,
  OpenValue,
  Messages,
  Trades,
  Position,
  OpenBuys,
  OpenSells,
  Cash,
  // what a check reads besides
  RateTat,
  RateInterval,
  RateTolerance,
  DayStart,
  Killed,
  Permitted,
  MaxQty,
  MaxValue,
  Collar,
  MaxLong,
  MaxShort,
  MaxGross,
  MaxNet,
  Credit,
  MaxLoss,
  MaxOpen,
  Otr,
  OtrMin,
}
const ROW = 32;
/** An open order's slot: its order id (0: free), its three levels' rows, leaves, price, side; one cache line. */
const enum Slot {
  Key,
  Firm,
  Account,
  Session,
  Leaves,
  Price,
  Buy,
}
const SLOT = 8;
const GLOBAL = 0;
const HISTORY = 64;
const BUCKETS = 1024;
const SLOTS = 1 << 17;
const MAX_SESSIONS = 64;

/** What the engine gives risk (MatchingEngine fits). */
export interface FloorEngineView {
  instrument(symbol: string): Instrument | undefined;
  liveOrderId(sessionId: string, clientOrderId: string): number | undefined;
}

export class FloorRisk {
  private rows = new Float64Array(ROW * 64);
  private levels = 1;
  private readonly firms = new Map<string, number>();
  private readonly accounts = new Map<string, number>();
  private readonly sessions = new Map<string, number>();
  private readonly limitsOf = new Map<string, ScopedLimits>();
  private readonly restricted: boolean;
  private readonly unit: number;
  private lastTicks = Number.NaN;
  private nowUs = 0;
  /** The rows of the levels of the order last checked (its acceptance follows). */
  private firm = 0;
  private account = 0;
  private session = 0;
  private lastSessionId = '';
  /** The session last checked, numbered among sessions (its duplicate-order ring). */
  private sessionIndex = 0;
  private readonly sessionIndexes = new Map<string, number>();
  /** Open orders, by order id: SLOT doubles a slot (linear probing, deletion by backward shift). */
  private readonly slots = new Float64Array(SLOTS * SLOT);
  // The duplicate-order control: per session a ring of its last HISTORY orders and a count per hash bucket.
  private readonly ringAt = new Float64Array(HISTORY * MAX_SESSIONS);
  private readonly ringKey = new Float64Array(HISTORY * MAX_SESSIONS * 3);
  private readonly ringBucket = new Int32Array(HISTORY * MAX_SESSIONS).fill(-1);
  private readonly inBucket = new Uint8Array(BUCKETS * MAX_SESSIONS);
  private readonly ringNext = new Int32Array(MAX_SESSIONS);
  private readonly duplicateRepeats: number;
  private readonly duplicateWindowUs: number;

  constructor(
    private readonly engine: FloorEngineView,
    private readonly instrument: Instrument,
    limits: readonly ScopedLimits[],
  ) {
    for (const l of limits) this.limitsOf.set(`${l.scope}:${l.id}`, l);
    const global = compileLimits('global', instrument, this.limitsOf.get('global:*')?.limits, undefined);
    this.restricted = global.restricted;
    this.unit = global.unitValue;
    const session = [...this.limitsOf.values()].find((l) => l.scope === 'session')?.limits;
    this.duplicateRepeats = session?.duplicateMaxRepeats ?? Number.POSITIVE_INFINITY;
    this.duplicateWindowUs = (session?.duplicateWindowMs ?? 1_000) * 1000;
  }

  /** Accept (true) or reject (false) a command at `nowUs`, counting it when accepted. */
  check(command: OrderCommand, nowUs: bigint): boolean {
    if (command.kind !== 'PlaceOrder' && command.kind !== 'CancelOrder' && command.kind !== 'ReplaceOrder') return true;
    this.nowUs = Number(nowUs);
    const w = this.rows;
    const s = this.sessionRow(command.sessionId);
    if (command.kind !== 'PlaceOrder') {
      const orderId = this.engine.liveOrderId(command.sessionId, command.origClientOrderId);
      const slot = orderId === undefined ? -1 : this.slotOf(orderId);
      const f = slot < 0 ? -1 : (this.slots[slot + Slot.Firm] ?? 0);
      const a = slot < 0 ? -1 : (this.slots[slot + Slot.Account] ?? 0);
      if ((f >= 0 && !this.rate(f)) || !this.rate(s)) return false;
      if (command.kind === 'ReplaceOrder') return true; // not in the benchmark's flow
      this.count(f, a, s);
      return true;
    }
    const f = (this.firm = this.level(this.firms, 'firm', command.firm) * ROW);
    const a = (this.account = this.level(this.accounts, 'account', command.account) * ROW);
    if (!this.rate(f) || !this.rate(s)) return false;
    if ((w[GLOBAL + Col.Killed] ?? 0) + (w[f + Col.Killed] ?? 0) + (w[a + Col.Killed] ?? 0) + (w[s + Col.Killed] ?? 0) > 0) return false;
    if (this.engine.instrument(command.symbol) === undefined) return true;
    if (this.restricted) return false;
    if (!this.passes(f, command) || !this.passes(a, command) || !this.passes(s, command)) return false;
    if (this.repeats(this.sessionIndex, command) >= this.duplicateRepeats) return false;
    this.count(f, a, s);
    return true;
  }

  /** One level's limits against a new order. */
  private passes(r: number, order: PlaceOrder): boolean {
    const w = this.rows;
    if (w[r + Col.Permitted] === 0) return false;
    const qty = order.qtyLots;
    const price = order.priceTicks ?? Number.NaN;
    if (qty > (w[r + Col.MaxQty] ?? 0) || qty * price > (w[r + Col.MaxValue] ?? 0)) return false;
    const reference = this.lastTicks;
    if (!Number.isNaN(reference) && Math.abs(price - reference) * 100 > (w[r + Col.Collar] ?? 0) * Math.abs(reference)) return false;
    if ((w[r + Col.Open] ?? 0) >= (w[r + Col.MaxOpen] ?? 0)) return false;
    const position = w[r + Col.Position] ?? 0;
    const isBuy = order.side === 'BUY';
    if (isBuy ? position + (w[r + Col.OpenBuys] ?? 0) + qty > (w[r + Col.MaxLong] ?? 0) : -position + (w[r + Col.OpenSells] ?? 0) + qty > (w[r + Col.MaxShort] ?? 0)) return false;
    const value = Number.isNaN(reference) ? 0 : position * reference * this.unit;
    const orderValue = qty * price * this.unit;
    const gross = Math.abs(value);
    if (gross + orderValue > (w[r + Col.MaxGross] ?? 0) || Math.abs(value + (isBuy ? orderValue : -orderValue)) > (w[r + Col.MaxNet] ?? 0)) return false;
    if ((w[r + Col.OpenValue] ?? 0) + gross + orderValue > (w[r + Col.Credit] ?? 0)) return false;
    if (-((w[r + Col.Cash] ?? 0) + value - (w[r + Col.DayStart] ?? 0)) >= (w[r + Col.MaxLoss] ?? 0)) return false;
    const messages = (w[r + Col.Messages] ?? 0) + 1;
    return !(messages >= (w[r + Col.OtrMin] ?? 0) && messages > (w[r + Col.Otr] ?? 0) * Math.max(1, w[r + Col.Trades] ?? 0));
  }

  /** GCRA: room in the level's bucket (charged), or none. */
  private rate(r: number): boolean {
    const w = this.rows;
    const interval = w[r + Col.RateInterval] ?? 0;
    if (interval === 0) return true;
    const tat = Math.max(w[r + Col.RateTat] ?? 0, this.nowUs);
    if (tat - (w[r + Col.RateTolerance] ?? 0) - this.nowUs > 0) return false;
    w[r + Col.RateTat] = tat + interval;
    return true;
  }

  /** Repeats of the order among the session's recent ones within the window; the order joins the ring. */
  private repeats(session: number, order: PlaceOrder): number {
    const price = order.priceTicks ?? -1;
    const h = Math.imul(order.qtyLots | 0, 0x9e3779b1) ^ Math.imul(price | 0, 0x85ebca6b) ^ (order.side === 'BUY' ? 0 : 0x27d4eb2f);
    const bucket = session * BUCKETS + ((h ^ (h >>> 15)) & (BUCKETS - 1));
    const base = session * HISTORY;
    let count = 0;
    if ((this.inBucket[bucket] ?? 0) > 0) {
      const since = this.nowUs - this.duplicateWindowUs;
      for (let i = base; i < base + HISTORY; i += 1) {
        if ((this.ringAt[i] ?? 0) >= since && this.ringBucket[i] === bucket && this.ringKey[3 * i] === order.qtyLots && this.ringKey[3 * i + 1] === price && this.ringKey[3 * i + 2] === this.account) count += 1;
      }
    }
    const at = base + (this.ringNext[session] ?? 0);
    const old = this.ringBucket[at] ?? -1;
    if (old >= 0) this.inBucket[old] = (this.inBucket[old] ?? 1) - 1;
    this.ringBucket[at] = bucket;
    this.inBucket[bucket] = (this.inBucket[bucket] ?? 0) + 1;
    this.ringAt[at] = this.nowUs;
    this.ringKey[3 * at] = order.qtyLots;
    this.ringKey[3 * at + 1] = price;
    this.ringKey[3 * at + 2] = this.account;
    this.ringNext[session] = ((this.ringNext[session] ?? 0) + 1) % HISTORY;
    return count;
  }

  private count(f: number, a: number, s: number): void {
    const w = this.rows;
    w[GLOBAL + Col.Messages] = (w[GLOBAL + Col.Messages] ?? 0) + 1;
    if (f >= 0) w[f + Col.Messages] = (w[f + Col.Messages] ?? 0) + 1;
    if (a >= 0) w[a + Col.Messages] = (w[a + Col.Messages] ?? 0) + 1;
    w[s + Col.Messages] = (w[s + Col.Messages] ?? 0) + 1;
  }

  onEvent(event: EngineEvent): void {
    switch (event.kind) {
      case 'OrderAccepted':
        if (event.leavesQtyLots > 0) this.open(event.order.orderId, event.leavesQtyLots, event.order.priceTicks ?? 0, event.order.side === 'BUY');
        return;
      case 'Trade':
        this.lastTicks = event.priceTicks;
        this.fill(event.maker, event.priceTicks, event.qtyLots);
        this.fill(event.taker, event.priceTicks, event.qtyLots);
        return;
      case 'OrderCancelled':
      case 'OrderExpired': {
        const slot = this.slotOf(event.order.orderId);
        if (slot >= 0) this.close(slot);
        return;
      }
      default:
        return;
    }
  }

  /** Open orders, position and open buys and sells of an account, as the real risk reports them (for the bench's check). */
  accountFigures(account: string): { readonly openOrders: number; readonly positionLots: number; readonly openBuyLots: number; readonly openSellLots: number } {
    const id = this.accounts.get(account);
    const w = this.rows;
    const r = (id ?? 0) * ROW;
    return id === undefined
      ? { openOrders: 0, positionLots: 0, openBuyLots: 0, openSellLots: 0 }
      : { openOrders: w[r + Col.Open] ?? 0, positionLots: w[r + Col.Position] ?? 0, openBuyLots: w[r + Col.OpenBuys] ?? 0, openSellLots: w[r + Col.OpenSells] ?? 0 };
  }

  private sessionRow(id: string): number {
    if (id !== this.lastSessionId) {
      this.lastSessionId = id;
      this.session = this.level(this.sessions, 'session', id) * ROW;
      let index = this.sessionIndexes.get(id);
      if (index === undefined) {
        index = this.sessionIndexes.size;
        if (index === MAX_SESSIONS) throw new Error(`the floor risk keeps at most ${MAX_SESSIONS} sessions`);
        this.sessionIndexes.set(id, index);
      }
      this.sessionIndex = index;
    }
    return this.session;
  }

  /** A level's row number, made with its limits on first sight. */
  private level(map: Map<string, number>, scope: 'firm' | 'account' | 'session', id: string): number {
    const known = map.get(id);
    if (known !== undefined) return known;
    const n = this.levels++;
    map.set(id, n);
    if (ROW * this.levels > this.rows.length) {
      const grown = new Float64Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    const c = compileLimits(id, this.instrument, this.limitsOf.get(`${scope}:${id}`)?.limits, undefined);
    const w = this.rows;
    const r = n * ROW;
    w[r + Col.MaxQty] = c.maxQtyLots;
    w[r + Col.MaxValue] = c.maxValueTicksLots;
    w[r + Col.Collar] = c.collarPercent;
    w[r + Col.MaxLong] = c.maxLongLots;
    w[r + Col.MaxShort] = c.maxShortLots;
    w[r + Col.MaxGross] = c.maxGrossValue;
    w[r + Col.MaxNet] = c.maxNetValue;
    w[r + Col.Credit] = c.creditLimit;
    w[r + Col.MaxLoss] = c.maxDailyLoss;
    w[r + Col.MaxOpen] = c.maxOpenOrders;
    w[r + Col.Otr] = c.otrRatio;
    w[r + Col.OtrMin] = c.otrMinMessages;
    w[r + Col.Permitted] = c.notPermitted ? 0 : 1;
    const rate = this.limitsOf.get(`${scope}:${id}`)?.limits.maxMessagesPerSecond;
    w[r + Col.RateInterval] = rate === undefined ? 0 : 1_000_000 / rate;
    w[r + Col.RateTolerance] = rate === undefined ? 0 : (rate - 1) * (1_000_000 / rate);
    return n;
  }

  /** The slot (its first cell) of an open order; -1 when it has none. */
  private slotOf(orderId: number): number {
    const slots = this.slots;
    for (let i = orderId & (SLOTS - 1); ; i = (i + 1) & (SLOTS - 1)) {
      const key = slots[i * SLOT] ?? 0;
      if (key === orderId) return i * SLOT;
      if (key === 0) return -1;
    }
  }

  private open(orderId: number, leaves: number, price: number, isBuy: boolean): void {
    const slots = this.slots;
    let i = orderId & (SLOTS - 1);
    while (slots[i * SLOT] !== 0) i = (i + 1) & (SLOTS - 1);
    const at = i * SLOT;
    slots[at + Slot.Key] = orderId;
    slots[at + Slot.Firm] = this.firm;
    slots[at + Slot.Account] = this.account;
    slots[at + Slot.Session] = this.session;
    slots[at + Slot.Leaves] = 0;
    slots[at + Slot.Price] = price;
    slots[at + Slot.Buy] = isBuy ? 1 : 0;
    this.contribute(at, leaves, 1);
  }

  /** An open order's change of leaves (and of the open-order count) at its three levels. */
  private contribute(at: number, lots: number, orders: number): void {
    const w = this.rows;
    const slots = this.slots;
    const value = lots * (slots[at + Slot.Price] ?? 0) * this.unit;
    const side = slots[at + Slot.Buy] === 1 ? Col.OpenBuys : Col.OpenSells;
    slots[at + Slot.Leaves] = (slots[at + Slot.Leaves] ?? 0) + lots;
    for (let level = Slot.Firm; level <= Slot.Session; level += 1) {
      const r = slots[at + level] ?? 0;
      w[r + side] = (w[r + side] ?? 0) + lots;
      w[r + Col.OpenValue] = (w[r + Col.OpenValue] ?? 0) + value;
      w[r + Col.Open] = (w[r + Col.Open] ?? 0) + orders;
    }
  }

  private fill(fill: Fill, priceTicks: number, qtyLots: number): void {
    const at = this.slotOf(fill.order.orderId);
    if (at < 0) return;
    const w = this.rows;
    const slots = this.slots;
    const signed = slots[at + Slot.Buy] === 1 ? qtyLots : -qtyLots;
    const cash = signed * priceTicks * this.unit;
    for (let level = Slot.Firm; level <= Slot.Session; level += 1) {
      const r = slots[at + level] ?? 0;
      w[r + Col.Position] = (w[r + Col.Position] ?? 0) + signed;
      w[r + Col.Cash] = (w[r + Col.Cash] ?? 0) - cash;
      w[r + Col.Trades] = (w[r + Col.Trades] ?? 0) + 1;
    }
    if (fill.leavesQtyLots === 0) this.close(at);
    else this.contribute(at, fill.leavesQtyLots - (slots[at + Slot.Leaves] ?? 0), 0);
  }

  private close(at: number): void {
    this.contribute(at, -(this.slots[at + Slot.Leaves] ?? 0), -1);
    const slots = this.slots;
    const mask = SLOTS - 1;
    let hole = at / SLOT;
    for (let j = (hole + 1) & mask; slots[j * SLOT] !== 0; j = (j + 1) & mask) {
      const key = slots[j * SLOT] ?? 0;
      if (((j - (key & mask)) & mask) < ((j - hole) & mask)) continue;
      slots.copyWithin(hole * SLOT, j * SLOT, j * SLOT + SLOT);
      hole = j;
    }
    slots[hole * SLOT] = 0;
  }
}
