import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type fastifyPassport from '@fastify/passport';
import { accountScopeOf, admittedRoles, isPublic, scopeAllows, type Principal } from '../access';
import { RestError } from '../errors';
import { API_KEY_STRATEGY, BEARER_STRATEGY } from './passport-strategies';

type Authenticator = InstanceType<typeof fastifyPassport.Authenticator>;

const METHODS_WITHOUT_ACCESS = new Set(['OPTIONS', 'HEAD']);

function isPrincipal(value: unknown): value is Principal {
  return typeof value === 'object' && value !== null && 'kind' in value && (value.kind === 'user' || value.kind === 'apiKey') && 'roles' in value;
}

/** The most telling refusal among the strategies' failures: a wrong credential beats "no credential". */
function refusal(info: unknown): RestError {
  const failures = Array.isArray(info) ? info : [info];
  const specific = failures.find((f): f is RestError => f instanceof RestError);
  return specific ?? new RestError('GW_ERR_AUTH_REQUIRED', 'credentials required: "Authorization: Bearer <token>" or "Authorization: ApiKey <keyId>.<secret>"');
}

function accountOf(request: FastifyRequest, location: { readonly in: 'params' | 'query' | 'body'; readonly field: string }): unknown {
  const container: unknown = location.in === 'params' ? request.params : location.in === 'query' ? request.query : request.body;
  if (typeof container !== 'object' || container === null) return undefined;
  return (container as Record<string, unknown>)[location.field];
}

/**
 * Every route under /api/v1 declares `config.access` (registration fails otherwise). Non-public routes run
 * passport (API key or bearer token) in onRequest, then the role check; account-scoped routes check the account
 * in preValidation, once the body is parsed and before it is validated, so a wrong account is a 403 whatever
 * else is wrong with the request.
 */
export function installAccessControl(app: FastifyInstance, passport: Authenticator): void {
  const authenticate = passport.authenticate([API_KEY_STRATEGY, BEARER_STRATEGY], { session: false }, async (request, _reply, error, user, info) => {
    if (error !== null) throw error;
    if (!isPrincipal(user)) throw refusal(info);
    request.principal = user;
  });

  app.decorateRequest('principal', null);
  app.decorateRequest('accountScope', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => METHODS_WITHOUT_ACCESS.has(m))) return;
    if (route.config?.access === undefined) {
      throw new TypeError(`route ${methods.join(',')} ${route.url} declares no config.access (roles or public)`);
    }
  });

  app.addHook('onRequest', async function (request, reply) {
    const access = request.routeOptions.config.access;
    if (access === undefined || isPublic(access)) return;
    await authenticate.call(this, request, reply);
    const principal = request.principal;
    if (principal === null) throw refusal(undefined);
    const admitted = admittedRoles(principal, access.roles);
    if (admitted.length === 0) {
      throw new RestError('GW_ERR_AUTH_FORBIDDEN', `this needs one of the roles ${access.roles.join(', ')}`, { details: { requiredRoles: access.roles } });
    }
    request.accountScope = accountScopeOf(principal, admitted);
  });

  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || isPublic(access) || access.account === undefined) return;
    const scope = request.accountScope;
    const account = accountOf(request, access.account);
    if (scope !== null && typeof account === 'string' && !scopeAllows(scope, account)) {
      throw new RestError('GW_ERR_AUTH_ACCOUNT_FORBIDDEN', `no access to account ${account}`, { details: { account } });
    }
  });
}
