import type { Database } from '../../db';
import type { RestConfig } from './rest-config';

/** The little of a logger the REST API needs; the ops (winston) logger fits it. */
export interface RestLogger {
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

/** The part of ops' SharedCache the REST API uses (rate-limit windows, revocation broadcasts); SharedCache fits it. */
export interface RestCache {
  readonly kind: 'redis' | 'in-process';
  hit(key: string, windowMs: number): Promise<{ readonly count: number; readonly resetInMs: number }>;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
}

export interface RestDeps {
  readonly db: Database;
  readonly cache: RestCache;
  readonly logger: RestLogger;
  /** Epoch milliseconds; injected so tests can move time (token expiry, lockout, TOTP steps). */
  readonly nowMs: () => number;
  readonly config: RestConfig;
}
