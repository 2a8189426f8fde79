/**
 * A gateway HTTP server (ops' createHttpServer, as in production) with the REST API mounted, on a fresh schema of a
 * real database, an injectable clock, and helpers that make API keys and users directly through the repositories.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ApiKeyRepository, FirmRepository, migrate, UserRepository, type AuthRole, type Database } from '../../../db';
import { currentTotp, newApiKeySecret, PasswordHasher, registerRestApi, restConfig, type RestConfigOverrides, type RestRoutes } from '../../../gateway/rest';
import { InProcessCache, type SharedCache } from '../../../ops/cache';
import { HealthRegistry } from '../../../ops/http/health';
import { createHttpServer } from '../../../ops/http/http-server';
import { GatewayMetrics } from '../../../ops/metrics/registry';
import { openIsolated, type DatabaseBackend } from '../../support/databases';

export const TEST_SCRYPT_COST = 1024;
export const PASSWORD = 'correct horse battery staple';

export interface LoggedLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly meta: Record<string, unknown> | undefined;
}

export interface RestHarness {
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly cache: SharedCache;
  readonly clock: { nowMs: number };
  readonly logged: LoggedLine[];
  /** "ApiKey <id>.<secret>" for a key with these roles and accounts. */
  apiKey(roles: readonly AuthRole[], options?: { readonly accounts?: readonly string[]; readonly ipAllowList?: readonly string[] }): Promise<string>;
  /** A user with a confirmed TOTP secret; returns the secret. */
  user(username: string, roles: readonly AuthRole[], options?: { readonly accounts?: readonly string[]; readonly enrolled?: boolean }): Promise<{ readonly userId: string; readonly totpSecret: string }>;
  /** Password then TOTP: the bearer header. Moves the clock one TOTP step on so codes never collide. */
  login(username: string, totpSecret: string): Promise<string>;
  request(method: string, url: string, options?: { readonly auth?: string; readonly body?: unknown; readonly headers?: Record<string, string>; readonly remoteAddress?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly config?: RestConfigOverrides;
  readonly cache?: SharedCache;
  readonly routes?: readonly RestRoutes[];
  /** Called before the API registers: a test may add an onRoute hook to see every route. */
  readonly beforeRegister?: (app: FastifyInstance) => void;
}

export async function openHarness(backend: DatabaseBackend, options: HarnessOptions = {}): Promise<RestHarness> {
  const { db, drop } = await openIsolated(backend);
  await migrate(db);
  const firms = new FirmRepository(db);
  await firms.createFirm({ firmId: 'F1', name: 'Firm One', lei: null });
  await firms.createFirm({ firmId: 'F2', name: 'Firm Two', lei: null });
  await firms.createAccount({ accountId: 'A1', firmId: 'F1', name: 'Account one' });
  await firms.createAccount({ accountId: 'A2', firmId: 'F1', name: 'Account two' });
  await firms.createAccount({ accountId: 'B1', firmId: 'F2', name: 'Other firm account' });
  const cache = options.cache ?? new InProcessCache(`rest-${randomBytes(4).toString('hex')}:`);
  const clock = { nowMs: Date.UTC(2030, 0, 2, 9, 0, 0) };
  const logged: LoggedLine[] = [];
  const logger = {
    info: (message: string, meta?: Record<string, unknown>) => logged.push({ level: 'info', message, meta }),
    warn: (message: string, meta?: Record<string, unknown>) => logged.push({ level: 'warn', message, meta }),
    error: (message: string, meta?: Record<string, unknown>) => logged.push({ level: 'error', message, meta }),
  };
  const app = createHttpServer({ bodyLimitBytes: 1_048_576, health: new HealthRegistry(), metrics: new GatewayMetrics({ collectProcessMetrics: false }) });
  options.beforeRegister?.(app);
  const config = restConfig({ scryptCost: TEST_SCRYPT_COST, rateLimit: { perApiKey: 10_000, perUser: 10_000, perIpUnauthenticated: 10_000 }, ...options.config });
  await registerRestApi(app, { db, cache, logger, nowMs: () => clock.nowMs, config, ...(options.routes === undefined ? {} : { routes: options.routes }) });
  await app.ready();

  const apiKeys = new ApiKeyRepository(db);
  const users = new UserRepository(db);
  const hasher = new PasswordHasher(TEST_SCRYPT_COST);

  const request: RestHarness['request'] = (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.auth !== undefined) headers['authorization'] = opts.auth;
    return app.inject({ method: method as 'GET', url, headers, ...(opts.remoteAddress === undefined ? {} : { remoteAddress: opts.remoteAddress }), ...(opts.body === undefined ? {} : { payload: opts.body as object }) });
  };

  return {
    app,
    db,
    cache,
    clock,
    logged,
    async apiKey(roles, opts = {}) {
      const fresh = newApiKeySecret();
      await apiKeys.create({ keyId: fresh.keyId, label: `test ${roles.join('+')}`, secretHash: fresh.secretHash, roles, firmId: null, accounts: opts.accounts ?? [], ipAllowList: opts.ipAllowList ?? [], createdBy: null });
      return `ApiKey ${fresh.keyId}.${fresh.secret}`;
    },
    async user(username, roles, opts = {}) {
      const userId = `u-${randomBytes(4).toString('hex')}`;
      const totpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
      await users.create({ userId, username, passwordHash: await hasher.hash(PASSWORD), roles, firmId: null, accounts: opts.accounts ?? [], totpSecret });
      if (opts.enrolled !== false) await users.acceptTotpStep(userId, 1, true);
      return { userId, totpSecret };
    },
    async login(username, totpSecret) {
      clock.nowMs += 30_000;
      const login = await request('POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } });
      if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
      const { mfaToken } = login.json<{ mfaToken: string }>();
      const code = await currentTotp(totpSecret, clock.nowMs);
      const verified = await request('POST', '/api/v1/auth/mfa/verify', { body: { mfaToken, code } });
      if (verified.statusCode !== 200) throw new Error(`mfa failed: ${verified.statusCode} ${verified.body}`);
      return `Bearer ${verified.json<{ token: string }>().token}`;
    },
    request,
    async close() {
      await app.close();
      if (options.cache === undefined) await cache.close();
      await drop();
    },
  };
}
