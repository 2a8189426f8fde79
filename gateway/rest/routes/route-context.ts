import type { FastifyInstance } from 'fastify';
import type { ApiKeyRepository, AuthStateRepository, FirmRepository, InstrumentRepository, UserRepository } from '../../../db';
import type { ApiKeyVerifier } from '../auth/api-key-verifier';
import type { AuthService } from '../auth/auth-service';
import type { PasswordHasher } from '../auth/password-hasher';
import type { IdempotencyKeys } from '../idempotency';
import type { RestConfig } from '../rest-config';
import type { RestLogger } from '../rest-deps';

/** What a group of routes mounted under /api/v1 gets: the order, market-data and portfolio routes use this much. */
export interface RestRouteContext {
  readonly config: RestConfig;
  readonly nowMs: () => number;
  readonly logger: RestLogger;
  readonly idempotency: IdempotencyKeys;
}

/**
 * A group of routes, mounted with one call: `registerRestApi(app, { ...deps, routes: [orderRoutes(...)] })`.
 * Each route declares `config.access`; authentication, roles, account scope, rate limits, the error shape and
 * the OpenAPI document come with the mount.
 */
export type RestRoutes = (api: FastifyInstance, context: RestRouteContext) => void | Promise<void>;

/** The administration routes' wider context. */
export interface AdminRouteContext extends RestRouteContext {
  readonly users: UserRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly firms: FirmRepository;
  readonly instruments: InstrumentRepository;
  readonly authState: AuthStateRepository;
  readonly auth: AuthService;
  readonly passwords: PasswordHasher;
  readonly apiKeyVerifier: ApiKeyVerifier;
  /** Drops a revoked key from every process's cache (here at once, elsewhere through pub/sub). */
  announceApiKeyRevoked(keyId: string): Promise<void>;
}
