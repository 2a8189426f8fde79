import type { FastifyInstance } from 'fastify';
import type { KillScope, RiskLimits } from '../../../risk';
import type { RiskDesk } from '../../order-path';
import type { Role } from '../access';
import { RestError } from '../errors';
import { decimalString, errorSchema } from '../schemas';
import type { RestRoutes } from './route-context';

const RISK: readonly Role[] = ['risk'];
const OVERSIGHT: readonly Role[] = ['risk', 'compliance', 'admin'];

const scopeBody = {
  type: 'object',
  required: ['scope'],
  additionalProperties: false,
  properties: { scope: { type: 'string', enum: ['global', 'firm', 'account', 'session'] }, id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const limitsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxOrderQty: decimalString,
    maxOrderNotional: decimalString,
    priceCollarPercent: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
    maxOpenOrders: { type: 'integer', minimum: 1 },
    maxMessagesPerSecond: { type: 'integer', minimum: 1 },
  },
} as const;

interface ScopeBody {
  scope: 'global' | 'firm' | 'account' | 'session';
  id?: string;
}

function killScopeOf(body: ScopeBody): KillScope {
  if (body.scope === 'global') return { scope: 'global' };
  if (body.id === undefined) throw new RestError('GW_ERR_REST_VALIDATION', `a ${body.scope} kill switch needs an id`, { details: { field: 'id' } });
  return { scope: body.scope, id: body.id };
}

/** Kill switch and live limits for the risk role (RTS 6 Art. 12 and 15). */
export function riskRoutes(desk: RiskDesk): RestRoutes {
  return (api: FastifyInstance) => {
    api.post<{ Body: ScopeBody }>('/risk/kill', {
      config: { access: { roles: RISK } },
      schema: { tags: ['risk'], summary: 'Engage a kill switch: cancel the open orders in scope and refuse new ones', body: scopeBody, response: { 200: { type: 'object', required: ['cancelled'], properties: { cancelled: { type: 'integer' } } }, 400: errorSchema } },
    }, async (request) => {
      const principal = request.principal;
      return desk.kill(killScopeOf(request.body), { userId: principal?.name ?? 'unknown', roles: principal?.roles ?? [] });
    });

    api.post<{ Body: ScopeBody }>('/risk/release', {
      config: { access: { roles: RISK } },
      schema: { tags: ['risk'], summary: 'Release a kill switch', body: scopeBody, response: { 200: { type: 'object', properties: { released: { type: 'boolean' } } }, 400: errorSchema, 409: errorSchema } },
    }, async (request) => {
      const principal = request.principal;
      const result = desk.release(killScopeOf(request.body), { userId: principal?.name ?? 'unknown', roles: principal?.roles ?? [] });
      if (!result.ok) throw new RestError('GW_ERR_REST_CONFLICT', result.text, { details: {} });
      return { released: true };
    });

    api.get<{ Params: { scope: 'firm' | 'account' | 'session'; id: string } }>('/risk/limits/:scope/:id', {
      config: { access: { roles: OVERSIGHT } },
      schema: {
        tags: ['risk'],
        summary: 'The limits of a firm, account or session',
        params: { type: 'object', required: ['scope', 'id'], properties: { scope: { type: 'string', enum: ['firm', 'account', 'session'] }, id: { type: 'string' } } },
        response: { 200: limitsSchema, 404: errorSchema },
      },
    }, async (request) => {
      const limits = desk.limitsOf(request.params.scope, request.params.id);
      if (limits === undefined) throw new RestError('GW_ERR_REST_NOT_FOUND', `no limits for ${request.params.scope} ${request.params.id}`, { details: {} });
      return limits;
    });

    api.put<{ Params: { scope: 'firm' | 'account' | 'session'; id: string }; Body: RiskLimits }>('/risk/limits/:scope/:id', {
      config: { access: { roles: RISK } },
      schema: {
        tags: ['risk'],
        summary: 'Set the limits of a firm, account or session (in force for the next order)',
        params: { type: 'object', required: ['scope', 'id'], properties: { scope: { type: 'string', enum: ['firm', 'account', 'session'] }, id: { type: 'string' } } },
        body: limitsSchema,
        response: { 200: limitsSchema, 400: errorSchema },
      },
    }, async (request) => {
      const principal = request.principal;
      desk.setLimits({ scope: request.params.scope, id: request.params.id, limits: request.body }, { userId: principal?.name ?? 'unknown', roles: principal?.roles ?? [] });
      return request.body;
    });
  };
}
