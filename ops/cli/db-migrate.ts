/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database in GW_DATA_DIR. */
import { migrate } from '../../db';
import { runCli, withDatabase } from './cli-database';

runCli('db:migrate', () =>
  withDatabase('db:migrate', async ({ db }) => {
    const report = await migrate(db);
    process.stdout.write(`db:migrate: schema at version ${report.current}; applied now: ${report.applied.length === 0 ? 'none' : report.applied.join(', ')}\n`);
    return 0;
  }),
);
