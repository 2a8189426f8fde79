import { decimalString, errorSchema, identifier, nullable, timestamp } from '../schemas';
import { depthSchema, orderResultSchema, orderSchema } from './order-json';

/** Request schemas of the order routes: the single source of their validation and of their OpenAPI text. */

const clientOrderId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: 'the client\'s id of the order; made up by the gateway when absent' } as const;
const symbol = { type: 'string', minLength: 1, maxLength: 64 } as const;
const side = { type: 'string', enum: ['BUY', 'SELL'] } as const;
const mifidCode = { type: 'string', minLength: 1, maxLength: 64 } as const;

const mifidProperties = {
  clientId: { ...mifidCode, description: 'client identification code (RTS 24 field 3): short code, LEI, AGGR or PNAL' },
  investmentDecisionMaker: { ...mifidCode, description: 'investment decision within firm (field 4)' },
  executionDecisionMaker: { ...mifidCode, description: 'execution within firm (field 5)' },
  algoId: mifidCode,
  tradingCapacity: { type: 'string', enum: ['DEAL', 'MTCH', 'AOTC'], description: 'field 7; DEAL when absent' },
  directElectronicAccess: { type: 'boolean' },
  liquidityProvision: { type: 'boolean' },
} as const;

export const mifidSchema = {
  type: 'object',
  additionalProperties: false,
  propertyNames: { enum: Object.keys(mifidProperties) },
  properties: mifidProperties,
} as const;

export const placeOrderBody = {
  type: 'object',
  required: ['account', 'symbol', 'side', 'type', 'quantity'],
  additionalProperties: false,
  properties: {
    clientOrderId,
    account: identifier,
    symbol,
    side,
    type: { type: 'string', enum: ['LIMIT', 'MARKET', 'STOP', 'STOP_LIMIT'] },
    timeInForce: { type: 'string', enum: ['DAY', 'GTC', 'IOC', 'FOK', 'GTD'], default: 'DAY' },
    quantity: { ...decimalString, description: 'order quantity in instrument units, a multiple of the lot size' },
    price: { ...decimalString, description: 'limit price (LIMIT, STOP_LIMIT; for MARKET and STOP the worst price it may trade at), a multiple of the tick size' },
    stopPrice: { ...decimalString, description: 'trigger price (STOP, STOP_LIMIT)' },
    expireTime: { ...timestamp, description: 'GTD only: when the order expires' },
    postOnly: { type: 'boolean' },
    displayQty: { ...decimalString, description: 'iceberg: the quantity shown at a time' },
    minQty: { ...decimalString, description: 'the least quantity that must trade on arrival' },
    selfTradePrevention: { type: 'string', enum: ['NONE', 'CANCEL_RESTING', 'CANCEL_AGGRESSOR', 'CANCEL_BOTH', 'DECREMENT'] },
    mifid: mifidSchema,
  },
} as const;

export const replaceOrderBody = {
  type: 'object',
  required: ['quantity'],
  additionalProperties: false,
  properties: {
    clientOrderId: { ...clientOrderId, description: 'the new client order id of the replaced order; made up when absent' },
    quantity: { ...decimalString, description: 'the new total quantity (filled included); at or below the filled quantity the order is cancelled' },
    price: decimalString,
    stopPrice: decimalString,
    displayQty: decimalString,
    expireTime: timestamp,
    mifid: mifidSchema,
  },
} as const;

export const orderIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,14}$', description: 'gateway order id' } },
} as const;

export const MAX_PAGE = 500;

export const listOrdersQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    account: identifier,
    symbol,
    status: { type: 'string', enum: ['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED'] },
    open: { type: 'boolean', description: 'only orders still working (NEW, PARTIALLY_FILLED)' },
    clientOrderId,
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 100 },
    cursor: { type: 'string', pattern: '^[1-9][0-9]{0,14}$', description: 'nextCursor of the previous page' },
  },
} as const;

export const massCancelQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    account: { ...identifier, description: 'required for the risk and admin roles; a trader without it cancels in each of its accounts' },
    symbol,
    side,
  },
} as const;

export const orderBookParams = { type: 'object', required: ['symbol'], properties: { symbol } } as const;
export const orderBookQuery = { type: 'object', additionalProperties: false, properties: { depth: { type: 'integer', minimum: 1, maximum: 100, default: 10 } } } as const;

const rejectResponses = { 400: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema } as const;

export const orderResponses = {
  created: { 201: orderResultSchema, ...rejectResponses },
  replaced: { 200: orderResultSchema, ...rejectResponses },
  cancelled: { 200: orderSchema, ...rejectResponses },
  one: { 200: orderSchema, 404: errorSchema },
  page: {
    200: {
      type: 'object',
      required: ['orders', 'nextCursor'],
      properties: { orders: { type: 'array', items: orderSchema }, nextCursor: nullable({ type: 'string' }) },
    },
  },
  massCancelled: {
    200: {
      type: 'object',
      required: ['cancelled', 'orderIds'],
      properties: { cancelled: { type: 'integer' }, orderIds: { type: 'array', items: { type: 'string' } } },
    },
  },
  depth: { 200: depthSchema, 404: errorSchema },
} as const;

export interface MifidBody {
  readonly clientId?: string;
  readonly investmentDecisionMaker?: string;
  readonly executionDecisionMaker?: string;
  readonly algoId?: string;
  readonly tradingCapacity?: 'DEAL' | 'MTCH' | 'AOTC';
  readonly directElectronicAccess?: boolean;
  readonly liquidityProvision?: boolean;
}

export interface PlaceOrderBody {
  readonly clientOrderId?: string;
  readonly account: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'LIMIT' | 'MARKET' | 'STOP' | 'STOP_LIMIT';
  readonly timeInForce?: 'DAY' | 'GTC' | 'IOC' | 'FOK' | 'GTD';
  readonly quantity: string;
  readonly price?: string;
  readonly stopPrice?: string;
  readonly expireTime?: string;
  readonly postOnly?: boolean;
  readonly displayQty?: string;
  readonly minQty?: string;
  readonly selfTradePrevention?: 'NONE' | 'CANCEL_RESTING' | 'CANCEL_AGGRESSOR' | 'CANCEL_BOTH' | 'DECREMENT';
  readonly mifid?: MifidBody;
}

export interface ReplaceOrderBody {
  readonly clientOrderId?: string;
  readonly quantity: string;
  readonly price?: string;
  readonly stopPrice?: string;
  readonly displayQty?: string;
  readonly expireTime?: string;
  readonly mifid?: MifidBody;
}

export interface ListOrdersQuery {
  readonly account?: string;
  readonly symbol?: string;
  readonly status?: string;
  readonly open?: boolean;
  readonly clientOrderId?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface MassCancelQuery {
  readonly account?: string;
  readonly symbol?: string;
  readonly side?: 'BUY' | 'SELL';
}
