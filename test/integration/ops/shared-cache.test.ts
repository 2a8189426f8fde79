import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { InProcessCache, RedisCache, type SharedCache } from '../../../ops/cache';

interface CacheBackend {
  readonly name: string;
  open(prefix: string): SharedCache;
}

const backends: CacheBackend[] = [{ name: 'in-process', open: (prefix) => new InProcessCache(prefix) }];
const redisUrl = process.env.REDIS_URL;
if (redisUrl !== undefined && redisUrl !== '') backends.push({ name: 'redis', open: (prefix) => new RedisCache(redisUrl, prefix) });

function waitFor(predicate: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (predicate()) resolve();
      else if (Date.now() > deadline) reject(new Error('timed out'));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

for (const backend of backends) {
  describe(`shared cache: ${backend.name}`, function () {
    this.timeout(10_000);
    let cache: SharedCache;
    beforeEach(() => {
      cache = backend.open(`gwtest:${randomBytes(6).toString('hex')}:`);
    });
    afterEach(async () => {
      await cache.close();
    });

    it('counts hits in a window and starts a new window after it ends', async () => {
      const a = await cache.hit('orders:k1', 300);
      const b = await cache.hit('orders:k1', 300);
      const other = await cache.hit('orders:k2', 300);
      expect([a.count, b.count, other.count]).to.deep.equal([1, 2, 1]);
      expect(b.resetInMs).to.be.greaterThan(0).and.at.most(300);
      await new Promise((r) => setTimeout(r, 350));
      expect((await cache.hit('orders:k1', 300)).count).to.equal(1);
    });

    it('resets a counter on demand', async () => {
      await cache.hit('k', 10_000);
      await cache.hit('k', 10_000);
      await cache.reset('k');
      expect((await cache.hit('k', 10_000)).count).to.equal(1);
    });

    it('delivers published messages to every subscriber until it unsubscribes', async () => {
      const first: string[] = [];
      const second: string[] = [];
      const off1 = await cache.subscribe('kill', (m) => first.push(m));
      await cache.subscribe('kill', (m) => second.push(m));
      await cache.publish('kill', 'ACC1');
      await waitFor(() => first.length === 1 && second.length === 1);
      await off1();
      await cache.publish('kill', 'ACC2');
      await waitFor(() => second.length === 2);
      expect(first).to.deep.equal(['ACC1']);
      expect(second).to.deep.equal(['ACC1', 'ACC2']);
    });

    it('keeps prefixes apart', async () => {
      const other = backend.open(`gwtest:${randomBytes(6).toString('hex')}:`);
      try {
        await cache.hit('same', 10_000);
        expect((await other.hit('same', 10_000)).count).to.equal(1);
      } finally {
        await other.close();
      }
    });

    it('answers ping', async () => {
      expect(await cache.ping()).to.equal(true);
    });
  });
}
