/**
 * What every operator CLI does around its work: read the config (file and environment), open the database the
 * gateway uses (DATABASE_URL, or the embedded PGlite in GW_DATA_DIR), wait for it, close it after, and turn a
 * thrown error into one line and exit status 2.
 */
import { Database, describeConnection, EmbeddedPostgres } from '../../db';
import { GatewayError } from '../../engine/model';
import { configFileFromArgv, loadConfig, type GatewayConfig } from '../config';
import { createLogger, type Logger } from '../log/logger';

export interface CliContext {
  readonly config: Readonly<GatewayConfig>;
  readonly db: Database;
  readonly logger: Logger;
}

export async function withDatabase(name: string, work: (context: CliContext) => Promise<number>): Promise<number> {
  const result = loadConfig({ configFile: configFileFromArgv(process.argv.slice(2)), env: process.env });
  if (!result.ok) {
    process.stderr.write(`${name}: the configuration has problems:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 2;
  }
  const config = result.config;
  const logger = createLogger({ level: config.log.level }).child({ module: name });
  const dbConfig = config.database;
  const embedded = dbConfig.url === undefined ? await EmbeddedPostgres.start({ dataDir: dbConfig.dataDir, maxConnections: 2 }) : null;
  const connectionString = dbConfig.url ?? embedded?.connectionString ?? '';
  const label = dbConfig.url === undefined ? `embedded PGlite (${dbConfig.dataDir})` : describeConnection(connectionString);
  const db = new Database({ connectionString, poolSize: 1, logger, label });
  try {
    await db.waitUntilReachable(dbConfig.connectTimeoutMs);
    return await work({ config, db, logger });
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

/** Runs a CLI's main and exits with its status; a throw becomes one line on stderr and status 2. */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${name}: ${e instanceof GatewayError ? `${e.message} [${e.code}]` : e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
