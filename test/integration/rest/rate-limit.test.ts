import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { InProcessCache, RedisCache, type SharedCache } from '../../../ops/cache';
import { databaseBackends } from '../../support/databases';
import { openHarness, type RestHarness } from './rest-harness';

interface CacheBackend {
  readonly name: string;
  open(): SharedCache;
}

const caches: CacheBackend[] = [{ name: 'in-process', open: () => new InProcessCache(`gwtest:${randomBytes(6).toString('hex')}:`) }];
const redisUrl = process.env.REDIS_URL;
if (redisUrl !== undefined && redisUrl !== '') caches.push({ name: 'redis', open: () => new RedisCache(redisUrl, `gwtest:${randomBytes(6).toString('hex')}:`) });

const backend = databaseBackends()[0];

for (const cacheBackend of caches) {
  describe(`REST rate limits on the shared cache (${cacheBackend.name})`, function () {
    this.timeout(30_000);
    let h: RestHarness;
    let cache: SharedCache;

    beforeEach(async () => {
      if (backend === undefined) throw new Error('no database backend');
      cache = cacheBackend.open();
      // A long window, so that no count runs out while a test runs.
      h = await openHarness(backend, { cache, config: { rateLimit: { windowMs: 60_000, perApiKey: 3, perUser: 2, perIpUnauthenticated: 6 } } });
    });
    afterEach(async () => {
      await h.close();
      await cache.close();
    });

    it('limits each API key on its own and answers 429 with Retry-After', async () => {
      const first = await h.apiKey(['viewer']);
      const second = await h.apiKey(['viewer']);
      for (let i = 0; i < 3; i += 1) expect((await h.request('GET', '/api/v1/me', { auth: first })).statusCode).to.equal(200);
      const limited = await h.request('GET', '/api/v1/instruments', { auth: first });
      expect(limited.statusCode).to.equal(429);
      expect(limited.json().code).to.equal('GW_ERR_RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).to.be.within(1, 60);
      expect(limited.body).to.not.include('at ');
      expect((await h.request('GET', '/api/v1/me', { auth: second })).statusCode).to.equal(200);
      // The count lives in the shared cache (Redis when configured), where every gateway process sees it.
      const keyId = /^ApiKey ([^.]+)\./.exec(first)?.[1] ?? '';
      expect((await cache.hit(`rest:rl:apiKey:${keyId}`, 60_000)).count).to.equal(5);
    });

    it('limits each user on its own', async () => {
      const { totpSecret } = await h.user('lena', ['viewer']);
      const bearer = await h.login('lena', totpSecret);
      expect((await h.request('GET', '/api/v1/me', { auth: bearer })).statusCode).to.equal(200);
      expect((await h.request('GET', '/api/v1/me', { auth: bearer })).statusCode).to.equal(200);
      const limited = await h.request('GET', '/api/v1/me', { auth: bearer });
      expect(limited.statusCode).to.equal(429);
      expect(limited.headers['retry-after']).to.not.equal(undefined);
    });

    it('limits unauthenticated calls per source address', async () => {
      for (let i = 0; i < 6; i += 1) expect((await h.request('GET', '/api/v1/openapi.json', { remoteAddress: '203.0.113.5' })).statusCode).to.equal(200);
      const limited = await h.request('POST', '/api/v1/auth/login', { body: { username: 'x', password: 'y' }, remoteAddress: '203.0.113.5' });
      expect(limited.statusCode).to.equal(429);
      expect(limited.json().code).to.equal('GW_ERR_RATE_LIMITED');
      expect((await h.request('GET', '/api/v1/openapi.json', { remoteAddress: '203.0.113.6' })).statusCode).to.equal(200);
    });
  });
}
