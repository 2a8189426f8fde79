import type { RestCache } from './rest-deps';

type IncrCallback = (error: Error | null, result: { current: number; ttl: number }) => void;

/**
 * A store for @fastify/rate-limit on the gateway's shared cache: fixed windows counted in Redis when REDIS_URL is
 * set (shared by every process), in process otherwise.
 */
export function sharedCacheRateLimitStore(cache: RestCache, prefix: string) {
  return class SharedCacheRateLimitStore {
    incr(key: string, callback: IncrCallback, timeWindowMs: number): void {
      cache.hit(`${prefix}${key}`, timeWindowMs).then(
        (window) => callback(null, { current: window.count, ttl: window.resetInMs }),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e)), { current: 0, ttl: 0 }),
      );
    }

    child(): SharedCacheRateLimitStore {
      return new SharedCacheRateLimitStore();
    }
  };
}
