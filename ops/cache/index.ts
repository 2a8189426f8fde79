import { InProcessCache } from './in-process-cache';
import { RedisCache } from './redis-cache';
import type { SharedCache } from './shared-cache';

export type { SharedCache, WindowCount, MessageHandler, Unsubscribe } from './shared-cache';
export { InProcessCache, RedisCache };

/** Redis when a URL is configured, the in-process cache otherwise: the only place that decides. */
export function createSharedCache(redisUrl: string | undefined, prefix = 'gw:'): SharedCache {
  return redisUrl === undefined ? new InProcessCache(prefix) : new RedisCache(redisUrl, prefix);
}
