import type { FastifyInstance } from 'fastify';
import { ALL_ROLES } from '../access';
import { RestError } from '../errors';
import { errorSchema, rolesSchema, timestamp } from '../schemas';
import type { AdminRouteContext } from './route-context';

const mfaTokenSchema = { type: 'string', minLength: 20, maxLength: 2048 } as const;
const totpCodeSchema = { type: 'string', pattern: '^[0-9]{6}$' } as const;

const sessionResponse = {
  type: 'object',
  required: ['status', 'token', 'tokenType', 'expiresAt'],
  properties: { status: { type: 'string', const: 'authenticated' }, token: { type: 'string' }, tokenType: { type: 'string', const: 'Bearer' }, expiresAt: timestamp },
} as const;

const AUTH_ERRORS = { 400: errorSchema, 401: errorSchema, 409: errorSchema, 429: errorSchema } as const;

interface LoginBody { username: string; password: string }
interface VerifyBody { mfaToken: string; code?: string; recoveryCode?: string }
interface EnrolBody { mfaToken: string }
interface ConfirmBody { mfaToken: string; code: string }

/** Login (password, then TOTP or a recovery code), TOTP enrolment, logout, and who-am-I. */
export function authRoutes(api: FastifyInstance, context: AdminRouteContext): void {
  const { auth } = context;

  api.post<{ Body: LoginBody }>('/auth/login', {
    config: { access: { public: true } },
    schema: {
      tags: ['auth'],
      summary: 'Check a password; answers with an MFA challenge token for the second step',
      body: {
        type: 'object',
        required: ['username', 'password'],
        additionalProperties: false,
        properties: { username: { type: 'string', minLength: 1, maxLength: 128 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
      },
      response: {
        200: {
          type: 'object',
          required: ['status', 'mfaToken', 'expiresAt'],
          properties: { status: { type: 'string', enum: ['mfa_required', 'mfa_enrolment_required'] }, mfaToken: { type: 'string' }, expiresAt: timestamp },
        },
        ...AUTH_ERRORS,
      },
    },
  }, async (request) => auth.login(request.body.username, request.body.password, request.ip));

  api.post<{ Body: VerifyBody }>('/auth/mfa/verify', {
    config: { access: { public: true } },
    schema: {
      tags: ['auth'],
      summary: 'Second step: a TOTP code (or a one-time recovery code) for an access token',
      body: {
        type: 'object',
        required: ['mfaToken'],
        additionalProperties: false,
        properties: { mfaToken: mfaTokenSchema, code: totpCodeSchema, recoveryCode: { type: 'string', minLength: 10, maxLength: 32 } },
        oneOf: [{ required: ['code'] }, { required: ['recoveryCode'] }],
      },
      response: { 200: sessionResponse, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const { mfaToken, code, recoveryCode } = request.body;
    return auth.verifyMfa(mfaToken, recoveryCode === undefined ? { code: code ?? '' } : { recoveryCode }, request.ip);
  });

  api.post<{ Body: EnrolBody }>('/auth/mfa/enrol', {
    config: { access: { public: true } },
    schema: {
      tags: ['auth'],
      summary: 'Start TOTP enrolment: the otpauth:// URI to show as a QR code',
      body: { type: 'object', required: ['mfaToken'], additionalProperties: false, properties: { mfaToken: mfaTokenSchema } },
      response: {
        200: { type: 'object', required: ['otpauthUri', 'secret'], properties: { otpauthUri: { type: 'string' }, secret: { type: 'string' } } },
        ...AUTH_ERRORS,
      },
    },
  }, async (request) => auth.enrol(request.body.mfaToken));

  api.post<{ Body: ConfirmBody }>('/auth/mfa/enrol/confirm', {
    config: { access: { public: true } },
    schema: {
      tags: ['auth'],
      summary: 'Confirm enrolment with a first code: answers with an access token and the one-time recovery codes (shown once)',
      body: { type: 'object', required: ['mfaToken', 'code'], additionalProperties: false, properties: { mfaToken: mfaTokenSchema, code: totpCodeSchema } },
      response: {
        200: { ...sessionResponse, required: [...sessionResponse.required, 'recoveryCodes'], properties: { ...sessionResponse.properties, recoveryCodes: { type: 'array', items: { type: 'string' } } } },
        ...AUTH_ERRORS,
      },
    },
  }, async (request) => auth.confirmEnrolment(request.body.mfaToken, request.body.code, request.ip));

  api.post('/auth/logout', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags: ['auth'], summary: 'Revoke the access token this request carries', response: { 204: { type: 'null' }, 400: errorSchema } },
  }, async (request, reply) => {
    const principal = request.principal;
    if (principal === null) throw new RestError('GW_ERR_AUTH_REQUIRED', 'credentials required');
    await auth.logout(principal);
    return reply.status(204).send();
  });

  api.get('/me', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags: ['auth'],
      summary: 'Who the credentials belong to',
      response: {
        200: {
          type: 'object',
          required: ['kind', 'id', 'name', 'roles', 'firmId', 'accounts'],
          properties: {
            kind: { type: 'string', enum: ['user', 'apiKey'] },
            id: { type: 'string' },
            name: { type: 'string' },
            roles: rolesSchema,
            firmId: { type: ['string', 'null'] },
            accounts: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  }, async (request) => {
    const principal = request.principal;
    if (principal === null) throw new RestError('GW_ERR_AUTH_REQUIRED', 'credentials required');
    return { kind: principal.kind, id: principal.id, name: principal.name, roles: principal.roles, firmId: principal.firmId, accounts: principal.accounts };
  });
}
