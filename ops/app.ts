import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Database, describeConnection, EmbeddedPostgres, InstrumentRepository, isMigrated, migrate } from '../db';
import { fixSessionRoutes, marketDataRoutes, orderRoutes, portfolioRoutes, registerRestApi, restConfig, RestOrderDesk, riskRoutes, tradeRoutes, type RestConfig } from '../gateway';
import { createSharedCache, type SharedCache } from './cache';
import { SystemClock } from './clock';
import { createFixAcceptor, prepareSessionStores, redeliverMissed, type FixWiring } from './fix-wiring';
import { registerJournalMetrics, registerRecoveryMetrics } from './metrics/journal-metrics';
import { createOrderPath, type OrderWiring } from './order-wiring';
import { startOutboxRelay, type OutboxWiring } from './outbox-wiring';
import { RiskMetrics } from './metrics/risk-metrics';
import { startRiskDesk, type RiskWiring } from './risk-wiring';
import type { GatewayConfig } from './config';
import { OpsError } from './errors';
import { HealthRegistry } from './http/health';
import { createHttpServer } from './http/http-server';
import type { Logger } from './log/logger';
import type { GatewayMetrics } from './metrics/registry';

export interface RunningGateway {
  readonly httpUrl: string;
  /** host:port of the FIX acceptor. */
  readonly fixAddress: string;
  readonly fix: FixWiring;
  readonly database: Database;
  readonly cache: SharedCache;
  readonly http: FastifyInstance;
  /** Stops accepting, drains, closes the database and the embedded engine. */
  stop(): Promise<void>;
}

interface Opened {
  fix?: FixWiring;
  orders?: OrderWiring;
  risk?: RiskWiring;
  outbox?: OutboxWiring;
  embedded?: EmbeddedPostgres;
  database?: Database;
  cache?: SharedCache;
  http?: FastifyInstance;
}

async function closeAll(opened: Opened): Promise<void> {
  opened.risk?.stop();
  opened.orders?.stop();
  await opened.fix?.acceptor.close().catch(() => undefined);
  await opened.orders?.journal.drained().catch(() => undefined);
  // After the last commit, before the database closes: the batch in flight finishes and its position is stored.
  await opened.outbox?.stop();
  await opened.http?.close().catch(() => undefined);
  await opened.cache?.close().catch(() => undefined);
  await opened.database?.close().catch(() => undefined);
  await opened.embedded?.stop().catch(() => undefined);
}

/**
 * One connection to embedded PGlite: it has one backend session, which its socket server shares between
 * connections message by message, so the extended-protocol messages (Parse, Bind, Execute) of two connections can
 * interleave ("unnamed prepared statement does not exist", rows answered to the wrong query). PGlite runs one
 * statement at a time anyway, so one connection costs no parallelism.
 */
const EMBEDDED_POOL_SIZE = 1;

async function openDatabase(config: Readonly<GatewayConfig>, logger: Logger, metrics: GatewayMetrics, opened: Opened): Promise<Database> {
  const dbLogger = logger.child({ module: 'db' });
  let connectionString = config.database.url;
  let label: string;
  if (connectionString === undefined) {
    const dataDir = resolve(config.database.dataDir);
    dbLogger.info('starting embedded Postgres (PGlite) in a worker thread', { dataDir });
    opened.embedded = await EmbeddedPostgres.start({ dataDir, maxConnections: config.database.poolSize + 2 });
    connectionString = opened.embedded.connectionString;
    label = `embedded PGlite (${dataDir})`;
  } else {
    label = describeConnection(connectionString);
  }
  const database = new Database({
    connectionString,
    poolSize: opened.embedded === undefined ? config.database.poolSize : EMBEDDED_POOL_SIZE,
    logger: dbLogger,
    label,
    onStatus: (up) => metrics.dbUp.set(up ? 1 : 0),
    onConnectionError: () => metrics.dbReconnects.inc(),
    sharedSession: opened.embedded !== undefined,
  });
  opened.database = database;
  await database.waitUntilReachable(config.database.connectTimeoutMs, () => metrics.dbConnectAttempts.inc());
  const report = await migrate(database);
  dbLogger.info('database migrated', { database: label, applied: report.applied, version: report.current });
  const instruments = new InstrumentRepository(database);
  for (const instrument of config.instruments) {
    await instruments.upsert({ ...instrument, isin: instrument.isin ?? null });
  }
  return database;
}

function healthChecks(database: Database, cache: SharedCache, redisConfigured: boolean): HealthRegistry {
  const health = new HealthRegistry();
  health.add({
    name: 'database',
    requiredForReady: true,
    async check() {
      const up = await database.ping();
      const migrated = up && (await isMigrated(database));
      const status = database.status();
      return {
        status: up && migrated ? 'up' : 'down',
        detail: { database: status.label, reachable: up, migrated, lastError: status.lastError },
      };
    },
  });
  health.add({
    name: 'cache',
    requiredForReady: redisConfigured,
    async check() {
      return { status: (await cache.ping()) ? 'up' : 'down', detail: { kind: cache.kind } };
    },
  });
  return health;
}

async function listen(http: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    return await http.listen({ host, port });
  } catch (e: unknown) {
    const code = e instanceof Error && 'code' in e ? e.code : undefined;
    if (code === 'EADDRINUSE') {
      throw new OpsError('GW_ERR_OPS_PORT_IN_USE', `HTTP port ${port} on ${host} is already in use; stop the process that holds it or set GW_HTTP_PORT to a free port`, { cause: e });
    }
    throw new OpsError('GW_ERR_OPS_LISTEN_FAILED', `cannot listen on ${host}:${port}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function restConfigOf(config: Readonly<GatewayConfig>): RestConfig {
  const rest = config.rest;
  const keys =
    rest.jwtPrivateKeyFile !== undefined && rest.jwtPublicKeyFile !== undefined
      ? { privateKeyPem: readFileSync(rest.jwtPrivateKeyFile, 'utf8'), publicKeyPem: readFileSync(rest.jwtPublicKeyFile, 'utf8') }
      : null;
  return restConfig({
    corsOrigins: rest.corsOrigins,
    accessTokenTtlMs: rest.accessTokenTtlSec * 1000,
    jwtKeys: keys,
    rateLimit: { perApiKey: rest.rateLimitPerApiKey, perUser: rest.rateLimitPerUser, perIpUnauthenticated: rest.rateLimitPerIpUnauthenticated },
  });
}

async function listenFix(fix: FixWiring, host: string, port: number): Promise<string> {
  try {
    const address = await fix.acceptor.listen();
    return address.tlsPort === null ? `${address.host}:${address.port}` : `${address.host}:${address.port} (TLS ${address.tlsPort})`;
  } catch (e: unknown) {
    const code = e instanceof Error && 'code' in e ? e.code : undefined;
    if (code === 'EADDRINUSE') {
      throw new OpsError('GW_ERR_OPS_PORT_IN_USE', `FIX port ${port} on ${host} is already in use; stop the process that holds it or set GW_FIX_PORT to a free port`, { cause: e });
    }
    throw new OpsError('GW_ERR_OPS_LISTEN_FAILED', `cannot listen for FIX on ${host}:${port}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** The composition root: opens the parts in order and closes whatever was opened if a later step fails. */
export async function startGateway(config: Readonly<GatewayConfig>, logger: Logger, metrics: GatewayMetrics): Promise<RunningGateway> {
  const opened: Opened = {};
  try {
    const database = await openDatabase(config, logger, metrics, opened);
    const cache = createSharedCache(config.redis.url);
    opened.cache = cache;
    const health = healthChecks(database, cache, config.redis.url !== undefined);
    const http = createHttpServer({ bodyLimitBytes: config.http.bodyLimitBytes, health, metrics });
    opened.http = http;
    const clock = new SystemClock();
    let riskMetrics: RiskMetrics | undefined;
    const orders = await createOrderPath(config, database, clock, logger, (alert) => riskMetrics?.alert(alert));
    opened.orders = orders;
    // While the journal is not committing, /ready says so and new orders are refused (JournalWriter.admission).
    health.add({
      name: 'journal',
      requiredForReady: true,
      async check() {
        const refusal = orders.journal.admission();
        return { status: refusal === null ? 'up' : 'down', detail: { backlog: orders.journal.backlog, committedSeq: String(orders.journal.committed), ...(refusal === null ? {} : { refusing: refusal }) } };
      },
    });
    registerJournalMetrics(metrics.registry, orders.journal);
    registerRecoveryMetrics(metrics.registry, orders.recovery);
    const risk = await startRiskDesk(config, database, orders, clock, logger);
    opened.risk = risk;
    // After recovery: the relay reads only committed rows, from its stored position (events of before too).
    const outbox = startOutboxRelay(config, database, orders, logger, metrics);
    if (outbox !== null) opened.outbox = outbox;
    riskMetrics = new RiskMetrics(metrics.registry, () => risk.desk.usage());
    await prepareSessionStores(config, database, orders.journaledEventSeq, logger.child({ module: 'fix' }));
    const fix = createFixAcceptor(config, { database, clock, logger, metrics, orderEntry: orders.orderEntry, orderPath: orders.orderPath });
    opened.fix = fix;
    // Reports a kill left only in the journal are stored for their sessions before any Logon.
    await redeliverMissed(fix, orders.recentEvents, logger.child({ module: 'fix' }));
    // REST orders recovered from the journal: GET /orders lists them as before the restart, and follows them.
    const restOrders = new RestOrderDesk({ orderPath: orders.orderPath, engine: orders.engine, db: database, nowUs: () => clock.nowUs(), recovered: orders.restOrders });
    // Orders that expired while the gateway was down go now that the FIX sessions and REST sources are attached.
    orders.startExpiry();
    await registerRestApi(http, {
      db: database,
      cache,
      logger: logger.child({ module: 'rest' }),
      nowMs: Date.now,
      config: restConfigOf(config),
      routes: [fixSessionRoutes(fix.directory), riskRoutes(risk.desk), tradeRoutes(orders.orderPath, () => clock.nowUs()), orderRoutes(restOrders), marketDataRoutes(orders.marketData), portfolioRoutes({ risk: orders.risk, instrument: (s) => orders.engine.instrument(s) })],
    });
    const fixAddress = await listenFix(fix, config.fix.host, config.fix.port);
    const httpUrl = await listen(http, config.http.host, config.http.port);
    database.startMonitor();
    metrics.startTime.set(Math.floor(Date.now() / 1000));
    return {
      httpUrl,
      fixAddress,
      fix,
      database,
      cache,
      http,
      stop: () => closeAll(opened),
    };
  } catch (e: unknown) {
    await closeAll(opened);
    throw e;
  }
}
