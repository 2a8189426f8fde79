import type { FastifyInstance } from 'fastify';
import type { ApiKeyRecord } from '../../../db';
import type { Role } from '../access';
import { parseAllowListEntry } from '../auth/api-key-verifier';
import { newApiKeySecret } from '../auth/secrets';
import { checkBinding } from '../auth/user-admin';
import { RestError } from '../errors';
import { accountsSchema, errorSchema, identifier, rolesSchema, timestamp } from '../schemas';
import type { AdminRouteContext } from './route-context';

const ADMIN: readonly Role[] = ['admin'];

const apiKeyViewProperties = {
  keyId: { type: 'string' },
  label: { type: 'string' },
  roles: rolesSchema,
  firmId: { type: ['string', 'null'] },
  accounts: { type: 'array', items: { type: 'string' } },
  ipAllowList: { type: 'array', items: { type: 'string' } },
  createdBy: { type: ['string', 'null'] },
  createdAt: timestamp,
  revokedAt: { type: ['string', 'null'], format: 'date-time' },
} as const;

const apiKeyViewSchema = { type: 'object', required: Object.keys(apiKeyViewProperties), properties: apiKeyViewProperties } as const;

interface CreateKeyBody { label: string; roles: Role[]; firmId?: string; accounts?: string[]; ipAllowList?: string[] }

function keyView(key: ApiKeyRecord) {
  return { keyId: key.keyId, label: key.label, roles: key.roles, firmId: key.firmId, accounts: key.accounts, ipAllowList: key.ipAllowList, createdBy: key.createdBy, createdAt: key.createdAt, revokedAt: key.revokedAt };
}

/** API keys for programs: the secret is in the creation response and nowhere else, ever. */
export function apiKeyRoutes(api: FastifyInstance, context: AdminRouteContext): void {
  const { apiKeys, firms } = context;

  api.post<{ Body: CreateKeyBody }>('/api-keys', {
    config: { access: { roles: ADMIN } },
    schema: {
      tags: ['admin'],
      summary: 'Create an API key; the secret is shown in this response only',
      body: {
        type: 'object',
        required: ['label', 'roles'],
        additionalProperties: false,
        properties: {
          label: { type: 'string', minLength: 1, maxLength: 128 },
          roles: rolesSchema,
          firmId: identifier,
          accounts: accountsSchema,
          ipAllowList: { type: 'array', items: { type: 'string', minLength: 2, maxLength: 64 }, maxItems: 100, description: 'addresses or CIDR blocks; empty or absent = any' },
        },
      },
      response: {
        201: {
          type: 'object',
          required: [...apiKeyViewSchema.required, 'secret', 'authorization'],
          properties: { ...apiKeyViewProperties, secret: { type: 'string' }, authorization: { type: 'string', description: 'the Authorization header value to send' } },
        },
        400: errorSchema,
      },
    },
  }, async (request, reply) => {
    const body = request.body;
    const ipAllowList = body.ipAllowList ?? [];
    const bad = ipAllowList.filter((entry) => parseAllowListEntry(entry) === null);
    if (bad.length > 0) throw new RestError('GW_ERR_REST_VALIDATION', `not an address or CIDR block: ${bad.join(', ')}`, { details: { ipAllowList: bad } });
    const firmId = body.firmId ?? null;
    const accounts = body.accounts ?? [];
    await checkBinding(firms, firmId, accounts);
    const fresh = newApiKeySecret();
    const stored = await apiKeys.create({
      keyId: fresh.keyId,
      label: body.label,
      secretHash: fresh.secretHash,
      roles: body.roles,
      firmId,
      accounts,
      ipAllowList,
      createdBy: request.principal === null ? null : `${request.principal.kind}:${request.principal.name}`,
    });
    return reply.status(201).send({ ...keyView(stored), secret: fresh.secret, authorization: `ApiKey ${fresh.keyId}.${fresh.secret}` });
  });

  api.get('/api-keys', {
    config: { access: { roles: ADMIN } },
    schema: { tags: ['admin'], summary: 'List API keys (never their secrets)', response: { 200: { type: 'array', items: apiKeyViewSchema } } },
  }, async () => (await apiKeys.list()).map(keyView));

  api.delete<{ Params: { keyId: string } }>('/api-keys/:keyId', {
    config: { access: { roles: ADMIN } },
    schema: {
      tags: ['admin'],
      summary: 'Revoke an API key: refused from the next request on, in every process',
      params: { type: 'object', required: ['keyId'], properties: { keyId: { type: 'string', minLength: 1, maxLength: 64 } } },
      response: { 200: apiKeyViewSchema, 404: errorSchema },
    },
  }, async (request) => {
    const { keyId } = request.params;
    const revoked = await apiKeys.revoke(keyId);
    await context.announceApiKeyRevoked(keyId);
    const key = await apiKeys.get(keyId);
    if (key === null) throw new RestError('GW_ERR_REST_NOT_FOUND', `no API key ${keyId}`);
    if (!revoked && key.revokedAt === null) throw new RestError('GW_ERR_REST_NOT_FOUND', `no API key ${keyId}`);
    return keyView(key);
  });
}
