/**
 * `npm run audit:verify [-- --from SEQ]`: walks every hash chain of the audit log (DATABASE_URL, or the embedded
 * database in GW_DATA_DIR) and reports the first broken link. Exit 0 when every chain verifies, 1 when one is
 * broken, 2 when the database cannot be reached.
 */
import { verifyChain } from '../../db';
import { runCli, withDatabase } from './cli-database';

async function run(): Promise<number> {
  const fromArg = process.argv.indexOf('--from');
  const fromSeq = fromArg >= 0 ? BigInt(process.argv[fromArg + 1] ?? '1') : 1n;
  return withDatabase('audit:verify', async ({ db }) => {
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
      const printable = verdict.ok ? { ...verdict, lastSeq: verdict.lastSeq.toString() } : { ...verdict, brokenAtSeq: verdict.brokenAtSeq.toString() };
      process.stdout.write(`${JSON.stringify({ chainId, ...printable })}\n`);
    }
    if (chains.rows.length === 0) process.stdout.write('{"chains":0}\n');
    return broken ? 1 : 0;
  });
}

runCli('audit:verify', run);
