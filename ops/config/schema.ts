import { z } from 'zod';
import { DEFAULT_MAX_BACKLOG_RECORDS, DEFAULT_REFUSE_AFTER_MS } from '../../db';

/** Defaults, named once: the README's configuration table is written from these. */
export const DEFAULT_HTTP_PORT = 8080;
export const DEFAULT_HTTP_HOST = '0.0.0.0';
export const DEFAULT_HTTP_BODY_LIMIT_BYTES = 1_048_576;
export const DEFAULT_FIX_PORT = 9878;
export const DEFAULT_FIX_HOST = '0.0.0.0';
export const DEFAULT_FIX_TLS_PORT = 9879;
export const DEFAULT_FIX_MAX_MESSAGE_BYTES = 65_536;
export const DEFAULT_FIX_MAX_CONNECTIONS = 1_000;
export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_DB_CONNECT_TIMEOUT_MS = 30_000;
export const DEFAULT_DB_POOL_SIZE = 10;
export const DEFAULT_LOG_LEVEL = 'info';
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
export const DEFAULT_KAFKA_TOPIC = 'gateway.order-events';
export const DEFAULT_KAFKA_CLIENT_ID = 'fix-gateway';
export const DEFAULT_KAFKA_POLL_INTERVAL_MS = 50;
export const DEFAULT_KAFKA_BATCH_SIZE = 500;

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

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/, 'must be a time of day "HH:MM:SS"');
const compId = z.string().regex(/^[\x21-\x7e]{1,64}$/, 'must be 1-64 printable characters without spaces');

export const DEFAULT_SESSION_MAX_LATENCY_SEC = 120;
export const DEFAULT_LOGON_TIMEOUT_SEC = 10;
export const DEFAULT_LOGOUT_TIMEOUT_SEC = 10;
export const DEFAULT_RISK_REFRESH_MS = 1_000;
export const DEFAULT_RISK_ALERT_FRACTION = 0.8;
export const DEFAULT_RISK_ALERT_SCAN_MS = 1_000;

export const fixSessionSchema = z
  .strictObject({
    beginString: z.enum(['FIX.4.2', 'FIX.4.4', 'FIXT.1.1']),
    defaultApplVerId: z.enum(['FIX.5.0SP2']).optional(),
    senderCompId: compId,
    targetCompId: compId,
    role: z.enum(['order-entry', 'drop-copy', 'market-data']),
    heartbeatSec: z
      .strictObject({ min: z.number().int().min(1), max: z.number().int().min(1).max(3600) })
      .refine((r) => r.min <= r.max, 'min must not exceed max')
      .optional(),
    resetOnLogon: z.boolean().default(false),
    store: z.enum(['database', 'memory']).default('database'),
    maxLatencySec: z.number().int().min(1).default(DEFAULT_SESSION_MAX_LATENCY_SEC),
    timestampPrecision: z.enum(['ms', 'us']).default('ms'),
    dictionary: z.string().min(1).optional(),
    credentials: z
      .strictObject({
        username: z.string().min(1),
        passwordHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'must be a scrypt hash from npm run fix:hash-password'),
      })
      .optional(),
    schedule: z
      .strictObject({
        start: timeOfDay,
        end: timeOfDay,
        timeZone: z.string().refine((tz) => {
          try {
            new Intl.DateTimeFormat('en-GB', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        }, 'must be an IANA time zone such as "Europe/London"'),
        weekdays: z.array(z.number().int().min(0).max(6)).min(1).optional(),
      })
      .optional(),
    tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
    cancelOnDisconnect: z.boolean().default(false),
    account: z.string().min(1).optional(),
    firm: z.string().min(1).optional(),
    logonTimeoutSec: z.number().int().min(1).default(DEFAULT_LOGON_TIMEOUT_SEC),
    logoutTimeoutSec: z.number().int().min(1).default(DEFAULT_LOGOUT_TIMEOUT_SEC),
    allowUserDefinedFields: z.boolean().default(false),
    overlapCommits: z.boolean().default(false),
    dayOrderEnd: z.enum(['expired', 'done-for-day']).default('expired'),
  })
  .refine((s) => s.beginString !== 'FIXT.1.1' || s.defaultApplVerId !== undefined, {
    message: 'FIXT.1.1 sessions need defaultApplVerId (e.g. FIX.5.0SP2)',
    path: ['defaultApplVerId'],
  });

const positiveNumber = z.number().positive();
const positiveInt = z.number().int().positive();
const symbolList = z.array(z.string().min(1)).max(10_000);

/** One level's limits, as risk's RiskLimits; ranges are risk's own (limitProblems), checked again when applied. */
export const riskLimitSchema = z.strictObject({
  scope: z.enum(['global', 'firm', 'account', 'session']),
  id: z.string().min(1),
  /** These limits apply to one instrument only (with the level's general ones). */
  symbol: z.string().min(1).optional(),
  maxOrderQty: decimalString.optional(),
  maxOrderNotional: decimalString.optional(),
  priceCollarPercent: positiveNumber.max(100).optional(),
  priceCollarTicks: positiveInt.optional(),
  collarReference: z.enum(['last', 'mid', 'external']).optional(),
  maxLongQty: decimalString.optional(),
  maxShortQty: decimalString.optional(),
  maxNetPositionValue: decimalString.optional(),
  maxGrossPositionValue: decimalString.optional(),
  creditLimit: decimalString.optional(),
  maxDailyLoss: decimalString.optional(),
  maxOpenOrders: positiveInt.optional(),
  maxMessagesPerSecond: positiveInt.optional(),
  throttleMode: z.enum(['reject', 'queue']).optional(),
  maxQueueDelayMs: positiveInt.optional(),
  maxOrderToTradeRatio: positiveNumber.optional(),
  orderToTradeMinMessages: positiveInt.optional(),
  duplicateMaxRepeats: positiveInt.max(63).optional(),
  duplicateWindowMs: positiveInt.optional(),
  referenceMaxAgeMs: positiveInt.optional(),
  restrictedSymbols: symbolList.optional(),
  permittedSymbols: symbolList.optional(),
  cancelOnDisconnect: z.boolean().optional(),
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
      tlsPort: port.default(DEFAULT_FIX_TLS_PORT),
      maxMessageBytes: z.number().int().min(256).default(DEFAULT_FIX_MAX_MESSAGE_BYTES),
      maxConnections: z.number().int().min(1).default(DEFAULT_FIX_MAX_CONNECTIONS),
      sessions: z
        .array(fixSessionSchema)
        .default([])
        .refine((list) => new Set(list.map((s) => `${s.beginString}:${s.senderCompId}->${s.targetCompId}`)).size === list.length, 'two sessions share one identity (beginString, senderCompId, targetCompId)'),
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
  rest: z
    .strictObject({
      corsOrigins: z.array(z.string().url('must be an origin such as https://desk.example.com')).default([]),
      accessTokenTtlSec: z.number().int().min(30).max(86_400).default(900),
      jwtPrivateKeyFile: z.string().min(1).optional(),
      jwtPublicKeyFile: z.string().min(1).optional(),
      rateLimitPerApiKey: z.number().int().positive().default(200),
      rateLimitPerUser: z.number().int().positive().default(50),
      rateLimitPerIpUnauthenticated: z.number().int().positive().default(20),
    })
    .refine((r) => (r.jwtPrivateKeyFile === undefined) === (r.jwtPublicKeyFile === undefined), 'give both jwtPrivateKeyFile and jwtPublicKeyFile, or neither')
    .prefault({}),
  redis: z.strictObject({ url: z.string().url('must be a redis:// URL').optional() }).prefault({}),
  kafka: z
    .strictObject({
      /** host:port of the brokers; none: the relay is off and events stay in the journal (the outbox). */
      brokers: z.array(z.string().min(1)).default([]),
      topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'must be a Kafka topic name (letters, digits, ".", "_", "-")').default(DEFAULT_KAFKA_TOPIC),
      clientId: z.string().min(1).default(DEFAULT_KAFKA_CLIENT_ID),
      /** How often the relay looks at the journal when no commit nudges it. */
      pollIntervalMs: z.number().int().min(1).max(60_000).default(DEFAULT_KAFKA_POLL_INTERVAL_MS),
      /** Journal rows per batch, and messages per Kafka request, at most. */
      batchSize: z.number().int().min(1).max(10_000).default(DEFAULT_KAFKA_BATCH_SIZE),
    })
    .prefault({}),
  log: z.strictObject({ level: logLevel.default(DEFAULT_LOG_LEVEL) }).prefault({}),
  journal: z
    .strictObject({
      /** New orders and replaces are refused once the oldest record not yet committed has waited this long. */
      refuseAfterMs: z.number().int().min(100).max(600_000).default(DEFAULT_REFUSE_AFTER_MS),
      /** ... or once this many records wait for their commit. */
      maxBacklogRecords: z.number().int().min(1_000).max(10_000_000).default(DEFAULT_MAX_BACKLOG_RECORDS),
    })
    .prefault({}),
  shutdown: z.strictObject({ timeoutMs: z.number().int().positive().default(DEFAULT_SHUTDOWN_TIMEOUT_MS) }).prefault({}),
  instruments: z.array(instrumentSchema).default([]),
  risk: z
    .strictObject({
      limits: z.array(riskLimitSchema).default([]),
      /** How often stored limit changes and kill switches made elsewhere (the CLI) are picked up. */
      refreshMs: z.number().int().min(100).max(60_000).default(DEFAULT_RISK_REFRESH_MS),
      /** Usage at or above this fraction of a limit raises an alert (log and gw_risk_alerts_total). */
      alertFraction: z.number().gt(0).max(1).default(DEFAULT_RISK_ALERT_FRACTION),
      /** How often usage is scanned for alerts (RTS 6 Art. 16 asks for alerts within 5 seconds). */
      alertScanMs: z.number().int().min(100).max(5_000).default(DEFAULT_RISK_ALERT_SCAN_MS),
    })
    .prefault({}),
});

export type GatewayConfig = z.infer<typeof configSchema>;
export type InstrumentConfig = z.infer<typeof instrumentSchema>;
export type FixSessionConfigInput = z.infer<typeof fixSessionSchema>;
