import { expect } from 'chai';
import type { RouteOptions } from 'fastify';
import { MatchingEngine } from '../../../engine';
import { defineInstrument } from '../../../engine/model';
import { OrderPath } from '../../../gateway/order-path';
import { ALL_ROLES, marketDataRoutes, orderRoutes, portfolioRoutes, RestOrderDesk, type Role, type RouteAccess } from '../../../gateway/rest';
import { MarketData } from '../../../marketdata';
import { PreTradeRisk } from '../../../risk';
import { databaseBackends } from '../../support/databases';
import { openHarness, type RestHarness } from './rest-harness';

const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' });

/** A valid request body for routes whose own-account request must succeed. */
const SAMPLE_BODIES: Record<string, (account: string) => unknown> = {
  'POST /api/v1/orders': (account) => ({ account, symbol: 'ACME', side: 'BUY', type: 'LIMIT', quantity: '1', price: '1.00' }),
};

/** Routes that anyone may call; a new one must be added here on purpose. */
const PUBLIC_ROUTES = ['POST /api/v1/auth/login', 'POST /api/v1/auth/mfa/verify', 'POST /api/v1/auth/mfa/enrol', 'POST /api/v1/auth/mfa/enrol/confirm', 'GET /api/v1/openapi.json'];

interface MountedRoute {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess | undefined;
}

function concreteUrl(url: string, value: string): string {
  return url.replace(/:([A-Za-z]+)/g, value);
}

function requestFor(route: MountedRoute, account: string): { url: string; body?: unknown } {
  const access = route.access;
  const location = access !== undefined && !('public' in access && access.public === true) && 'account' in access ? access.account : undefined;
  let url = concreteUrl(route.url, location?.in === 'params' ? account : 'X1');
  if (location?.in === 'query') url += `?${location.field}=${account}`;
  const sample = SAMPLE_BODIES[`${route.method} ${route.url}`];
  const body = sample !== undefined ? sample(account) : location?.in === 'body' ? { [location.field]: account } : route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
  return body === undefined ? { url } : { url, body };
}

for (const backend of databaseBackends()) {
  describe(`REST route access (${backend.name})`, function () {
    this.timeout(30_000);
    let h: RestHarness;
    const routes: MountedRoute[] = [];

    before(async () => {
      // The order routes mount before their desk exists (it needs the harness's database): they reach it through this proxy.
      let desk: RestOrderDesk | undefined;
      const current = new Proxy({} as RestOrderDesk, {
        get: (_target, name) => {
          const value: unknown = Reflect.get(desk ?? {}, name);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(desk) : value;
        },
      });
      const engine = new MatchingEngine([ACME]);
      const marketData = new MarketData({ instrument: (s) => engine.instrument(s), depth: (s, n) => engine.depth(s, n) });
      const portfolio = portfolioRoutes({ risk: new PreTradeRisk(engine), instrument: (s) => engine.instrument(s) });
      h = await openHarness(backend, {
        routes: [orderRoutes(current), marketDataRoutes(marketData), portfolio],
        beforeRegister: (app) => {
          app.addHook('onRoute', (route: RouteOptions) => {
            const methods = Array.isArray(route.method) ? route.method : [route.method];
            for (const method of methods) {
              if (method === 'HEAD' || method === 'OPTIONS' || !route.url.startsWith('/api/v1')) continue;
              routes.push({ method, url: route.url, access: route.config?.access });
            }
          });
        },
      });
      desk = new RestOrderDesk({ orderPath: new OrderPath(engine), engine, db: h.db, nowUs: () => BigInt(Date.now()) * 1000n });
    });
    after(async () => h.close());

    it('finds the whole API mounted, each route with a declared access', () => {
      expect(routes.length).to.be.greaterThan(15);
      for (const route of routes) expect(route.access, `${route.method} ${route.url}`).to.not.equal(undefined);
      const publicRoutes = routes.filter((r) => r.access !== undefined && 'public' in r.access && r.access.public === true).map((r) => `${r.method} ${r.url}`);
      expect(publicRoutes.sort()).to.deep.equal([...PUBLIC_ROUTES].sort());
    });

    it('refuses every non-public route without credentials (401) and with a bad token (401)', async () => {
      for (const route of routes.filter((r) => !PUBLIC_ROUTES.includes(`${r.method} ${r.url}`))) {
        const { url, body } = requestFor(route, 'A1');
        const bare = await h.request(route.method, url, body === undefined ? {} : { body });
        expect(bare.statusCode, `${route.method} ${route.url}`).to.equal(401);
        expect(bare.json().code).to.equal('GW_ERR_AUTH_REQUIRED');
        const forged = await h.request(route.method, url, { auth: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', ...(body === undefined ? {} : { body }) });
        expect(forged.statusCode, `${route.method} ${route.url}`).to.equal(401);
        expect(forged.json().code).to.equal('GW_ERR_AUTH_TOKEN_INVALID');
      }
    });

    it('refuses every non-public route to a role it does not admit (403)', async () => {
      let checked = 0;
      for (const route of routes) {
        const access = route.access;
        if (access === undefined || ('public' in access && access.public === true) || !('roles' in access)) continue;
        const admitted: readonly Role[] = access.roles;
        const wrong = ALL_ROLES.filter((r) => !admitted.includes(r));
        if (wrong.length === 0) continue; // open to every role: the account test below or the 401 test covers it
        const key = await h.apiKey(wrong, { accounts: ['A1'] });
        const { url, body } = requestFor(route, 'A1');
        const response = await h.request(route.method, url, { auth: key, ...(body === undefined ? {} : { body }) });
        expect(response.statusCode, `${route.method} ${route.url} as ${wrong.join('+')}`).to.equal(403);
        expect(response.json().code).to.equal('GW_ERR_AUTH_FORBIDDEN');
        checked += 1;
      }
      expect(checked).to.be.greaterThan(10);
    });

    it('refuses every account-scoped route for another account (403) and admits the own account', async () => {
      const scoped = routes.filter((r) => r.access !== undefined && 'account' in r.access && r.access.account !== undefined);
      expect(scoped.map((r) => `${r.method} ${r.url}`)).to.include.members(['GET /api/v1/accounts/:accountId', 'POST /api/v1/orders', 'GET /api/v1/orders', 'GET /api/v1/positions', 'GET /api/v1/portfolio', 'GET /api/v1/pnl']);
      const trader = await h.apiKey(['trader', 'viewer'], { accounts: ['A1'] });
      for (const route of scoped) {
        const other = requestFor(route, 'B1');
        const refused = await h.request(route.method, other.url, { auth: trader, ...(other.body === undefined ? {} : { body: other.body }) });
        expect(refused.statusCode, `${route.method} ${route.url}`).to.equal(403);
        expect(refused.json().code).to.equal('GW_ERR_AUTH_ACCOUNT_FORBIDDEN');
        const own = requestFor(route, 'A1');
        const admitted = await h.request(route.method, own.url, { auth: trader, ...(own.body === undefined ? {} : { body: own.body }) });
        expect(admitted.statusCode, `${route.method} ${route.url}`).to.be.oneOf([200, 201]);
      }
    });

    it('lets gateway-wide roles reach any account, and narrows account-bound ones to their own', async () => {
      const risk = await h.apiKey(['risk']);
      const anyAccount = await h.request('GET', '/api/v1/accounts/B1', { auth: risk });
      expect(anyAccount.statusCode).to.equal(200);
      const trader = await h.apiKey(['trader'], { accounts: ['A1'] });
      const placed = await h.request('POST', '/api/v1/orders', { auth: risk, body: { account: 'B1', symbol: 'ACME', side: 'SELL', type: 'LIMIT', quantity: '1', price: '9.00' } });
      expect(placed.statusCode, 'risk may not trade').to.equal(403);
      const admin = await h.apiKey(['admin']);
      const other = await h.request('POST', '/api/v1/orders', { auth: admin, body: { account: 'B1', symbol: 'ACME', side: 'SELL', type: 'LIMIT', quantity: '1', price: '9.00' } });
      expect(other.statusCode, other.body).to.equal(201);
      const listed = await h.request('GET', '/api/v1/orders', { auth: trader });
      const accountsSeen = listed.json<{ orders: { account: string }[] }>().orders.map((o) => o.account);
      expect(accountsSeen).to.not.include('B1');
      const all = await h.request('GET', '/api/v1/orders', { auth: risk });
      expect(all.json<{ orders: { account: string }[] }>().orders.map((o) => o.account)).to.include('B1');
      const accounts = await h.request('GET', '/api/v1/accounts', { auth: trader });
      expect(accounts.json().map((a: { accountId: string }) => a.accountId)).to.deep.equal(['A1']);
    });

    it('documents every mounted route in the OpenAPI 3.1 document, and nothing else', async () => {
      const response = await h.request('GET', '/api/v1/openapi.json');
      expect(response.statusCode).to.equal(200);
      const document = response.json<{ openapi: string; paths: Record<string, Record<string, { security?: unknown; 'x-roles'?: unknown }>> }>();
      expect(document.openapi).to.equal('3.1.0');
      const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`));
      const mounted = routes.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`);
      expect(documented.sort()).to.deep.equal(mounted.sort());
      for (const route of routes) {
        const operation = document.paths[route.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
        const isPublicRoute = PUBLIC_ROUTES.includes(`${route.method} ${route.url}`);
        expect(operation?.security === undefined, `${route.method} ${route.url}`).to.equal(isPublicRoute);
      }
    });
  });
}
