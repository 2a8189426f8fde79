/**
 * Orders as the REST API shows them: prices and quantities as exact decimal strings of the instrument (never JSON
 * numbers), timestamps as RFC 3339 UTC with microseconds.
 */
import type { BookDepth } from '../../../engine';
import { averagePriceToDecimal, type Instrument, lotsToQty, type OrderState, type OrderTerms, type Trade, ticksToPrice } from '../../../engine/model';
import { decimalString, nullable, timestamp } from '../schemas';

export interface OrderJson {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly origClientOrderId: string | null;
  readonly channel: string;
  readonly account: string;
  readonly symbol: string;
  readonly side: string;
  readonly type: string;
  readonly timeInForce: string;
  readonly quantity: string;
  readonly price: string | null;
  readonly stopPrice: string | null;
  readonly displayQty: string | null;
  readonly minQty: string | null;
  readonly expireTime: string | null;
  readonly postOnly: boolean;
  readonly status: string;
  readonly filledQty: string;
  readonly leavesQty: string;
  readonly avgPrice: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface FillJson {
  readonly tradeId: string;
  readonly price: string;
  readonly quantity: string;
  readonly liquidity: string;
  readonly time: string;
}

/** µs since the epoch as "2030-01-02T09:00:00.123456Z". */
export function isoMicros(us: bigint): string {
  const ms = us / 1000n;
  const micros = us % 1000n;
  const text = new Date(Number(ms)).toISOString();
  return `${text.slice(0, -1)}${micros.toString().padStart(3, '0')}Z`;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** An RFC 3339 date-time as µs since the epoch (fractions past µs are cut); undefined when it is not one. */
export function parseIsoMicros(text: string): bigint | undefined {
  const match = RFC3339.exec(text);
  if (match === null) return undefined;
  const ms = Date.parse(`${match[1] ?? ''}${match[3] ?? 'Z'}`);
  if (Number.isNaN(ms)) return undefined;
  const micros = BigInt((match[2] ?? '').padEnd(6, '0').slice(0, 6));
  return BigInt(ms) * 1000n + micros;
}

const price = (ticks: number | undefined, instrument: Instrument): string | null => (ticks === undefined ? null : ticksToPrice(ticks, instrument));
const qty = (lots: number | undefined, instrument: Instrument): string | null => (lots === undefined ? null : lotsToQty(lots, instrument));

export function orderJson(terms: OrderTerms, state: OrderState, updatedUs: bigint, instrument: Instrument): OrderJson {
  return {
    orderId: String(terms.orderId),
    clientOrderId: terms.clientOrderId,
    origClientOrderId: terms.origClientOrderId ?? null,
    channel: terms.channel,
    account: terms.account,
    symbol: terms.symbol,
    side: terms.side,
    type: terms.type,
    timeInForce: terms.timeInForce,
    quantity: lotsToQty(terms.qtyLots, instrument),
    price: price(terms.priceTicks, instrument),
    stopPrice: price(terms.stopPriceTicks, instrument),
    displayQty: qty(terms.displayQtyLots, instrument),
    minQty: qty(terms.minQtyLots, instrument),
    expireTime: terms.expireTimeUs === undefined ? null : isoMicros(terms.expireTimeUs),
    postOnly: terms.postOnly,
    status: state.status,
    filledQty: lotsToQty(state.cumQtyLots, instrument),
    leavesQty: lotsToQty(state.leavesQtyLots, instrument),
    avgPrice: averagePriceToDecimal(state.notionalTicksLots, state.cumQtyLots, instrument),
    createdAt: isoMicros(terms.acceptedUs),
    updatedAt: isoMicros(updatedUs),
  };
}

/** One order's side of a trade. */
export function fillJson(trade: Trade, orderId: number, instrument: Instrument): FillJson | undefined {
  const fill = trade.maker.order.orderId === orderId ? trade.maker : trade.taker.order.orderId === orderId ? trade.taker : undefined;
  if (fill === undefined) return undefined;
  return { tradeId: String(trade.tradeId), price: ticksToPrice(trade.priceTicks, instrument), quantity: lotsToQty(trade.qtyLots, instrument), liquidity: fill.liquidity, time: isoMicros(trade.tsUs) };
}

/** A fill as the journal's execution table holds it (see ExecutionRepository), in the same shape as fillJson's. */
export function recordedFillJson(fill: { readonly tradeId: number; readonly priceTicks: number; readonly qtyLots: number; readonly liquidity: string; readonly execTsUs: bigint }, instrument: Instrument): FillJson {
  return { tradeId: String(fill.tradeId), price: ticksToPrice(fill.priceTicks, instrument), quantity: lotsToQty(fill.qtyLots, instrument), liquidity: fill.liquidity, time: isoMicros(fill.execTsUs) };
}

export function depthJson(depth: BookDepth, instrument: Instrument): unknown {
  const levels = (side: BookDepth['bids']) => side.map((l) => ({ price: ticksToPrice(l.priceTicks, instrument), quantity: lotsToQty(l.qtyLots, instrument), orders: l.orderCount }));
  return { symbol: depth.symbol, bids: levels(depth.bids), asks: levels(depth.asks) };
}

const nullableDecimal = nullable(decimalString);

/** The response schemas (fastify serialises with them: a field not listed here is not sent). */
export const orderSchema = {
  type: 'object',
  required: ['orderId', 'clientOrderId', 'account', 'symbol', 'side', 'type', 'timeInForce', 'quantity', 'status', 'filledQty', 'leavesQty', 'avgPrice', 'createdAt', 'updatedAt'],
  properties: {
    orderId: { type: 'string', description: 'gateway order id' },
    clientOrderId: { type: 'string' },
    origClientOrderId: nullable({ type: 'string' }),
    channel: { type: 'string', enum: ['FIX', 'REST', 'WS', 'ADMIN'] },
    account: { type: 'string' },
    symbol: { type: 'string' },
    side: { type: 'string', enum: ['BUY', 'SELL'] },
    type: { type: 'string', enum: ['LIMIT', 'MARKET', 'STOP', 'STOP_LIMIT'] },
    timeInForce: { type: 'string', enum: ['DAY', 'GTC', 'IOC', 'FOK', 'GTD'] },
    quantity: decimalString,
    price: nullableDecimal,
    stopPrice: nullableDecimal,
    displayQty: nullableDecimal,
    minQty: nullableDecimal,
    expireTime: nullable(timestamp),
    postOnly: { type: 'boolean' },
    status: { type: 'string', enum: ['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED', 'REJECTED'] },
    filledQty: decimalString,
    leavesQty: decimalString,
    avgPrice: { type: 'string', description: 'exact average fill price, 4 digits past the tick; "0" before any fill' },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
} as const;

export const fillSchema = {
  type: 'object',
  required: ['tradeId', 'price', 'quantity', 'liquidity', 'time'],
  properties: { tradeId: { type: 'string' }, price: decimalString, quantity: decimalString, liquidity: { type: 'string', enum: ['MAKER', 'TAKER'] }, time: timestamp },
} as const;

/** An order with the fills the request itself made (POST and PUT). */
export const orderResultSchema = {
  ...orderSchema,
  properties: { ...orderSchema.properties, fills: { type: 'array', items: fillSchema } },
} as const;

const levelSchema = { type: 'object', required: ['price', 'quantity', 'orders'], properties: { price: decimalString, quantity: decimalString, orders: { type: 'integer' } } } as const;

export const depthSchema = {
  type: 'object',
  required: ['symbol', 'bids', 'asks'],
  properties: { symbol: { type: 'string' }, bids: { type: 'array', items: levelSchema }, asks: { type: 'array', items: levelSchema } },
} as const;
