import { defineInstrument, OrderType, SelfTradePrevention, SelfTradeScope, Side, TimeInForce, TradingStatus } from '../../../engine/model';
import type { EngineCommand, Instrument, PriceTicks, QtyLots } from '../../../engine/model';

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same stream on every machine. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(lowInclusive: number, highInclusive: number): number {
    return lowInclusive + Math.floor(this.next() * (highInclusive - lowInclusive + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

export const TEST_INSTRUMENTS: readonly Instrument[] = [
  defineInstrument({ symbol: 'ACME', isin: 'US0000000001', currency: 'USD', tickSize: '0.01', lotSize: '1' }),
  defineInstrument({ symbol: 'BOLT', isin: 'DE0000000002', currency: 'EUR', tickSize: '0.05', lotSize: '10' }),
];

const SESSIONS = ['S1', 'S2', 'S3'] as const;
const ACCOUNTS = [
  ['A1', 'F1'],
  ['A2', 'F1'],
  ['A3', 'F2'],
  ['A4', 'F2'],
] as const;
const STP_MODES = Object.values(SelfTradePrevention);
const HOUR_US = 3_600_000_000n;

/**
 * Seeded random commands over every order type and rule: limit, market (with and without protection price),
 * stop and stop-limit, every time in force, post-only, iceberg, minimum quantity, self-trade prevention by
 * account and firm, cancel, replace (price, up, down, below filled), mass cancel, status, halts, expiry, and
 * some invalid commands. Prices stay in a narrow band so orders cross often.
 */
export class CommandGenerator {
  private readonly random: SeededRandom;
  private nowUs = 1_767_225_600_000_000n; // 2026-01-01T00:00:00Z
  private counter = 0;
  private readonly recent: { sessionId: string; clientOrderId: string; symbol: string; side: Side }[] = [];
  private readonly mids = new Map<string, number>([
    ['ACME', 10_000],
    ['BOLT', 2_000],
  ]);

  /**
   * `isLive` (optional) lets cancels and replaces aim mostly at live orders; `amend` (optional) makes a trade cancel or
   * correction by operations from the trades so far, choosing with the generator's random source (undefined: none to
   * make). Both must be deterministic.
   */
  constructor(
    seed: number,
    private readonly isLive: (sessionId: string, clientOrderId: string) => boolean = () => true,
    private readonly amend?: (random: SeededRandom) => EngineCommand | undefined,
  ) {
    this.random = new SeededRandom(seed);
  }

  /** The next command and the time to execute it at (time only moves forward). */
  next(): { command: EngineCommand; nowUs: bigint } {
    const r = this.random;
    this.nowUs += BigInt(r.int(1, 2_000_000));
    if (r.chance(0.002)) this.nowUs += 12n * HOUR_US; // jumps past trading day ends: DAY orders expire
    const roll = r.next();
    const command: EngineCommand =
      roll < 0.6 ? this.place() : roll < 0.75 ? this.cancel() : roll < 0.9 ? this.replace() : roll < 0.93 ? this.status() : this.rare();
    return { command, nowUs: this.nowUs };
  }

  private symbol(): string {
    return this.random.chance(0.85) ? 'ACME' : this.random.chance(0.95) ? 'BOLT' : 'NOPE';
  }

  private price(symbol: string, side: Side): PriceTicks {
    const mid = this.mids.get(symbol) ?? 1_000;
    const r = this.random;
    if (r.chance(0.01)) this.mids.set(symbol, mid + r.int(-3, 3));
    const offset = r.int(-2, 12);
    return Math.max(1, side === Side.Buy ? mid - offset : mid + offset) as PriceTicks;
  }

  private place(): EngineCommand {
    const r = this.random;
    const sessionId = r.pick(SESSIONS);
    const [account, firm] = r.pick(ACCOUNTS);
    const symbol = this.symbol();
    const side = r.chance(0.5) ? Side.Buy : Side.Sell;
    const typeRoll = r.next();
    const type = typeRoll < 0.72 ? OrderType.Limit : typeRoll < 0.82 ? OrderType.Market : typeRoll < 0.91 ? OrderType.Stop : OrderType.StopLimit;
    const tifRoll = r.next();
    const timeInForce =
      tifRoll < 0.4 ? TimeInForce.Day : tifRoll < 0.6 ? TimeInForce.GoodTillCancel : tifRoll < 0.75 ? TimeInForce.ImmediateOrCancel : tifRoll < 0.85 ? TimeInForce.FillOrKill : TimeInForce.GoodTillDate;
    const qty = r.chance(0.01) ? 0 : r.int(1, 30);
    const reuse = r.chance(0.03) ? this.recent[this.recent.length - 1] : undefined;
    const clientOrderId = reuse !== undefined && reuse.sessionId === sessionId ? reuse.clientOrderId : `C${++this.counter}`;
    const priced = type === OrderType.Limit || type === OrderType.StopLimit;
    const stop = type === OrderType.Stop || type === OrderType.StopLimit;
    const mid = this.mids.get(symbol) ?? 1_000;
    const stopOffset = r.int(0, 4);
    this.recent.push({ sessionId, clientOrderId, symbol, side });
    if (this.recent.length > 256) this.recent.shift();
    return {
      kind: 'PlaceOrder',
      sessionId,
      clientOrderId,
      account,
      firm,
      symbol,
      side,
      type,
      timeInForce,
      qtyLots: qty as QtyLots,
      priceTicks: priced || r.chance(0.3) ? (r.chance(0.005) ? (0 as PriceTicks) : this.price(symbol, side)) : undefined,
      stopPriceTicks: stop ? ((side === Side.Buy ? mid + stopOffset : mid - stopOffset) as PriceTicks) : undefined,
      displayQtyLots: priced && r.chance(0.12) ? (r.int(1, 8) as QtyLots) : undefined,
      minQtyLots: r.chance(0.08) ? (r.int(1, 12) as QtyLots) : undefined,
      expireTimeUs: timeInForce === TimeInForce.GoodTillDate ? this.nowUs + BigInt(r.int(-1_000_000, 120_000_000)) : undefined,
      postOnly: type === OrderType.Limit && r.chance(0.1),
      selfTradePrevention: r.chance(0.35) ? r.pick(STP_MODES) : undefined,
      selfTradeScope: r.chance(0.5) ? SelfTradeScope.Firm : SelfTradeScope.Account,
    };
  }

  private target(): { sessionId: string; clientOrderId: string; symbol: string; side: Side } {
    const r = this.random;
    let known = this.recent[this.recent.length - 1 - Math.floor(r.next() * r.next() * this.recent.length)];
    for (let attempt = 0; attempt < 4 && known !== undefined && !this.isLive(known.sessionId, known.clientOrderId); attempt += 1) {
      known = this.recent[Math.floor(r.next() * this.recent.length)];
    }
    if (known === undefined || r.chance(0.03)) return { sessionId: r.pick(SESSIONS), clientOrderId: 'UNKNOWN', symbol: 'ACME', side: Side.Buy };
    if (r.chance(0.02)) return { ...known, side: known.side === Side.Buy ? Side.Sell : Side.Buy };
    return known;
  }

  private cancel(): EngineCommand {
    const t = this.target();
    return { kind: 'CancelOrder', sessionId: t.sessionId, clientOrderId: `X${++this.counter}`, origClientOrderId: t.clientOrderId, symbol: t.symbol, side: t.side };
  }

  private replace(): EngineCommand {
    const r = this.random;
    const t = this.target();
    const clientOrderId = `R${++this.counter}`;
    const existing = this.recent.findIndex((x) => x.sessionId === t.sessionId && x.clientOrderId === t.clientOrderId);
    if (existing >= 0) this.recent[existing] = { ...t, clientOrderId };
    return {
      kind: 'ReplaceOrder',
      sessionId: t.sessionId,
      clientOrderId,
      origClientOrderId: t.clientOrderId,
      symbol: t.symbol,
      side: t.side,
      qtyLots: r.int(r.chance(0.01) ? 0 : 1, 30) as QtyLots,
      priceTicks: r.chance(0.5) ? this.price(t.symbol, t.side) : undefined,
      stopPriceTicks: r.chance(0.2) ? this.price(t.symbol, t.side === Side.Buy ? Side.Sell : Side.Buy) : undefined,
      displayQtyLots: r.chance(0.1) ? (r.int(1, 8) as QtyLots) : undefined,
      expireTimeUs: r.chance(0.2) ? this.nowUs + BigInt(r.int(-1_000_000, 60_000_000)) : undefined,
    };
  }

  private status(): EngineCommand {
    const t = this.target();
    return { kind: 'OrderStatusRequest', sessionId: t.sessionId, clientOrderId: t.clientOrderId, symbol: t.symbol, requestId: `Q${++this.counter}` };
  }

  private rare(): EngineCommand {
    const r = this.random;
    const roll = r.next();
    if (roll < 0.45) return { kind: 'ExpireOrders' };
    if (roll < 0.6) {
      return {
        kind: 'MassCancel',
        sessionId: r.pick(SESSIONS),
        requestId: `M${++this.counter}`,
        filter: {
          sessionId: r.chance(0.5) ? r.pick(SESSIONS) : undefined,
          account: r.chance(0.4) ? r.pick(ACCOUNTS)[0] : undefined,
          firm: r.chance(0.2) ? r.pick(ACCOUNTS)[1] : undefined,
          symbol: r.chance(0.5) ? this.symbol() : undefined,
          side: r.chance(0.4) ? (r.chance(0.5) ? Side.Buy : Side.Sell) : undefined,
        },
      };
    }
    if (roll >= 0.8 && this.amend !== undefined) {
      const amendment = this.amend(r);
      if (amendment !== undefined) return amendment;
    }
    const status = roll < 0.64 ? TradingStatus.Halted : roll < 0.65 ? TradingStatus.Closed : TradingStatus.Open;
    return { kind: 'SetTradingStatus', symbol: r.chance(0.97) ? this.symbol() : 'NOPE', status };
  }
}
