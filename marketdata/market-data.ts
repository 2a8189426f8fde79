import type { EngineEvent, Instrument, PriceTicks, QtyLots, TimestampUs, Trade, TradeAmended } from '../engine/model';
import { MarketDataError } from './errors';
import { type RecentTrade, TradeRing } from './trade-ring';

const DAY_US = 86_400_000_000n;
/** Trades kept per instrument for GET /trades. */
export const DEFAULT_MAX_TRADES_PER_INSTRUMENT = 1_000;

/** One price level as the engine's depth gives it (MatchingEngine.depth fits it). */
export interface DepthLevelView {
  readonly priceTicks: PriceTicks;
  readonly qtyLots: QtyLots;
  readonly orderCount: number;
}

export interface DepthView {
  readonly bids: readonly DepthLevelView[];
  readonly asks: readonly DepthLevelView[];
}

/** An event as the order path releases it (its SequencedEvent fits). */
export interface ReleasedEvent {
  readonly event: EngineEvent;
}

export interface MarketDataOptions {
  /** The instrument of a symbol (the engine's, with its trading status); unknown symbols have no ticker. */
  readonly instrument: (symbol: string) => Instrument | undefined;
  /** The best levels of a book, read when a ticker is asked for (MatchingEngine.depth). */
  readonly depth: (symbol: string, levels: number) => DepthView | undefined;
  /** Symbols listed by tickers() before they trade (the instruments known at start). */
  readonly symbols?: Iterable<string>;
  readonly maxTradesPerInstrument?: number;
}

/** A price and the shown quantity there. */
export interface BestPrice {
  readonly priceTicks: PriceTicks;
  readonly qtyLots: QtyLots;
}

/** One instrument's market: integers only; the REST edge converts with `instrument`. */
export interface Ticker {
  readonly symbol: string;
  readonly instrument: Instrument;
  readonly last: RecentTrade | undefined;
  /** Start (UTC µs) of the UTC day the day's figures are for; undefined when the instrument has not traded that day. */
  readonly dayStartUs: TimestampUs | undefined;
  readonly openTicks: PriceTicks | undefined;
  readonly highTicks: PriceTicks | undefined;
  readonly lowTicks: PriceTicks | undefined;
  /** The day's traded quantity in lots. */
  readonly volumeLots: bigint;
  /** The day's sum of price x quantity, in ticks x lots. */
  readonly turnoverTicksLots: bigint;
  readonly tradeCount: number;
  readonly bestBid: BestPrice | undefined;
  readonly bestAsk: BestPrice | undefined;
}

/** What is kept per instrument between trades. */
class InstrumentMarket {
  readonly trades: TradeRing;
  day = -1n;
  openTicks: PriceTicks | undefined = undefined;
  highTicks: PriceTicks | undefined = undefined;
  lowTicks: PriceTicks | undefined = undefined;
  volumeLots = 0n;
  turnoverTicksLots = 0n;
  tradeCount = 0;

  constructor(capacity: number) {
    this.trades = new TradeRing(capacity);
  }

  apply(trade: Trade): void {
    const day = trade.tsUs / DAY_US;
    const price = trade.priceTicks;
    if (day > this.day) {
      this.day = day;
      this.openTicks = price;
      this.highTicks = price;
      this.lowTicks = price;
      this.volumeLots = 0n;
      this.turnoverTicksLots = 0n;
      this.tradeCount = 0;
    } else {
      if (this.highTicks === undefined || price > this.highTicks) this.highTicks = price;
      if (this.lowTicks === undefined || price < this.lowTicks) this.lowTicks = price;
    }
    this.volumeLots += BigInt(trade.qtyLots);
    this.turnoverTicksLots += BigInt(price) * BigInt(trade.qtyLots);
    this.tradeCount += 1;
    this.trades.push({ tradeId: trade.tradeId, priceTicks: price, qtyLots: trade.qtyLots, aggressor: trade.taker.order.side, tsUs: trade.tsUs });
  }

  /**
   * A trade cancelled or corrected by the venue: the latest trades show it amended (a cancelled one no more), and, when
   * it is still kept and of the current day, the day's volume, turnover and trade count follow. The day's open, high
   * and low stay as they were (they would need every trade of the day).
   */
  amend(event: TradeAmended): void {
    const cancelled = event.action === 'cancel';
    const was = this.trades.amend(event.tradeId, event.priceTicks, event.qtyLots, cancelled);
    if (was === undefined || was.tsUs / DAY_US !== this.day) return;
    this.volumeLots -= BigInt(event.wasQtyLots - event.qtyLots);
    this.turnoverTicksLots -= BigInt(event.wasPriceTicks) * BigInt(event.wasQtyLots) - BigInt(event.priceTicks) * BigInt(event.qtyLots);
    if (cancelled) this.tradeCount -= 1;
  }
}

/**
 * Market data from the order path's released events (after the journal commit, so nothing shown is not durable):
 * per instrument the last trade, the UTC day's open, high, low, volume, turnover and trade count, the latest trades
 * in a bounded ring, and the best bid and ask read from the engine's book when asked. Subscribe it with
 * `orderPath.subscribe(marketData)`.
 */
export class MarketData {
  private readonly markets = new Map<string, InstrumentMarket>();
  private readonly listed = new Set<string>();
  private readonly capacity: number;

  constructor(private readonly options: MarketDataOptions) {
    const capacity = options.maxTradesPerInstrument ?? DEFAULT_MAX_TRADES_PER_INSTRUMENT;
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new MarketDataError('GW_ERR_MARKETDATA_INVALID_OPTION', `maxTradesPerInstrument must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    for (const symbol of options.symbols ?? []) this.listed.add(symbol);
  }

  /** The order path's subscriber side: every released event, in order; only trades (and their amendments) change market data. */
  deliver(events: readonly ReleasedEvent[]): void {
    for (const { event } of events) {
      if (event.kind === 'Trade') this.apply(event);
      else if (event.kind === 'TradeAmended') this.amend(event);
    }
  }

  /** A trade cancelled or corrected by the venue (see InstrumentMarket.amend). */
  amend(event: TradeAmended): void {
    this.markets.get(event.symbol)?.amend(event);
  }

  apply(trade: Trade): void {
    let market = this.markets.get(trade.symbol);
    if (market === undefined) {
      market = new InstrumentMarket(this.capacity);
      this.markets.set(trade.symbol, market);
      this.listed.add(trade.symbol);
    }
    market.apply(trade);
  }

  /** The instrument of a symbol, as the engine has it now. */
  instrument(symbol: string): Instrument | undefined {
    return this.options.instrument(symbol);
  }

  /** Every known instrument's symbol, sorted. */
  symbols(): string[] {
    return [...this.listed].filter((s) => this.options.instrument(s) !== undefined).sort();
  }

  /**
   * The ticker of a known instrument (undefined for an unknown one). With `nowUs`, day figures of an earlier UTC
   * day than now's are not shown (a new day has not traded yet); the last trade is kept.
   */
  ticker(symbol: string, nowUs?: bigint): Ticker | undefined {
    const instrument = this.options.instrument(symbol);
    if (instrument === undefined) return undefined;
    const market = this.markets.get(symbol);
    const depth = this.options.depth(symbol, 1);
    const bid = depth?.bids[0];
    const ask = depth?.asks[0];
    const current = market !== undefined && market.tradeCount > 0 && (nowUs === undefined || nowUs / DAY_US <= market.day);
    return {
      symbol,
      instrument,
      last: market?.trades.last(),
      dayStartUs: current ? market.day * DAY_US : undefined,
      openTicks: current ? market.openTicks : undefined,
      highTicks: current ? market.highTicks : undefined,
      lowTicks: current ? market.lowTicks : undefined,
      volumeLots: current ? market.volumeLots : 0n,
      turnoverTicksLots: current ? market.turnoverTicksLots : 0n,
      tradeCount: current ? market.tradeCount : 0,
      bestBid: bid === undefined ? undefined : { priceTicks: bid.priceTicks, qtyLots: bid.qtyLots },
      bestAsk: ask === undefined ? undefined : { priceTicks: ask.priceTicks, qtyLots: ask.qtyLots },
    };
  }

  /** The tickers of every known instrument, by symbol. */
  tickers(nowUs?: bigint): Ticker[] {
    const out: Ticker[] = [];
    for (const symbol of this.symbols()) {
      const ticker = this.ticker(symbol, nowUs);
      if (ticker !== undefined) out.push(ticker);
    }
    return out;
  }

  /** Up to `limit` latest trades of a known instrument, newest first; undefined for an unknown instrument. */
  trades(symbol: string, limit: number): RecentTrade[] | undefined {
    if (this.options.instrument(symbol) === undefined) return undefined;
    return this.markets.get(symbol)?.trades.recent(limit) ?? [];
  }

  /** How many trades are kept per instrument. */
  get maxTradesPerInstrument(): number {
    return this.capacity;
  }
}
