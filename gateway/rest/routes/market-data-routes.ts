import type { FastifyInstance } from 'fastify';
import { averagePriceToDecimal, lotsToQty, ticksToPrice } from '../../../engine/model';
import { DEFAULT_MAX_TRADES_PER_INSTRUMENT, type MarketData, type RecentTrade, type Ticker } from '../../../marketdata';
import type { Role } from '../access';
import { RestError } from '../errors';
import { decimalString, errorSchema, nullable, timestamp } from '../schemas';
import { formatAmount, ticksLotsAmount } from './amounts';
import { isoMicros } from './order-json';
import type { RestRoutes } from './route-context';

const READ: readonly Role[] = ['trader', 'viewer', 'risk', 'compliance', 'admin'];
const TAGS = ['market data'];

const symbol = { type: 'string', minLength: 1, maxLength: 64 } as const;
const symbolParams = { type: 'object', required: ['symbol'], properties: { symbol } } as const;
const tradesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: DEFAULT_MAX_TRADES_PER_INSTRUMENT, default: 100, description: 'how many of the latest trades, newest first' } },
} as const;

const nullableDecimal = nullable(decimalString);

const tickerSchema = {
  type: 'object',
  required: ['symbol', 'currency', 'tradingStatus', 'lastPrice', 'lastQty', 'lastTradeTime', 'day', 'open', 'high', 'low', 'volume', 'turnover', 'vwap', 'trades', 'bestBid', 'bestBidQty', 'bestAsk', 'bestAskQty'],
  properties: {
    symbol: { type: 'string' },
    currency: { type: 'string' },
    tradingStatus: { type: 'string', enum: ['open', 'halted', 'closed'] },
    lastPrice: nullableDecimal,
    lastQty: nullableDecimal,
    lastTradeTime: nullable(timestamp),
    day: nullable({ type: 'string', format: 'date', description: 'the UTC day of open, high, low, volume, turnover, vwap and trades; null before the day\'s first trade' }),
    open: nullableDecimal,
    high: nullableDecimal,
    low: nullableDecimal,
    volume: { ...decimalString, description: 'quantity traded in the UTC day' },
    turnover: { ...decimalString, description: 'sum of price x quantity of the day\'s trades, in the price currency' },
    vwap: { ...nullableDecimal, description: 'the day\'s volume-weighted average price, 4 digits past the tick' },
    trades: { type: 'integer', description: 'trades in the UTC day' },
    bestBid: nullableDecimal,
    bestBidQty: nullableDecimal,
    bestAsk: nullableDecimal,
    bestAskQty: nullableDecimal,
  },
} as const;

const tradeSchema = {
  type: 'object',
  required: ['tradeId', 'price', 'quantity', 'aggressor', 'time'],
  properties: {
    tradeId: { type: 'string' },
    price: decimalString,
    quantity: decimalString,
    aggressor: { type: 'string', enum: ['BUY', 'SELL'], description: 'side of the incoming order' },
    time: timestamp,
  },
} as const;

export function tickerJson(t: Ticker): unknown {
  const i = t.instrument;
  const price = (ticks: number | undefined): string | null => (ticks === undefined ? null : ticksToPrice(ticks, i));
  const volume = t.volumeLots;
  return {
    symbol: t.symbol,
    currency: i.currency,
    tradingStatus: i.tradingStatus,
    lastPrice: price(t.last?.priceTicks),
    lastQty: t.last === undefined ? null : lotsToQty(t.last.qtyLots, i),
    lastTradeTime: t.last === undefined ? null : isoMicros(t.last.tsUs),
    day: t.dayStartUs === undefined ? null : isoMicros(t.dayStartUs).slice(0, 10),
    open: price(t.openTicks),
    high: price(t.highTicks),
    low: price(t.lowTicks),
    volume: formatAmount({ units: volume * i.lotUnits, scale: i.qtyScale }),
    turnover: formatAmount(ticksLotsAmount(t.turnoverTicksLots, i)),
    vwap: volume === 0n || volume > BigInt(Number.MAX_SAFE_INTEGER) ? null : averagePriceToDecimal(t.turnoverTicksLots, Number(volume), i),
    trades: t.tradeCount,
    bestBid: price(t.bestBid?.priceTicks),
    bestBidQty: t.bestBid === undefined ? null : lotsToQty(t.bestBid.qtyLots, i),
    bestAsk: price(t.bestAsk?.priceTicks),
    bestAskQty: t.bestAsk === undefined ? null : lotsToQty(t.bestAsk.qtyLots, i),
  };
}

function unknownSymbol(symbol: string): RestError {
  return new RestError('GW_ERR_REST_UNKNOWN_SYMBOL', `unknown instrument ${symbol}`, { details: { symbol } });
}

/**
 * Market data reads, for every authenticated role: tickers (last trade, the UTC day's open, high, low, volume,
 * turnover, VWAP and trade count, best bid and ask from the book) and the latest trades of an instrument. Built
 * from the order path's released events, so nothing here is ahead of the journal.
 */
export function marketDataRoutes(marketData: MarketData): RestRoutes {
  return (api: FastifyInstance, context) => {
    // Day figures of a UTC day before today's are stale: the ticker shows the day empty until its first trade.
    const nowUs = (): bigint => BigInt(Math.floor(context.nowMs())) * 1000n;

    api.get('/tickers', {
      config: { access: { roles: READ } },
      schema: { tags: TAGS, summary: 'The ticker of every instrument, by symbol', response: { 200: { type: 'object', required: ['tickers'], properties: { tickers: { type: 'array', items: tickerSchema } } } } },
    }, async () => ({ tickers: marketData.tickers(nowUs()).map(tickerJson) }));

    api.get<{ Params: { symbol: string } }>('/tickers/:symbol', {
      config: { access: { roles: READ } },
      schema: { tags: TAGS, summary: 'The ticker of one instrument', params: symbolParams, response: { 200: tickerSchema, 404: errorSchema } },
    }, async (request) => {
      const ticker = marketData.ticker(request.params.symbol, nowUs());
      if (ticker === undefined) throw unknownSymbol(request.params.symbol);
      return tickerJson(ticker);
    });

    api.get<{ Params: { symbol: string }; Querystring: { limit?: number } }>('/trades/:symbol', {
      config: { access: { roles: READ } },
      schema: {
        tags: TAGS,
        summary: `The latest trades of an instrument, newest first (the last ${DEFAULT_MAX_TRADES_PER_INSTRUMENT} are kept)`,
        params: symbolParams,
        querystring: tradesQuery,
        response: { 200: { type: 'object', required: ['symbol', 'trades'], properties: { symbol: { type: 'string' }, trades: { type: 'array', items: tradeSchema } } }, 404: errorSchema },
      },
    }, async (request) => {
      const { symbol: wanted } = request.params;
      const i = marketData.instrument(wanted);
      const trades = marketData.trades(wanted, request.query.limit ?? 100);
      if (i === undefined || trades === undefined) throw unknownSymbol(wanted);
      const json = (t: RecentTrade) => ({ tradeId: String(t.tradeId), price: ticksToPrice(t.priceTicks, i), quantity: lotsToQty(t.qtyLots, i), aggressor: t.aggressor, time: isoMicros(t.tsUs) });
      return { symbol: wanted, trades: trades.map(json) };
    });
  };
}
