/**
 * REST framework benchmark: an authenticated route (`GET /api/v1/me` with an API key: passport, role check,
 * rate limit on the in-process cache, helmet, serialisation) driven by autocannon on loopback from a separate
 * process. The order route (risk, engine, journal) is not mounted yet; this measures what every route pays.
 *   npx tsx test/bench/rest.bench.ts [durationSec=10] [connections=50]
 */
import { execFile } from 'node:child_process';
import { cpus } from 'node:os';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { ApiKeyRepository, Database, EmbeddedPostgres, migrate } from '../../db';
import { newApiKeySecret, registerRestApi, restConfig } from '../../gateway/rest';
import { InProcessCache } from '../../ops/cache';

const run = promisify(execFile);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}

async function main(): Promise<void> {
  const durationSec = Number(process.argv[2] ?? 10);
  const connections = Number(process.argv[3] ?? 50);
  const embedded = await EmbeddedPostgres.start({ dataDir: null, maxConnections: 8 });
  const db = new Database({ connectionString: embedded.connectionString, poolSize: 4, logger: quiet, label: 'bench' });
  await migrate(db);
  const key = newApiKeySecret();
  await new ApiKeyRepository(db).create({ keyId: key.keyId, label: 'bench', secretHash: key.secretHash, roles: ['trader'], firmId: null, accounts: [], ipAllowList: [], createdBy: null });
  const cache = new InProcessCache('bench:');
  const app = Fastify({ logger: false });
  await registerRestApi(app, { db, cache, logger: quiet, nowMs: Date.now, config: restConfig({ rateLimit: { perApiKey: 10_000_000 } }) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const { stdout } = await run(process.execPath, [
      'node_modules/autocannon/autocannon.js', '-j', '-c', String(connections), '-d', String(durationSec),
      '-H', `authorization=ApiKey ${key.keyId}.${key.secret}`, `${url}/api/v1/me`,
    ], { maxBuffer: 64 * 1024 * 1024 });
    const result = JSON.parse(stdout) as AutocannonResult;
    process.stdout.write(`${JSON.stringify({
      bench: 'rest GET /api/v1/me (API key auth, roles, rate limit, helmet)',
      node: process.version,
      cpus: cpus().length,
      connections,
      durationSec,
      requestsPerSec: Math.round(result.requests.average),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      latencyMaxMs: result.latency.max,
      non2xx: result.non2xx,
      errors: result.errors,
    }, null, 2)}\n`);
  } finally {
    await app.close();
    await cache.close();
    await db.close();
    await embedded.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
