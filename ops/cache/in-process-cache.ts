import type { MessageHandler, SharedCache, Unsubscribe, WindowCount } from './shared-cache';

interface Window {
  count: number;
  resetAtMs: number;
}

const SWEEP_EVERY_HITS = 10_000;

/** The embedded default: counters and pub/sub inside this process. `nowMs` is injectable for tests. */
export class InProcessCache implements SharedCache {
  readonly kind = 'in-process';
  private readonly windows = new Map<string, Window>();
  private readonly channels = new Map<string, Set<MessageHandler>>();
  private hitsSinceSweep = 0;

  constructor(private readonly prefix = '', private readonly nowMs: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.nowMs();
    const fullKey = this.prefix + key;
    let window = this.windows.get(fullKey);
    if (window === undefined || window.resetAtMs <= now) {
      window = { count: 0, resetAtMs: now + windowMs };
      this.windows.set(fullKey, window);
    }
    window.count += 1;
    this.hitsSinceSweep += 1;
    if (this.hitsSinceSweep >= SWEEP_EVERY_HITS) this.sweep(now);
    return { count: window.count, resetInMs: window.resetAtMs - now };
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(this.prefix + key);
  }

  async publish(channel: string, message: string): Promise<void> {
    const handlers = this.channels.get(this.prefix + channel);
    if (handlers === undefined) return;
    // Delivered on a later tick, as Redis would, so a publisher never runs subscribers inside its own call.
    for (const handler of handlers) queueMicrotask(() => handler(message));
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    const fullChannel = this.prefix + channel;
    let handlers = this.channels.get(fullChannel);
    if (handlers === undefined) {
      handlers = new Set();
      this.channels.set(fullChannel, handlers);
    }
    handlers.add(handler);
    return async () => {
      handlers.delete(handler);
      if (handlers.size === 0) this.channels.delete(fullChannel);
    };
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.windows.clear();
    this.channels.clear();
  }

  /** Expired windows are dropped now and then, so idle keys do not grow the map without bound. */
  private sweep(now: number): void {
    this.hitsSinceSweep = 0;
    for (const [key, window] of this.windows) if (window.resetAtMs <= now) this.windows.delete(key);
  }
}
