import type { FastifyInstance } from 'fastify';
import { ALL_ROLES, type Role } from '../access';
import { RestError } from '../errors';
import { IDEMPOTENCY_HEADER_SCHEMA } from '../idempotency';
import { errorSchema, identifier } from '../schemas';
import type { AdminRouteContext } from './route-context';

const ADMIN: readonly Role[] = ['admin'];
const OVERSIGHT: readonly Role[] = ['admin', 'risk', 'compliance'];

const firmSchema = {
  type: 'object',
  required: ['firmId', 'name', 'lei'],
  properties: { firmId: { type: 'string' }, name: { type: 'string' }, lei: { type: ['string', 'null'] } },
} as const;

const accountSchema = {
  type: 'object',
  required: ['accountId', 'firmId', 'name'],
  properties: { accountId: { type: 'string' }, firmId: { type: 'string' }, name: { type: 'string' } },
} as const;

interface CreateFirmBody { firmId: string; name: string; lei?: string }
interface CreateAccountBody { accountId: string; firmId: string; name: string }

/** Firms and their trading accounts. Creation honours Idempotency-Key. */
export function firmRoutes(api: FastifyInstance, context: AdminRouteContext): void {
  const { firms, idempotency } = context;

  api.post<{ Body: CreateFirmBody }>('/firms', {
    config: { access: { roles: ADMIN } },
    schema: {
      tags: ['admin'],
      summary: 'Create a firm',
      headers: IDEMPOTENCY_HEADER_SCHEMA,
      body: {
        type: 'object',
        required: ['firmId', 'name'],
        additionalProperties: false,
        properties: { firmId: identifier, name: { type: 'string', minLength: 1, maxLength: 256 }, lei: { type: 'string', pattern: '^[A-Z0-9]{18}[0-9]{2}$' } },
      },
      response: { 201: firmSchema, 400: errorSchema, 409: errorSchema, 422: errorSchema },
    },
  }, async (request, reply) => idempotency.respond(request, reply, 201, async () => {
    const firm = { firmId: request.body.firmId, name: request.body.name, lei: request.body.lei ?? null };
    if (!(await firms.createFirm(firm))) throw new RestError('GW_ERR_REST_CONFLICT', `firm ${firm.firmId} exists`, { details: { firmId: firm.firmId } });
    return firm;
  }, async () => {
    // A repeat of a request cut off by a crash: the firm, if the first attempt created it as asked.
    const found = await firms.getFirm(request.body.firmId);
    return found !== null && found.name === request.body.name && found.lei === (request.body.lei ?? null) ? { firmId: found.firmId, name: found.name, lei: found.lei } : undefined;
  }));

  api.get('/firms', {
    config: { access: { roles: OVERSIGHT } },
    schema: { tags: ['admin'], summary: 'List firms', response: { 200: { type: 'array', items: firmSchema } } },
  }, async () => firms.listFirms());

  api.post<{ Body: CreateAccountBody }>('/accounts', {
    config: { access: { roles: ADMIN } },
    schema: {
      tags: ['admin'],
      summary: 'Create a trading account of a firm',
      headers: IDEMPOTENCY_HEADER_SCHEMA,
      body: {
        type: 'object',
        required: ['accountId', 'firmId', 'name'],
        additionalProperties: false,
        properties: { accountId: identifier, firmId: identifier, name: { type: 'string', minLength: 1, maxLength: 256 } },
      },
      response: { 201: accountSchema, 400: errorSchema, 409: errorSchema, 422: errorSchema },
    },
  }, async (request, reply) => idempotency.respond(request, reply, 201, async () => {
    const account = { accountId: request.body.accountId, firmId: request.body.firmId, name: request.body.name };
    if ((await firms.getFirm(account.firmId)) === null) throw new RestError('GW_ERR_REST_VALIDATION', `no firm ${account.firmId}`, { details: { firmId: account.firmId } });
    if (!(await firms.createAccount(account))) throw new RestError('GW_ERR_REST_CONFLICT', `account ${account.accountId} exists`, { details: { accountId: account.accountId } });
    return account;
  }, async () => {
    const found = await firms.getAccount(request.body.accountId);
    return found !== null && found.firmId === request.body.firmId && found.name === request.body.name ? { accountId: found.accountId, firmId: found.firmId, name: found.name } : undefined;
  }));

  api.get('/accounts', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags: ['accounts'], summary: 'List accounts: all for oversight roles, its own for a trader or viewer', response: { 200: { type: 'array', items: accountSchema } } },
  }, async (request) => {
    const scope = request.accountScope;
    return scope === null || scope.all ? firms.listAccounts() : firms.listAccounts(scope.accounts);
  });

  api.get<{ Params: { accountId: string } }>('/accounts/:accountId', {
    config: { access: { roles: ALL_ROLES, account: { in: 'params', field: 'accountId' } } },
    schema: {
      tags: ['accounts'],
      summary: 'One account (a trader or viewer only its own)',
      params: { type: 'object', required: ['accountId'], properties: { accountId: identifier } },
      response: { 200: accountSchema, 403: errorSchema, 404: errorSchema },
    },
  }, async (request) => {
    const account = await firms.getAccount(request.params.accountId);
    if (account === null) throw new RestError('GW_ERR_REST_NOT_FOUND', `no account ${request.params.accountId}`);
    return account;
  });
}
