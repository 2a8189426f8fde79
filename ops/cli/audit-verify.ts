/**
 * `npm run audit:verify [-- --from SEQ]`: walks every hash chain of the audit log (DATABASE_URL, or the embedded
 * database in GW_DATA_DIR) and reports the first broken link. Exit 0 when every chain verifies, 1 when one is
 * broken, 2 when the database cannot be reached.
 */
import { Database, describeConnection, EmbeddedPostgres, verifyChain } from '../../db';
import { GatewayError } from '../../engine/model';
import { configFileFromArgv, loadConfig } from '../config';
import { createLogger } from '../log/logger';

async function run(): Promise<number> {
  const result = loadConfig({ configFile: configFileFromArgv(process.argv.slice(2)), env: process.env });
  if (!result.ok) {
    process.stderr.write(`audit:verify: the configuration has problems:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 2;
  }
  const fromArg = process.argv.indexOf('--from');
  const fromSeq = fromArg >= 0 ? BigInt(process.argv[fromArg + 1] ?? '1') : 1n;
  const { database: dbConfig, log } = result.config;
  const logger = createLogger({ level: log.level }).child({ module: 'audit' });
  const embedded = dbConfig.url === undefined ? await EmbeddedPostgres.start({ dataDir: dbConfig.dataDir, maxConnections: 2 }) : null;
  const connectionString = dbConfig.url ?? embedded?.connectionString ?? '';
  const db = new Database({ connectionString, poolSize: 1, logger, label: dbConfig.url === undefined ? `embedded PGlite (${dbConfig.dataDir})` : describeConnection(connectionString) });
  try {
    await db.waitUntilReachable(dbConfig.connectTimeoutMs);
    const exists = await db.query<{ t: string | null }>("SELECT to_regclass('audit_event')::text AS t");
    if (exists.rows[0]?.t === null || exists.rows[0]?.t === undefined) {
      process.stdout.write('{"chains":0,"note":"no audit_event table: the database has not been migrated"}\n');
      return 0;
    }
    const chains = await db.query<{ chain_id: number }>('SELECT DISTINCT chain_id FROM audit_event ORDER BY chain_id');
    let broken = false;
    for (const { chain_id: chainId } of chains.rows) {
      const verdict = await verifyChain(db, chainId, fromSeq);
      broken ||= !verdict.ok;
      process.stdout.write(`${JSON.stringify({ chainId, ...verdict, ...('lastSeq' in verdict ? { lastSeq: verdict.lastSeq.toString() } : {}), ...('brokenAtSeq' in verdict ? { brokenAtSeq: verdict.brokenAtSeq.toString() } : {}) })}\n`);
    }
    if (chains.rows.length === 0) process.stdout.write('{"chains":0}\n');
    return broken ? 1 : 0;
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

run().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`audit:verify: ${e instanceof GatewayError ? `${e.message} [${e.code}]` : e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
