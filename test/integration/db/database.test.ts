import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { Database, DbError, InstrumentRepository, isMigrated, migrate, readMigrations } from '../../../db';
import { databaseBackends, openIsolated, quietLogger } from '../../support/databases';
import { tempDir } from '../../support/temp-dir';

function migrationDir(files: Record<string, string>): string {
  const dir = tempDir('gw-mig-');
  mkdirSync(dir, { recursive: true });
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

for (const backend of databaseBackends()) {
  describe(`db on ${backend.name}`, function () {
    this.timeout(60_000);

    it('applies the migrations in order, once, and reports the schema ready', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        expect(await isMigrated(db)).to.equal(false);
        const first = await migrate(db);
        expect(first.applied).to.deep.equal(readMigrations().map((m) => m.version));
        const second = await migrate(db);
        expect(second.applied).to.deep.equal([]);
        expect(second.current).to.equal(first.current);
        expect(await isMigrated(db)).to.equal(true);
        const rows = await db.query<{ version: number }>('SELECT version FROM schema_migration ORDER BY version');
        expect(rows.rows.map((r) => r.version)).to.deep.equal(first.applied);
      } finally {
        await drop();
      }
    });

    it('runs migrations by version order and refuses one edited after it ran', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        const dir = migrationDir({ '0002_b.sql': 'INSERT INTO t VALUES (2);', '0001_a.sql': 'CREATE TABLE t (v int);' });
        await migrate(db, readMigrations(dir));
        const values = await db.query<{ v: number }>('SELECT v FROM t');
        expect(values.rows.map((r) => r.v)).to.deep.equal([2]);
        writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE t (v bigint);');
        const error = await migrate(db, readMigrations(dir)).then(() => null, (e: unknown) => e);
        expect(error).to.be.instanceOf(DbError);
        expect((error as DbError).code).to.equal('GW_ERR_DB_MIGRATION_CHANGED');
      } finally {
        await drop();
      }
    });

    it('rolls back a failing migration whole, leaving nothing half-applied', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        const dir = migrationDir({ '0001_a.sql': 'CREATE TABLE ok_table (v int);', '0002_b.sql': 'CREATE TABLE broken (v nonexistent_type);' });
        const error = await migrate(db, readMigrations(dir)).then(() => null, (e: unknown) => e);
        expect((error as DbError).code).to.equal('GW_ERR_DB_MIGRATION_FAILED');
        const tables = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'ok_table'`, [db.schema]);
        expect(tables.rowCount).to.equal(0);
      } finally {
        await drop();
      }
    });

    it('keeps instrument sizes as exact decimals through the repository', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        const repo = new InstrumentRepository(db);
        await repo.upsert({ symbol: 'ACME', isin: 'US0000000001', currency: 'USD', tickSize: '0.0001', lotSize: '100', tradingStatus: 'open' });
        await repo.upsert({ symbol: 'ACME', isin: 'US0000000001', currency: 'USD', tickSize: '0.0005', lotSize: '100', tradingStatus: 'halted' });
        expect(await repo.get('ACME')).to.deep.equal({ symbol: 'ACME', isin: 'US0000000001', currency: 'USD', tickSize: '0.0005', lotSize: '100', tradingStatus: 'halted' });
        expect(await repo.get('NONE')).to.equal(null);
        expect((await repo.list()).map((i) => i.symbol)).to.deep.equal(['ACME']);
      } finally {
        await drop();
      }
    });

    it('commits or rolls back a transaction as one', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        await db.query('CREATE TABLE IF NOT EXISTS tx_probe (v int)');
        await db.transaction(async (c) => {
          await c.query('INSERT INTO tx_probe VALUES (1)');
        });
        const failed = await db
          .transaction(async (c) => {
            await c.query('INSERT INTO tx_probe VALUES (2)');
            throw new Error('abort');
          })
          .then(() => null, (e: unknown) => e);
        expect(failed).to.be.instanceOf(Error);
        const rows = await db.query<{ v: number }>('SELECT v FROM tx_probe ORDER BY v');
        expect(rows.rows.map((r) => r.v)).to.deep.equal([1]);
      } finally {
        await drop();
      }
    });

    it('prepares a named statement once per connection, planned once (generic); on PGlite under a name of the connection\'s own', async () => {
      const { db, drop } = await openIsolated(backend, 1);
      try {
        const first = await db.query<{ x: number }>('SELECT $1::int + 1 AS x', [41], 'gw_test_probe');
        const second = await db.query<{ x: number }>('SELECT $1::int + 1 AS x', [1], 'gw_test_probe');
        expect([first.rows[0]?.x, second.rows[0]?.x]).to.deep.equal([42, 2]);
        // Asked through a named statement too, so on the same (statement) connection as the probe.
        const seen = await db.query<{ names: string[]; mode: string }>(
          "SELECT coalesce(array_agg(name::text), '{}') AS names, current_setting('plan_cache_mode') AS mode FROM pg_prepared_statements WHERE name LIKE 'gw\\_test\\_probe%'",
          [],
          'gw_test_inspect',
        );
        const names = seen.rows[0]?.names ?? [];
        expect(names).to.have.length(1);
        // A shared session (PGlite) holds the statements of every connection: each prepares under its own suffix.
        expect(names[0]).to.match(backend.name === 'postgres' ? /^gw_test_probe$/ : /^gw_test_probe_c\d+$/);
        // A named statement is planned once, when prepared, rather than re-planned at each execution.
        expect(seen.rows[0]?.mode).to.equal('force_generic_plan');
        // The main pool keeps custom plans on a server; on PGlite the setting is the shared session's.
        const plain = await db.query<{ mode: string }>("SELECT current_setting('plan_cache_mode') AS mode");
        expect(plain.rows[0]?.mode).to.equal(backend.name === 'postgres' ? 'auto' : 'force_generic_plan');
      } finally {
        await drop();
      }
    });
  });
}

describe('db connection faults', function () {
  this.timeout(30_000);

  it('gives up on an unreachable database after the bounded wait, with one attempt logged per try', async () => {
    const warnings: unknown[] = [];
    const logger = { ...quietLogger, warn: (_m: string, meta?: Record<string, unknown>) => warnings.push(meta) };
    const db = new Database({ connectionString: 'postgres://postgres@127.0.0.1:1/none', poolSize: 1, logger, label: '127.0.0.1:1' });
    try {
      let attempts = 0;
      const error = await db.waitUntilReachable(800, () => (attempts += 1)).then(() => null, (e: unknown) => e);
      expect(error).to.be.instanceOf(DbError);
      expect((error as DbError).code).to.equal('GW_ERR_DB_UNREACHABLE');
      expect((error as DbError).message).to.match(/unreachable after 800 ms.*check DATABASE_URL/);
      expect(attempts).to.be.at.least(2);
      expect(warnings.length).to.equal(attempts);
      expect(db.status().up).to.equal(false);
    } finally {
      await db.close();
    }
  });

  const serverUrl = process.env.DATABASE_URL;
  (serverUrl ? it : it.skip)('survives the server dropping its connections, reports it, and recovers (needs DATABASE_URL)', async () => {
    const url = serverUrl ?? '';
    const appName = `gw_fault_${process.pid}_${Date.now()}`;
    const statuses: boolean[] = [];
    let connectionErrors = 0;
    const db = new Database({
      connectionString: `${url}${url.includes('?') ? '&' : '?'}application_name=${appName}`,
      poolSize: 3,
      logger: quietLogger,
      label: 'server',
      onStatus: (up) => statuses.push(up),
      onConnectionError: () => (connectionErrors += 1),
    });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await db.waitUntilReachable(5_000);
      await Promise.all([db.query('SELECT 1'), db.query('SELECT 1'), db.query('SELECT 1')]);
      const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [appName]);
      expect(killed.rowCount).to.be.at.least(1);
      const deadline = Date.now() + 5_000;
      while (connectionErrors === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(connectionErrors).to.be.at.least(1);
      expect(statuses).to.include(false);
      expect(db.status().up).to.equal(false);
      // The monitor retries with back-off; the pool replaces the broken connections and the status comes back.
      while (!db.status().up && Date.now() < deadline + 5_000) await new Promise((r) => setTimeout(r, 50));
      expect(db.status().up).to.equal(true);
      expect(statuses[statuses.length - 1]).to.equal(true);
      const rows = await Promise.all([1, 2, 3].map((n) => db.query<{ n: number }>('SELECT $1::int AS n', [n])));
      expect(rows.map((r) => r.rows[0]?.n)).to.deep.equal([1, 2, 3]);
    } finally {
      await admin.end();
      await db.close();
    }
  });
});
