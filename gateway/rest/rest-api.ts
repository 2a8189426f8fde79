import fastifyCors from '@fastify/cors';
import fastifyPassport from '@fastify/passport';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import helmet from 'helmet';
import { ApiKeyRepository, AuthStateRepository, FirmRepository, IdempotencyRepository, InstrumentRepository, UserRepository } from '../../db';
import { isPublic, principalKey } from './access';
import { installAccessControl } from './auth/access-control';
import { ApiKeyVerifier } from './auth/api-key-verifier';
import { AuthService } from './auth/auth-service';
import { Lockout } from './auth/lockout';
import { ApiKeyStrategy, API_KEY_STRATEGY, BearerStrategy, BEARER_STRATEGY } from './auth/passport-strategies';
import { PasswordHasher } from './auth/password-hasher';
import { SessionVerifier } from './auth/session-verifier';
import { TokenService } from './auth/token-service';
import { installErrorReplies } from './error-reply';
import { RestError } from './errors';
import './fastify-types';
import { IdempotencyKeys } from './idempotency';
import { sharedCacheRateLimitStore } from './rate-limit-store';
import { installStrictBodyTypes } from './strict-body';
import type { RestDeps } from './rest-deps';
import { apiKeyRoutes } from './routes/api-key-routes';
import { authRoutes } from './routes/auth-routes';
import { firmRoutes } from './routes/firm-routes';
import { instrumentRoutes } from './routes/instrument-routes';
import type { AdminRouteContext, RestRoutes } from './routes/route-context';
import { userRoutes } from './routes/user-routes';
import { errorSchema } from './schemas';

export const REST_PREFIX = '/api/v1';
export const OPENAPI_PATH = '/openapi.json';
const API_KEY_REVOKED_CHANNEL = 'rest:api-key-revoked';
const RATE_LIMIT_PREFIX = 'rest:rl:';

export interface RestApiDeps extends RestDeps {
  /** Further route groups (orders, market data, portfolio), mounted under /api/v1 with everything above. */
  readonly routes?: readonly RestRoutes[];
}

const SECURITY_SCHEMES = {
  bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/v1/auth/mfa/verify (EdDSA).' },
  apiKeyAuth: { type: 'apiKey', in: 'header', name: 'Authorization', description: '"ApiKey <keyId>.<secret>"' },
} as const;

/**
 * fastify's default Ajv strips properties that `additionalProperties: false` forbids instead of failing; the
 * equivalent `propertyNames` makes an unknown property of a body a 400 (GW_ERR_REST_VALIDATION).
 */
function refuseUnknownProperties(body: object): object {
  if (!('additionalProperties' in body) || body.additionalProperties !== false || !('properties' in body)) return body;
  const properties = body.properties;
  if (typeof properties !== 'object' || properties === null || 'propertyNames' in body) return body;
  return { ...body, propertyNames: { enum: Object.keys(properties) } };
}

/** Per route, once registered: body limit, the security and roles in the OpenAPI document, the error responses. */
function decorateRoute(route: RouteOptions, bodyLimitBytes: number): void {
  route.bodyLimit ??= bodyLimitBytes;
  const access = route.config?.access;
  if (access === undefined) return;
  const schema: Record<string, unknown> = { ...route.schema };
  if (typeof schema['body'] === 'object' && schema['body'] !== null) schema['body'] = refuseUnknownProperties(schema['body']);
  const response: Record<string, unknown> = typeof schema['response'] === 'object' && schema['response'] !== null ? { ...schema['response'] } : {};
  response['400'] ??= errorSchema;
  response['429'] ??= errorSchema;
  if (!isPublic(access)) {
    schema['security'] = [{ bearerAuth: [] }, { apiKeyAuth: [] }];
    schema['x-roles'] = access.roles;
    if (access.account !== undefined) schema['x-account-scope'] = access.account;
    response['401'] ??= errorSchema;
    response['403'] ??= errorSchema;
  }
  schema['response'] = response;
  route.schema = schema;
}

/**
 * The REST API under /api/v1 as one encapsulated fastify plugin: helmet, closed CORS, passport (API keys and
 * EdDSA bearer tokens), per-route roles and account scope, per-principal rate limits on the shared cache,
 * `{code, message, details}` errors, and the OpenAPI 3.1 document at GET /api/v1/openapi.json.
 */
export async function registerRestApi(app: FastifyInstance, deps: RestApiDeps): Promise<void> {
  const { db, cache, logger, nowMs, config } = deps;
  const users = new UserRepository(db);
  const apiKeys = new ApiKeyRepository(db);
  const authState = new AuthStateRepository(db);
  const passwords = new PasswordHasher(config.scryptCost);
  const tokens = await TokenService.create(config.jwtKeys, config.jwtIssuer, nowMs);
  const apiKeyVerifier = new ApiKeyVerifier(apiKeys, config.apiKeyCacheTtlMs, nowMs);
  const lockout = new Lockout(authState, config.lockout, nowMs);
  const context: AdminRouteContext = {
    config,
    nowMs,
    logger,
    idempotency: new IdempotencyKeys(new IdempotencyRepository(db), config.idempotencyTtlMs, nowMs),
    users,
    apiKeys,
    firms: new FirmRepository(db),
    instruments: new InstrumentRepository(db),
    authState,
    auth: new AuthService(users, authState, passwords, tokens, lockout, config, nowMs),
    passwords,
    apiKeyVerifier,
    announceApiKeyRevoked: async (keyId) => {
      apiKeyVerifier.invalidate(keyId);
      await cache.publish(API_KEY_REVOKED_CHANNEL, keyId);
    },
  };
  const unsubscribe = await cache.subscribe(API_KEY_REVOKED_CHANNEL, (keyId) => apiKeyVerifier.invalidate(keyId));

  const passport = new fastifyPassport.Authenticator({ key: 'gw-rest', userProperty: 'passportUser' });
  passport.use(API_KEY_STRATEGY, new ApiKeyStrategy(apiKeyVerifier));
  passport.use(BEARER_STRATEGY, new BearerStrategy(new SessionVerifier(tokens, users)));

  await app.register(async (api) => {
    api.addHook('onClose', async () => unsubscribe());
    installErrorReplies(api, logger);
    // helmet's default security headers. Made once: @fastify/helmet built helmet's middleware (its CSP parsed
    // again) for every request, about 5% of an order's CPU on POST /orders.
    const securityHeaders = helmet();
    api.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (e?: unknown) => done(e instanceof Error ? e : undefined)));
    await api.register(fastifyCors, { origin: config.corsOrigins.length === 0 ? false : [...config.corsOrigins] });
    await api.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'FIX gateway REST API', version: '1' },
        components: { securitySchemes: SECURITY_SCHEMES },
      },
    });
    // @fastify/passport's initialize() brings @fastify/flash, which insists on a session decorator; the API is
    // stateless (session: false everywhere), so an empty one satisfies it.
    api.decorateRequest('session', null);
    await api.register(passport.initialize());
    installAccessControl(api, passport);
    installStrictBodyTypes(api);
    api.addHook('onRoute', (route) => decorateRoute(route, config.bodyLimitBytes));
    const limits = config.rateLimit;
    await api.register(fastifyRateLimit, {
      global: true,
      store: sharedCacheRateLimitStore(cache, RATE_LIMIT_PREFIX),
      timeWindow: limits.windowMs,
      keyGenerator: (request: FastifyRequest) => (request.principal === null ? `ip:${request.ip}` : principalKey(request.principal)),
      max: (_request: FastifyRequest, key: string) => (key.startsWith('apiKey:') ? limits.perApiKey : key.startsWith('user:') ? limits.perUser : limits.perIpUnauthenticated),
      errorResponseBuilder: (_request, context) =>
        new RestError('GW_ERR_RATE_LIMITED', `rate limit exceeded; retry in ${context.after}`, { retryAfterSec: Math.max(1, Math.ceil(context.ttl / 1000)), details: { limit: context.max } }),
    });

    api.get(OPENAPI_PATH, {
      config: { access: { public: true } },
      schema: { tags: ['meta'], summary: 'This API as an OpenAPI 3.1 document, generated from the route schemas' },
    }, async () => api.swagger());
    authRoutes(api, context);
    userRoutes(api, context);
    apiKeyRoutes(api, context);
    instrumentRoutes(api, context);
    firmRoutes(api, context);
    for (const routes of deps.routes ?? []) await routes(api, context);
  }, { prefix: REST_PREFIX });
}
