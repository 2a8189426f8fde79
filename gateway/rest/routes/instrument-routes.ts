import type { FastifyInstance } from 'fastify';
import type { InstrumentRecord } from '../../../db';
import { ALL_ROLES, type Role } from '../access';
import { RestError } from '../errors';
import { decimalString, errorSchema } from '../schemas';
import type { AdminRouteContext } from './route-context';

const ADMIN: readonly Role[] = ['admin'];
const symbolSchema = { type: 'string', minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._/-]+$' } as const;
const statusSchema = { type: 'string', enum: ['open', 'halted', 'closed'] } as const;

const instrumentSchema = {
  type: 'object',
  required: ['symbol', 'isin', 'currency', 'tickSize', 'lotSize', 'tradingStatus'],
  properties: { symbol: symbolSchema, isin: { type: ['string', 'null'] }, currency: { type: 'string' }, tickSize: decimalString, lotSize: decimalString, tradingStatus: statusSchema },
} as const;

interface UpsertBody { isin?: string; currency: string; tickSize: string; lotSize: string; tradingStatus?: InstrumentRecord['tradingStatus'] }

/** Instrument reference data: read by every role, written by admins. Sizes are decimal strings. */
export function instrumentRoutes(api: FastifyInstance, context: AdminRouteContext): void {
  const { instruments } = context;

  api.get('/instruments', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags: ['instruments'], summary: 'List instruments', response: { 200: { type: 'array', items: instrumentSchema } } },
  }, async () => instruments.list());

  api.get<{ Params: { symbol: string } }>('/instruments/:symbol', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags: ['instruments'], summary: 'One instrument', params: { type: 'object', required: ['symbol'], properties: { symbol: symbolSchema } }, response: { 200: instrumentSchema, 404: errorSchema } },
  }, async (request) => {
    const instrument = await instruments.get(request.params.symbol);
    if (instrument === null) throw new RestError('GW_ERR_REST_NOT_FOUND', `no instrument ${request.params.symbol}`);
    return instrument;
  });

  api.put<{ Params: { symbol: string }; Body: UpsertBody }>('/instruments/:symbol', {
    config: { access: { roles: ADMIN } },
    schema: {
      tags: ['instruments'],
      summary: 'Create or replace an instrument',
      params: { type: 'object', required: ['symbol'], properties: { symbol: symbolSchema } },
      body: {
        type: 'object',
        required: ['currency', 'tickSize', 'lotSize'],
        additionalProperties: false,
        properties: {
          isin: { type: 'string', pattern: '^[A-Z]{2}[A-Z0-9]{9}[0-9]$' },
          currency: { type: 'string', pattern: '^[A-Z]{3}$' },
          tickSize: decimalString,
          lotSize: decimalString,
          tradingStatus: statusSchema,
        },
      },
      response: { 200: instrumentSchema, 400: errorSchema },
    },
  }, async (request) => {
    const body = request.body;
    if (/^0(\.0+)?$/.test(body.tickSize) || /^0(\.0+)?$/.test(body.lotSize)) {
      throw new RestError('GW_ERR_REST_VALIDATION', 'tickSize and lotSize must be greater than zero');
    }
    const record: InstrumentRecord = {
      symbol: request.params.symbol,
      isin: body.isin ?? null,
      currency: body.currency,
      tickSize: body.tickSize,
      lotSize: body.lotSize,
      tradingStatus: body.tradingStatus ?? 'open',
    };
    await instruments.upsert(record);
    return (await instruments.get(record.symbol)) ?? record;
  });
}
