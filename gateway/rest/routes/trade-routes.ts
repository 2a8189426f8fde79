import type { FastifyRequest } from 'fastify';
import { averagePriceToDecimal, type Fill, type Instrument, lotsToQty, priceToTicks, qtyToLots, ticksToPrice, type TradeAmended } from '../../../engine/model';
import { amendTrade, type OrderPath, type RecordedTrade, type TradeAmendmentRequest } from '../../order-path';
import type { Role } from '../access';
import { RestError } from '../errors';
import { decimalString, errorSchema } from '../schemas';
import type { RestRoutes } from './route-context';

/** Who cancels or corrects trades: the venue's operations (the admin role); oversight may look. */
const OPERATIONS: readonly Role[] = ['admin'];
const OVERSIGHT: readonly Role[] = ['admin', 'compliance', 'risk'];

const tradeParams = { type: 'object', required: ['tradeId'], properties: { tradeId: { type: 'integer', minimum: 1 } } } as const;
const reason = { type: 'string', minLength: 1, maxLength: 500 } as const;

const tradeSchema = {
  type: 'object',
  required: ['tradeId', 'symbol', 'price', 'quantity', 'cancelled', 'makerOrderId', 'takerOrderId'],
  properties: {
    tradeId: { type: 'integer' },
    symbol: { type: 'string' },
    price: decimalString,
    quantity: decimalString,
    cancelled: { type: 'boolean' },
    makerOrderId: { type: 'integer' },
    takerOrderId: { type: 'integer' },
  },
} as const;

const sideSchema = {
  type: 'object',
  required: ['orderId', 'clientOrderId', 'status', 'filledQuantity', 'leavesQuantity'],
  properties: { orderId: { type: 'integer' }, clientOrderId: { type: 'string' }, status: { type: 'string' }, filledQuantity: decimalString, leavesQuantity: decimalString, averagePrice: { type: ['string', 'null'] } },
} as const;

const amendmentSchema = {
  type: 'object',
  required: ['tradeId', 'action', 'symbol', 'price', 'quantity', 'was', 'maker', 'taker'],
  properties: {
    tradeId: { type: 'integer' },
    action: { type: 'string', enum: ['cancel', 'correct'] },
    symbol: { type: 'string' },
    price: decimalString,
    quantity: decimalString,
    was: { type: 'object', required: ['price', 'quantity'], properties: { price: decimalString, quantity: decimalString } },
    maker: sideSchema,
    taker: sideSchema,
  },
} as const;

interface TradeRequest {
  Params: { tradeId: number };
}

interface CancelRequest extends TradeRequest {
  Body: { reason: string };
}

interface CorrectRequest extends TradeRequest {
  Body: { price?: string; quantity?: string; reason: string };
}

/**
 * Trades after the fact (FIX Appendix D J), for the venue's operations: look one up, cancel it (a bust) or correct
 * its price and/or lower its quantity. Each is journaled, reported to both orders' owners (ExecutionReport Trade
 * Cancel or Trade Correct, with ExecRefID) and their drop copies, applied to risk's positions, and answered once
 * durable. Only recent trades can be amended (the gateway holds the last 100,000).
 */
export function tradeRoutes(orderPath: OrderPath, nowUs: () => bigint): RestRoutes {
  return (api) => {
    api.get<TradeRequest>('/ops/trades/:tradeId', {
      config: { access: { roles: OVERSIGHT } },
      schema: { tags: ['trades'], summary: 'A recent trade as it stands (after any correction)', params: tradeParams, response: { 200: tradeSchema, 404: errorSchema } },
    }, async (request) => {
      const trade = recent(orderPath, request.params.tradeId);
      return tradeJson(trade, instrumentOf(orderPath, trade.symbol));
    });

    api.post<CancelRequest>('/ops/trades/:tradeId/cancel', {
      config: { access: { roles: OPERATIONS } },
      schema: {
        tags: ['trades'],
        summary: 'Cancel (bust) a trade: both orders lose its quantity from their executed quantity; a working order works it again',
        params: tradeParams,
        body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason } },
        response: { 200: amendmentSchema, 404: errorSchema, 409: errorSchema, 503: errorSchema },
      },
    }, async (request) => amend(orderPath, { tradeId: request.params.tradeId, action: 'cancel', ...who(request), reason: request.body.reason }, nowUs()));

    api.post<CorrectRequest>('/ops/trades/:tradeId/correct', {
      config: { access: { roles: OPERATIONS } },
      schema: {
        tags: ['trades'],
        summary: 'Correct a trade: a new price and/or a lower quantity (0 is a cancel)',
        params: tradeParams,
        body: { type: 'object', required: ['reason'], minProperties: 2, additionalProperties: false, properties: { price: decimalString, quantity: decimalString, reason } },
        response: { 200: amendmentSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema, 503: errorSchema },
      },
    }, async (request) => {
      const trade = recent(orderPath, request.params.tradeId);
      const instrument = instrumentOf(orderPath, trade.symbol);
      const price = request.body.price === undefined ? undefined : priceToTicks(request.body.price, instrument);
      const quantity = request.body.quantity === undefined ? undefined : qtyToLots(request.body.quantity, instrument);
      for (const conversion of [price, quantity]) if (conversion !== undefined && !conversion.ok) throw new RestError('GW_ERR_TRADE_INVALID_CORRECTION', conversion.text, { details: {} });
      const value = (c: typeof price | typeof quantity): number | undefined => (c !== undefined && c.ok ? c.value : undefined);
      return amend(orderPath, { tradeId: trade.tradeId, action: 'correct', priceTicks: value(price), qtyLots: value(quantity), ...who(request), reason: request.body.reason }, nowUs());
    });
  };
}

function recent(orderPath: OrderPath, tradeId: number): RecordedTrade {
  const trade = orderPath.trades.get(tradeId);
  if (trade === undefined) throw new RestError('GW_ERR_TRADE_NOT_FOUND', `trade ${tradeId} is not among the recent trades the gateway holds`, { details: { tradeId } });
  return trade;
}

function instrumentOf(orderPath: OrderPath, symbol: string): Instrument {
  const instrument = orderPath.instrument(symbol);
  if (instrument === undefined) throw new RestError('GW_ERR_REST_INTERNAL', `no instrument ${symbol}`);
  return instrument;
}

function who(request: FastifyRequest): { readonly actor: string; readonly requestId: string } {
  const actor = request.principal?.name ?? 'unknown';
  return { actor, requestId: `${actor}:${request.id}` };
}

async function amend(orderPath: OrderPath, request: TradeAmendmentRequest, nowUs: bigint): Promise<unknown> {
  const result = amendTrade(orderPath, request, nowUs);
  if (!result.ok) throw new RestError(result.code, result.text, { details: { tradeId: request.tradeId } });
  // Answered once the amendment is durable, as orders are.
  await orderPath.until(result.seq);
  return amendmentJson(result.event, instrumentOf(orderPath, result.event.symbol));
}

function tradeJson(trade: RecordedTrade, instrument: Instrument): unknown {
  return {
    tradeId: trade.tradeId,
    symbol: trade.symbol,
    price: ticksToPrice(trade.priceTicks, instrument),
    quantity: lotsToQty(trade.qtyLots, instrument),
    cancelled: trade.cancelled,
    makerOrderId: trade.makerOrderId,
    takerOrderId: trade.takerOrderId,
  };
}

function amendmentJson(event: TradeAmended, instrument: Instrument): unknown {
  const side = (fill: Fill): unknown => ({
    orderId: fill.order.orderId,
    clientOrderId: fill.order.clientOrderId,
    status: fill.status,
    filledQuantity: lotsToQty(fill.cumQtyLots, instrument),
    leavesQuantity: lotsToQty(fill.leavesQtyLots, instrument),
    averagePrice: fill.cumQtyLots === 0 ? null : averagePriceToDecimal(fill.notionalTicksLots, fill.cumQtyLots, instrument),
  });
  return {
    tradeId: event.tradeId,
    action: event.action,
    symbol: event.symbol,
    price: ticksToPrice(event.priceTicks, instrument),
    quantity: lotsToQty(event.qtyLots, instrument),
    was: { price: ticksToPrice(event.wasPriceTicks, instrument), quantity: lotsToQty(event.wasQtyLots, instrument) },
    maker: side(event.maker),
    taker: side(event.taker),
  };
}
