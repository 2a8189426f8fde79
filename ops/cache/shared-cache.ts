/**
 * What the gateway shares across processes when it runs as several: rate-limit counters and pub/sub (WebSocket
 * fan-out, kill-switch broadcasts). Redis when REDIS_URL is set; in process otherwise. Both pass one test suite.
 */
export interface WindowCount {
  /** Hits in the current window, this one included. */
  readonly count: number;
  /** Milliseconds until the window resets. */
  readonly resetInMs: number;
}

export type MessageHandler = (message: string) => void;
export type Unsubscribe = () => Promise<void>;

export interface SharedCache {
  readonly kind: 'redis' | 'in-process';
  /** Counts one hit on `key` in a fixed window of `windowMs` that starts at the key's first hit. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** Deletes a counter (a limit reset by an operator). */
  reset(key: string): Promise<void>;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
