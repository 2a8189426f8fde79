/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database in GW_DATA_DIR. */
import { Database, describeConnection, EmbeddedPostgres, migrate } from '../../db';
import { GatewayError } from '../../engine/model';
import { configFileFromArgv, loadConfig } from '../config';
import { createLogger } from '../log/logger';

async function run(): Promise<number> {
  const result = loadConfig({ configFile: configFileFromArgv(process.argv.slice(2)), env: process.env });
  if (!result.ok) {
    process.stderr.write(`db:migrate: the configuration has problems:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 2;
  }
  const { database: dbConfig, log } = result.config;
  const logger = createLogger({ level: log.level }).child({ module: 'db' });
  const embedded = dbConfig.url === undefined ? await EmbeddedPostgres.start({ dataDir: dbConfig.dataDir, maxConnections: 2 }) : null;
  const connectionString = dbConfig.url ?? embedded?.connectionString ?? '';
  const db = new Database({ connectionString, poolSize: 1, logger, label: dbConfig.url === undefined ? `embedded PGlite (${dbConfig.dataDir})` : describeConnection(connectionString) });
  try {
    await db.waitUntilReachable(dbConfig.connectTimeoutMs);
    const report = await migrate(db);
    process.stdout.write(`db:migrate: schema at version ${report.current}; applied now: ${report.applied.length === 0 ? 'none' : report.applied.join(', ')}\n`);
    return 0;
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

run().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`db:migrate: ${e instanceof GatewayError ? `${e.message} [${e.code}]` : e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
