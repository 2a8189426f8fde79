import type { FastifyInstance } from 'fastify';
import type { Role } from '../access';
import { createUser, userView } from '../auth/user-admin';
import { RestError } from '../errors';
import { accountsSchema, errorSchema, identifier, rolesSchema } from '../schemas';
import type { AdminRouteContext } from './route-context';

const ADMIN: readonly Role[] = ['admin'];

export const userViewSchema = {
  type: 'object',
  required: ['userId', 'username', 'roles', 'firmId', 'accounts', 'mfaEnrolled', 'disabled'],
  properties: {
    userId: { type: 'string' },
    username: { type: 'string' },
    roles: rolesSchema,
    firmId: { type: ['string', 'null'] },
    accounts: { type: 'array', items: { type: 'string' } },
    mfaEnrolled: { type: 'boolean' },
    disabled: { type: 'boolean' },
  },
} as const;

const userIdParams = { type: 'object', required: ['userId'], properties: { userId: { type: 'string', minLength: 1, maxLength: 64 } } } as const;

interface CreateUserBody { username: string; password: string; roles: Role[]; firmId?: string; accounts?: string[] }
interface UserIdParams { userId: string }

/** Console users: create (the user enrols TOTP at first login), list, disable, reset the second factor. */
export function userRoutes(api: FastifyInstance, context: AdminRouteContext): void {
  const { users, firms, passwords } = context;

  api.post<{ Body: CreateUserBody }>('/users', {
    config: { access: { roles: ADMIN } },
    schema: {
      tags: ['admin'],
      summary: 'Create a console user; the user enrols TOTP at the first login',
      body: {
        type: 'object',
        required: ['username', 'password', 'roles'],
        additionalProperties: false,
        properties: {
          username: { type: 'string', minLength: 3, maxLength: 128, pattern: '^[A-Za-z0-9._@-]+$' },
          password: { type: 'string', minLength: 12, maxLength: 1024 },
          roles: rolesSchema,
          firmId: identifier,
          accounts: accountsSchema,
        },
      },
      response: { 201: userViewSchema, 400: errorSchema, 409: errorSchema },
    },
  }, async (request, reply) => {
    const { username, password, roles, firmId, accounts } = request.body;
    const created = await createUser(users, firms, passwords, { username, password, roles, firmId: firmId ?? null, accounts: accounts ?? [] }, { pendingTotpIssuer: null });
    return reply.status(201).send(userView(created.user));
  });

  api.get('/users', {
    config: { access: { roles: ADMIN } },
    schema: { tags: ['admin'], summary: 'List console users', response: { 200: { type: 'array', items: userViewSchema } } },
  }, async () => (await users.list()).map(userView));

  api.post<{ Params: UserIdParams }>('/users/:userId/disable', {
    config: { access: { roles: ADMIN } },
    schema: { tags: ['admin'], summary: 'Disable a user: its tokens stop working at once', params: userIdParams, response: { 200: userViewSchema, 404: errorSchema } },
  }, async (request) => {
    if (!(await users.setDisabled(request.params.userId, true))) throw new RestError('GW_ERR_REST_NOT_FOUND', `no user ${request.params.userId}`);
    const user = await users.findById(request.params.userId);
    if (user === null) throw new RestError('GW_ERR_REST_NOT_FOUND', `no user ${request.params.userId}`);
    return userView(user);
  });

  api.post<{ Params: UserIdParams }>('/users/:userId/mfa/reset', {
    config: { access: { roles: ADMIN } },
    schema: { tags: ['admin'], summary: 'Forget the TOTP secret and recovery codes: the user enrols again at the next login', params: userIdParams, response: { 200: userViewSchema, 404: errorSchema } },
  }, async (request) => {
    if (!(await users.resetMfa(request.params.userId))) throw new RestError('GW_ERR_REST_NOT_FOUND', `no user ${request.params.userId}`);
    const user = await users.findById(request.params.userId);
    if (user === null) throw new RestError('GW_ERR_REST_NOT_FOUND', `no user ${request.params.userId}`);
    return userView(user);
  });
}
