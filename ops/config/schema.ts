import { z } from 'zod';

/** Defaults, named once: the README's configuration table is written from these. */
export const DEFAULT_HTTP_PORT = 8080;
export const DEFAULT_HTTP_HOST = '0.0.0.0';
export const DEFAULT_HTTP_BODY_LIMIT_BYTES = 1_048_576;
export const DEFAULT_FIX_PORT = 9878;
export const DEFAULT_FIX_HOST = '0.0.0.0';
export const DEFAULT_FIX_MAX_MESSAGE_BYTES = 65_536;
export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_DB_CONNECT_TIMEOUT_MS = 30_000;
export const DEFAULT_DB_POOL_SIZE = 10;
export const DEFAULT_LOG_LEVEL = 'info';
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

const port = z.number().int().min(0).max(65_535);
const logLevel = z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']);

/** An exact decimal string such as "0.01" or "1": money never passes through a float. */
const decimalString = z.string().regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'must be a decimal string such as "0.01"');

export const instrumentSchema = z.strictObject({
  symbol: z.string().min(1).max(32),
  isin: z.string().regex(/^[A-Z]{2}[A-Z0-9]{9}\d$/, 'must be a 12-character ISIN').optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"'),
  tickSize: decimalString,
  lotSize: decimalString,
  tradingStatus: z.enum(['open', 'halted', 'closed']).default('open'),
});

export const configSchema = z.strictObject({
  http: z
    .strictObject({
      host: z.string().default(DEFAULT_HTTP_HOST),
      port: port.default(DEFAULT_HTTP_PORT),
      bodyLimitBytes: z.number().int().positive().default(DEFAULT_HTTP_BODY_LIMIT_BYTES),
    })
    .prefault({}),
  fix: z
    .strictObject({
      host: z.string().default(DEFAULT_FIX_HOST),
      port: port.default(DEFAULT_FIX_PORT),
      maxMessageBytes: z.number().int().min(256).default(DEFAULT_FIX_MAX_MESSAGE_BYTES),
    })
    .prefault({}),
  database: z
    .strictObject({
      url: z.string().url('must be a postgres:// URL').optional(),
      dataDir: z.string().min(1).default(DEFAULT_DATA_DIR),
      connectTimeoutMs: z.number().int().positive().default(DEFAULT_DB_CONNECT_TIMEOUT_MS),
      poolSize: z.number().int().min(1).max(100).default(DEFAULT_DB_POOL_SIZE),
    })
    .prefault({}),
  redis: z.strictObject({ url: z.string().url('must be a redis:// URL').optional() }).prefault({}),
  kafka: z.strictObject({ brokers: z.array(z.string().min(1)).optional() }).prefault({}),
  log: z.strictObject({ level: logLevel.default(DEFAULT_LOG_LEVEL) }).prefault({}),
  shutdown: z.strictObject({ timeoutMs: z.number().int().positive().default(DEFAULT_SHUTDOWN_TIMEOUT_MS) }).prefault({}),
  instruments: z.array(instrumentSchema).default([]),
});

export type GatewayConfig = z.infer<typeof configSchema>;
export type InstrumentConfig = z.infer<typeof instrumentSchema>;
