import { Redis } from 'ioredis';
import type { MessageHandler, SharedCache, Unsubscribe, WindowCount } from './shared-cache';

/** INCR and set the expiry on the first hit, atomically; returns the count and the milliseconds left. */
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/** Counters and pub/sub in Redis (REDIS_URL), shared by every gateway process. Keys carry `prefix`. */
export class RedisCache implements SharedCache {
  readonly kind = 'redis';
  private readonly client: Redis;
  private subscriber: Redis | null = null;
  private readonly handlers = new Map<string, Set<MessageHandler>>();

  constructor(url: string, private readonly prefix = 'gw:') {
    this.client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    // Connection errors are retried by ioredis; they surface through ping() on /health, never as a crash.
    this.client.on('error', () => undefined);
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const reply = (await this.client.eval(HIT_SCRIPT, 1, this.prefix + key, String(windowMs))) as [number, number];
    return { count: Number(reply[0]), resetInMs: Number(reply[1]) };
  }

  async reset(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.client.publish(this.prefix + channel, message);
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    const subscriber = this.ensureSubscriber();
    const fullChannel = this.prefix + channel;
    let set = this.handlers.get(fullChannel);
    if (set === undefined) {
      set = new Set();
      this.handlers.set(fullChannel, set);
      await subscriber.subscribe(fullChannel);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(fullChannel);
      if (current === undefined) return;
      current.delete(handler);
      if (current.size === 0) {
        this.handlers.delete(fullChannel);
        await subscriber.unsubscribe(fullChannel);
      }
    };
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
    await this.client.quit().catch(() => undefined);
  }

  private ensureSubscriber(): Redis {
    if (this.subscriber !== null) return this.subscriber;
    const subscriber = this.client.duplicate();
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, message: string) => {
      const set = this.handlers.get(channel);
      if (set !== undefined) for (const handler of set) handler(message);
    });
    this.subscriber = subscriber;
    return subscriber;
  }
}
