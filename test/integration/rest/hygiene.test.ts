import { expect } from 'chai';
import type { RestRoutes } from '../../../gateway/rest';
import { databaseBackends } from '../../support/databases';
import { openHarness, PASSWORD, type RestHarness } from './rest-harness';

const failingRoutes: RestRoutes = (api) => {
  api.get('/boom', { config: { access: { roles: ['admin'] } } }, async () => {
    throw new Error('database exploded at /srv/secret/path.ts:12');
  });
};

const backend = databaseBackends()[0];

describe('REST security headers and hygiene', function () {
  this.timeout(30_000);
  let h: RestHarness;
  let admin: string;

  before(async () => {
    if (backend === undefined) throw new Error('no database backend');
    h = await openHarness(backend, { routes: [failingRoutes], config: { bodyLimitBytes: 2_048 } });
    admin = await h.apiKey(['admin']);
  });
  after(async () => h.close());

  it('sends helmet’s default headers', async () => {
    const response = await h.request('GET', '/api/v1/me', { auth: admin });
    expect(response.headers['x-content-type-options']).to.equal('nosniff');
    expect(response.headers['strict-transport-security']).to.be.a('string');
    expect(response.headers['content-security-policy']).to.be.a('string');
    expect(response.headers['x-frame-options']).to.equal('SAMEORIGIN');
    expect(response.headers['content-security-policy']).to.contain("default-src 'self'").and.to.contain("frame-ancestors 'self'");
    expect(response.headers).to.include({
      'cross-origin-opener-policy': 'same-origin', 'cross-origin-resource-policy': 'same-origin', 'origin-agent-cluster': '?1', 'referrer-policy': 'no-referrer',
      'x-dns-prefetch-control': 'off', 'x-download-options': 'noopen', 'x-permitted-cross-domain-policies': 'none', 'x-xss-protection': '0',
    });
    // On every answer, refusals included.
    const refused = await h.request('GET', '/api/v1/me');
    expect(refused.statusCode).to.equal(401);
    expect(refused.headers['x-content-type-options']).to.equal('nosniff');
    expect(refused.headers['content-security-policy']).to.equal(response.headers['content-security-policy']);
  });

  it('keeps CORS closed by default: no allow-origin for a foreign origin, preflight or not', async () => {
    const simple = await h.request('GET', '/api/v1/openapi.json', { headers: { origin: 'https://evil.example' } });
    expect(simple.headers['access-control-allow-origin']).to.equal(undefined);
    const preflight = await h.request('OPTIONS', '/api/v1/orders', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers['access-control-allow-origin']).to.equal(undefined);
  });

  it('opens CORS to configured origins only', async () => {
    if (backend === undefined) throw new Error('no database backend');
    const open = await openHarness(backend, { config: { corsOrigins: ['https://desk.example'] } });
    try {
      const allowed = await open.request('GET', '/api/v1/openapi.json', { headers: { origin: 'https://desk.example' } });
      expect(allowed.headers['access-control-allow-origin']).to.equal('https://desk.example');
      const other = await open.request('GET', '/api/v1/openapi.json', { headers: { origin: 'https://evil.example' } });
      expect(other.headers['access-control-allow-origin']).to.equal(undefined);
    } finally {
      await open.close();
    }
  });

  it('refuses a body over the limit (413), malformed JSON (400) and other media types (415) with their codes', async () => {
    const big = await h.request('POST', '/api/v1/firms', { auth: admin, body: { firmId: 'BIG', name: 'x'.repeat(4_000) } });
    expect(big.statusCode).to.equal(413);
    expect(big.json().code).to.equal('GW_ERR_REST_BODY_TOO_LARGE');
    const malformed = await h.request('POST', '/api/v1/firms', { auth: admin, body: '{"firmId":', headers: { 'content-type': 'application/json' } });
    expect(malformed.statusCode).to.equal(400);
    expect(malformed.json().code).to.equal('GW_ERR_REST_MALFORMED_BODY');
    const text = await h.request('POST', '/api/v1/firms', { auth: admin, body: 'firmId=X', headers: { 'content-type': 'text/csv' } });
    expect(text.statusCode).to.equal(415);
    expect(text.json().code).to.equal('GW_ERR_REST_UNSUPPORTED_MEDIA_TYPE');
    // The security headers are on these refusals too.
    for (const refused of [big, malformed, text]) expect([refused.headers['x-content-type-options'], refused.headers['x-frame-options']]).to.deep.equal(['nosniff', 'SAMEORIGIN']);
  });

  it('answers an internal fault with a bare 500 and logs it, without stack or message for the client', async () => {
    const response = await h.request('GET', '/api/v1/boom', { auth: admin });
    expect(response.statusCode).to.equal(500);
    expect(response.json()).to.deep.equal({ code: 'GW_ERR_REST_INTERNAL', message: 'internal error', details: null });
    expect(response.headers['content-security-policy']).to.contain("default-src 'self'");
    expect(h.logged.some((l) => l.level === 'error' && String(l.meta?.['error']).includes('database exploded'))).to.equal(true);
  });

  it('never logs a password, an API secret, a TOTP secret or a token', async () => {
    const key = (await h.request('POST', '/api/v1/api-keys', { auth: admin, body: { label: 'k', roles: ['viewer'] } })).json<{ secret: string }>();
    const { totpSecret } = await h.user('mona', ['viewer']);
    const bearer = await h.login('mona', totpSecret);
    await h.request('POST', '/api/v1/auth/login', { body: { username: 'mona', password: 'wrong password' } });
    await h.request('GET', '/api/v1/boom', { auth: bearer });
    const text = JSON.stringify(h.logged);
    for (const secret of [key.secret, PASSWORD, 'wrong password', totpSecret, bearer.slice(7), admin.slice(7)]) expect(text).to.not.include(secret);
  });
});
