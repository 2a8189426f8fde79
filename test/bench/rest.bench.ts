/**
 * REST order benchmark: `POST /api/v1/orders` with an API key (passport, role and account check, rate limit on the
 * in-process cache, helmet, schema validation), exact conversion, pre-trade risk, matching and the audit journal
 * (each answer waits for its journal commit), driven by autocannon on loopback from a separate process. The load
 * alternates buy and sell orders at one price, so every second order trades.
 *   npx tsx test/bench/rest.bench.ts [durationSec=10] [connections=50]
 * The journal goes to embedded PGlite, or to DATABASE_URL (a fresh schema, dropped afterwards) when it is set. Prints
 * JSON: orders/s, latency, the CPU time per order of this process (the gateway), of the Postgres server and of
 * the driver, and of the latency the part spent waiting for the journal: each order's wait from appending its
 * records to their commit (`durableWaitMs`) and the batches' commits (`journalCommitMs`).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { ApiKeyRepository, Database, EmbeddedPostgres, FirmRepository, JournalWriter, migrate, PostgresJournalStore } from '../../db';
import { MatchingEngine } from '../../engine';
import { defineInstrument } from '../../engine/model';
import { JournalBarrier, OrderPath } from '../../gateway/order-path';
import { newApiKeySecret, orderRoutes, registerRestApi, restConfig, RestOrderDesk } from '../../gateway/rest';
import { InProcessCache } from '../../ops/cache';
import { PreTradeRisk } from '../../risk';
import { quantileOfSorted } from './engine-flow';
import { cpuPerOrder, cpuSampler } from './load/process-cpu';

const run = promisify(execFile);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  /** The driver's own CPU time over the run (ms). */
  driverCpuMs: number;
}

/** The load generator, run in its own node process: autocannon with a buy and a sell body in turn. */
const DRIVER = `
const autocannon = require('autocannon');
const [url, auth, connections, duration] = process.argv.slice(1);
const order = (side) => JSON.stringify({ account: 'BENCH1', symbol: 'ACME', side, type: 'LIMIT', quantity: '1', price: '100.00' });
const cpuAtStart = process.cpuUsage();
autocannon({
  url: url + '/api/v1/orders', connections: Number(connections), duration: Number(duration),
  headers: { authorization: auth, 'content-type': 'application/json' },
  requests: [{ method: 'POST', body: order('BUY') }, { method: 'POST', body: order('SELL') }],
}, (error, result) => {
  if (error) { process.stderr.write(String(error)); process.exit(1); }
  const cpu = process.cpuUsage(cpuAtStart);
  process.stdout.write(JSON.stringify({ ...result, driverCpuMs: (cpu.user + cpu.system) / 1000 }));
});
`;

async function openDatabase(): Promise<{ db: Database; label: string; server: boolean; close: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url !== undefined && url !== '') {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const db = new Database({ connectionString: url, poolSize: 4, schema, logger: quiet, label: 'bench' });
    return { db, label: 'postgres (DATABASE_URL)', server: true, close: async () => {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await db.close();
    } };
  }
  const embedded = await EmbeddedPostgres.start({ dataDir: null, maxConnections: 8 });
  // One connection to PGlite, as the gateway has (EMBEDDED_POOL_SIZE in ops/app.ts).
  const db = new Database({ connectionString: embedded.connectionString, poolSize: 1, logger: quiet, label: 'bench', sharedSession: true });
  return { db, label: 'embedded PGlite', server: false, close: async () => {
    await db.close();
    await embedded.stop();
  } };
}

/** Mean, p50 and p99 of some durations (ms), to 0.01 ms. */
function quantiles(values: readonly number[]): { readonly mean: number | null; readonly p50: number | null; readonly p99: number | null } {
  if (values.length === 0) return { mean: null, p50: null, p99: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => Math.round(quantileOfSorted(sorted, q) * 100) / 100;
  return { mean: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100, p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const durationSec = Number(process.argv[2] ?? 10);
  const connections = Number(process.argv[3] ?? 50);
  const { db, label, server, close } = await openDatabase();
  await migrate(db);
  const firms = new FirmRepository(db);
  await firms.createFirm({ firmId: 'BENCHF', name: 'Bench firm', lei: null });
  await firms.createAccount({ accountId: 'BENCH1', firmId: 'BENCHF', name: 'Bench account' });
  const key = newApiKeySecret();
  await new ApiKeyRepository(db).create({ keyId: key.keyId, label: 'bench', secretHash: key.secretHash, roles: ['trader'], firmId: null, accounts: ['BENCH1'], ipAllowList: [], createdBy: null });

  const nowUs = (): bigint => BigInt(Date.now()) * 1000n;
  const engine = new MatchingEngine([defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' })]);
  const risk = new PreTradeRisk(engine, [{ scope: 'account', id: 'BENCH1', symbol: undefined, limits: { maxOrderQty: '1000' } }]);
  const journal = await JournalWriter.open(new PostgresJournalStore(db), 1, { maxBatchRecords: 500, retryDelayMs: 100 });
  // Each order's wait for its journal commit and each batch's commit, exactly (this process is the gateway).
  const durableWaits: number[] = [];
  const commits: number[] = [];
  journal.observeReleases((waitedMs) => durableWaits.push(waitedMs));
  journal.observeBatches((_records, commitMs) => commits.push(commitMs));
  const orderPath = new OrderPath(engine, risk, new JournalBarrier(journal));
  const desk = new RestOrderDesk({ orderPath, engine, db, nowUs });

  const cache = new InProcessCache('bench:');
  const app = Fastify({ logger: false });
  await registerRestApi(app, { db, cache, logger: quiet, nowMs: Date.now, config: restConfig({ rateLimit: { perApiKey: 10_000_000 } }), routes: [orderRoutes(desk)] });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  // CPU per order of this process (the gateway: HTTP, order path, journal; PGlite's worker too when embedded) and of
  // the Postgres server's processes, read from /proc around the driver's run (see load/process-cpu.ts).
  const sample = cpuSampler(process.pid, server);
  const before = sample();
  try {
    const { stdout } = await run(process.execPath, ['-e', DRIVER, url, `ApiKey ${key.keyId}.${key.secret}`, String(connections), String(durationSec)], { maxBuffer: 64 * 1024 * 1024 });
    const after = sample();
    const result = JSON.parse(stdout) as AutocannonResult;
    const cpu = cpuPerOrder(before, after, result.requests.total);
    await journal.drained();
    const journaled = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_event');
    process.stdout.write(`${JSON.stringify({
      bench: 'rest POST /api/v1/orders (API key auth, roles, rate limit, helmet, risk, matching, journal commit before the answer)',
      database: label,
      node: process.version,
      nodeFlags: process.execArgv.filter((a) => a !== '--import' && a !== 'tsx'),
      cpus: cpus().length,
      connections,
      durationSec,
      ordersPerSec: Math.round(result.requests.average),
      orders: result.requests.total,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      latencyMaxMs: result.latency.max,
      non2xx: result.non2xx,
      errors: result.errors,
      journalRecords: Number(journaled.rows[0]?.n ?? 0),
      cpuUsPerOrder: { gateway: cpu.gatewayUs, postgres: cpu.postgresUs, driver: Math.round((result.driverCpuMs * 1000) / result.requests.total) },
      // Of each order's latency: the wait from appending its records to their commit, and the batches' commits.
      durableWaitMs: quantiles(durableWaits),
      journalCommitMs: { ...quantiles(commits), batches: commits.length },
      goal: '10,000 orders/s with p99 under 10 ms',
    }, null, 2)}\n`);
  } finally {
    await app.close();
    await cache.close();
    await journal.drained().catch(() => undefined);
    await close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
