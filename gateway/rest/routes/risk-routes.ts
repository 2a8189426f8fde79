import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type KillScope, type LimitScope, RiskError, type RiskActor, type RiskLimits, type StoredReferencePrice } from '../../../risk';
import type { RiskDesk } from '../../order-path';
import type { Role } from '../access';
import { RestError } from '../errors';
import { decimalString, errorSchema } from '../schemas';
import type { RestRoutes } from './route-context';

const RISK: readonly Role[] = ['risk'];
const OVERSIGHT: readonly Role[] = ['risk', 'compliance', 'admin'];
const SCOPES = ['global', 'firm', 'account', 'session'] as const;

const scopeBody = {
  type: 'object',
  required: ['scope'],
  additionalProperties: false,
  properties: {
    scope: { type: 'string', enum: SCOPES },
    id: { type: 'string', minLength: 1, maxLength: 200 },
    reason: { type: 'string', maxLength: 500 },
  },
} as const;

const symbols = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 }, maxItems: 10_000 } as const;

/** Types only: ranges are risk's own rules (limitProblems), answered as GW_ERR_RISK_INVALID_LIMIT. */
const limitsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxOrderQty: decimalString,
    maxOrderNotional: decimalString,
    priceCollarPercent: { type: 'number' },
    priceCollarTicks: { type: 'number' },
    collarReference: { type: 'string', enum: ['last', 'mid', 'external'] },
    maxLongQty: decimalString,
    maxShortQty: decimalString,
    maxNetPositionValue: decimalString,
    maxGrossPositionValue: decimalString,
    creditLimit: decimalString,
    maxDailyLoss: decimalString,
    maxOpenOrders: { type: 'integer' },
    maxMessagesPerSecond: { type: 'integer' },
    throttleMode: { type: 'string', enum: ['reject', 'queue'] },
    maxQueueDelayMs: { type: 'integer' },
    maxOrderToTradeRatio: { type: 'number' },
    orderToTradeMinMessages: { type: 'integer' },
    duplicateMaxRepeats: { type: 'integer' },
    duplicateWindowMs: { type: 'integer' },
    referenceMaxAgeMs: { type: 'integer' },
    restrictedSymbols: symbols,
    permittedSymbols: symbols,
    cancelOnDisconnect: { type: 'boolean' },
  },
} as const;

const levelParams = {
  type: 'object',
  required: ['scope', 'id'],
  properties: { scope: { type: 'string', enum: SCOPES }, id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const levelQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { symbol: { type: 'string', minLength: 1, maxLength: 64 }, reason: { type: 'string', maxLength: 500 } },
} as const;

const scopedLimitsSchema = {
  type: 'object',
  required: ['scope', 'id', 'limits'],
  properties: { scope: { type: 'string' }, id: { type: 'string' }, symbol: { type: 'string' }, limits: limitsSchema },
} as const;

const usageSchema = {
  type: 'object',
  required: ['limit', 'scope', 'used', 'max'],
  properties: { limit: { type: 'string' }, scope: { type: 'string' }, symbol: { type: 'string' }, used: { type: 'number' }, max: { type: 'number' } },
} as const;

const referencePriceSchema = {
  type: 'object',
  required: ['symbol', 'price', 'setBy', 'setAt'],
  properties: { symbol: { type: 'string' }, price: decimalString, setBy: { type: 'string' }, setAt: { type: 'string', format: 'date-time' }, reason: { type: ['string', 'null'] } },
} as const;

const symbolParams = { type: 'object', required: ['symbol'], properties: { symbol: { type: 'string', minLength: 1, maxLength: 64 } } } as const;

interface ReferenceRequest {
  Params: { symbol: string };
  Querystring: { reason?: string };
}

interface ScopeBody {
  scope: LimitScope;
  id?: string;
  reason?: string;
}

interface LevelRequest {
  Params: { scope: LimitScope; id: string };
  Querystring: { symbol?: string; reason?: string };
}

function killScopeOf(body: ScopeBody): KillScope {
  if (body.scope === 'global') return { scope: 'global' };
  if (body.id === undefined) throw new RestError('GW_ERR_REST_VALIDATION', `a ${body.scope} kill switch needs an id`, { details: { field: 'id' } });
  return { scope: body.scope, id: body.id };
}

function actorOf(request: FastifyRequest): RiskActor {
  const principal = request.principal;
  return { userId: principal?.name ?? 'unknown', roles: principal?.roles ?? [] };
}

function referenceJson(r: StoredReferencePrice): { symbol: string; price: string; setBy: string; setAt: string; reason: string | null } {
  return { symbol: r.symbol, price: r.price ?? '', setBy: r.actor, setAt: r.at.toISOString(), reason: r.reason };
}

/** Risk's own refusals as the API's errors (same codes, their HTTP status). */
async function asRest<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (e: unknown) {
    if (e instanceof RiskError) throw new RestError(e.code, e.message, { details: null });
    throw e;
  }
}

/**
 * Kill switches, live limits, external reference prices, usage and latched sessions for the risk role (RTS 6 Art. 12,
 * 15 and 16). Changes are stored with who, when and why before they apply, and are in force for the next order.
 */
export function riskRoutes(desk: RiskDesk): RestRoutes {
  return (api: FastifyInstance) => {
    api.post<{ Body: ScopeBody }>('/risk/kill', {
      config: { access: { roles: RISK } },
      schema: { tags: ['risk'], summary: 'Engage a kill switch: cancel the open orders in scope and refuse new ones', body: scopeBody, response: { 200: { type: 'object', required: ['cancelled'], properties: { cancelled: { type: 'integer' } } }, 400: errorSchema } },
    }, async (request) => asRest(() => desk.kill(killScopeOf(request.body), actorOf(request), request.body.reason ?? null)));

    api.post<{ Body: ScopeBody }>('/risk/release', {
      config: { access: { roles: RISK } },
      schema: { tags: ['risk'], summary: 'Release a kill switch', body: scopeBody, response: { 200: { type: 'object', properties: { released: { type: 'boolean' } } }, 400: errorSchema, 409: errorSchema } },
    }, async (request) => {
      await asRest(() => desk.release(killScopeOf(request.body), actorOf(request), request.body.reason ?? null));
      return { released: true };
    });

    api.get('/risk/limits', {
      config: { access: { roles: OVERSIGHT } },
      schema: { tags: ['risk'], summary: 'Every limit in force, per level and instrument', response: { 200: { type: 'array', items: scopedLimitsSchema } } },
    }, async () => desk.allLimits());

    api.get<LevelRequest>('/risk/limits/:scope/:id', {
      config: { access: { roles: OVERSIGHT } },
      schema: { tags: ['risk'], summary: 'The limits of one level (global: id "*"), or of one instrument at that level', params: levelParams, querystring: levelQuery, response: { 200: limitsSchema, 404: errorSchema } },
    }, async (request) => {
      const { scope, id } = request.params;
      const limits = desk.limitsOf(scope, id, request.query.symbol);
      if (limits === undefined) throw new RestError('GW_ERR_REST_NOT_FOUND', `no limits for ${scope} ${id}${request.query.symbol === undefined ? '' : ` (${request.query.symbol})`}`, { details: {} });
      return limits;
    });

    api.put<LevelRequest & { Body: RiskLimits }>('/risk/limits/:scope/:id', {
      config: { access: { roles: RISK } },
      schema: { tags: ['risk'], summary: 'Set (replace) the limits of one level, stored and audited, in force for the next order', params: levelParams, querystring: levelQuery, body: limitsSchema, response: { 200: limitsSchema, 400: errorSchema } },
    }, async (request) => {
      const { scope, id } = request.params;
      await asRest(() => desk.setLimits({ scope, id, symbol: request.query.symbol, limits: request.body, reason: request.query.reason }, actorOf(request)));
      return request.body;
    });

    api.delete<LevelRequest>('/risk/limits/:scope/:id', {
      config: { access: { roles: RISK } },
      schema: { tags: ['risk'], summary: 'Remove the limits of one level (stored and audited)', params: levelParams, querystring: levelQuery, response: { 204: { type: 'null' }, 404: errorSchema } },
    }, async (request, reply) => {
      const { scope, id } = request.params;
      if (desk.limitsOf(scope, id, request.query.symbol) === undefined) throw new RestError('GW_ERR_REST_NOT_FOUND', `no limits for ${scope} ${id}`, { details: {} });
      await asRest(() => desk.setLimits({ scope, id, symbol: request.query.symbol, limits: null, reason: request.query.reason }, actorOf(request)));
      return reply.code(204).send();
    });

    api.get('/risk/reference-prices', {
      config: { access: { roles: OVERSIGHT } },
      schema: { tags: ['risk'], summary: 'The external reference prices in force (collarReference "external"; positions are marked at them)', response: { 200: { type: 'array', items: referencePriceSchema } } },
    }, async () => desk.referencePrices().map(referenceJson));

    api.put<{ Params: { symbol: string }; Body: { price: string; reason?: string } }>('/risk/reference-prices/:symbol', {
      config: { access: { roles: RISK } },
      schema: {
        tags: ['risk'],
        summary: "Set an instrument's external reference price, stored and audited, in force for the next order",
        params: symbolParams,
        body: { type: 'object', required: ['price'], additionalProperties: false, properties: { price: decimalString, reason: { type: 'string', maxLength: 500 } } },
        response: { 200: referencePriceSchema, 400: errorSchema, 409: errorSchema },
      },
    }, async (request) => {
      const { symbol } = request.params;
      await asRest(() => desk.setReferencePrice(symbol, request.body.price, actorOf(request), request.body.reason ?? null));
      const set = desk.referencePrices().find((r) => r.symbol === symbol);
      if (set === undefined) throw new RestError('GW_ERR_REST_CONFLICT', `the reference price of ${symbol} was stored but not applied`, { details: {} });
      return referenceJson(set);
    });

    api.delete<ReferenceRequest>('/risk/reference-prices/:symbol', {
      config: { access: { roles: RISK } },
      schema: { tags: ['risk'], summary: "Withdraw an instrument's external reference price (stored and audited)", params: symbolParams, querystring: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } }, response: { 204: { type: 'null' }, 404: errorSchema } },
    }, async (request, reply) => {
      const { symbol } = request.params;
      if (!desk.referencePrices().some((r) => r.symbol === symbol)) throw new RestError('GW_ERR_REST_NOT_FOUND', `no reference price is set for ${symbol}`, { details: {} });
      await asRest(() => desk.setReferencePrice(symbol, null, actorOf(request), request.query.reason ?? null));
      return reply.code(204).send();
    });

    api.get('/risk/usage', {
      config: { access: { roles: OVERSIGHT } },
      schema: { tags: ['risk'], summary: 'Current usage of every limit set (the same figures as the gw_risk_limit_usage gauge)', response: { 200: { type: 'array', items: usageSchema } } },
    }, async () => desk.usage());

    api.get('/risk/latches', {
      config: { access: { roles: OVERSIGHT } },
      schema: { tags: ['risk'], summary: 'Sessions stopped by the duplicate-order control', response: { 200: { type: 'array', items: { type: 'object', properties: { sessionId: { type: 'string' }, text: { type: 'string' } } } } } },
    }, async () => desk.latchedSessions());

    api.post<{ Params: { sessionId: string } }>('/risk/latches/:sessionId/release', {
      config: { access: { roles: RISK } },
      schema: { tags: ['risk'], summary: 'Re-enable a session stopped by the duplicate-order control', params: { type: 'object', required: ['sessionId'], properties: { sessionId: { type: 'string', minLength: 1 } } }, response: { 200: { type: 'object', properties: { released: { type: 'boolean' } } }, 409: errorSchema } },
    }, async (request) => {
      const result = desk.releaseLatch(request.params.sessionId, actorOf(request));
      if (!result.ok) throw new RestError('GW_ERR_REST_CONFLICT', result.text, { details: {} });
      return { released: true };
    });
  };
}
