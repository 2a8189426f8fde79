import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';
import { DbError } from './errors';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Any 64-bit constant: serialises migrators that start at once (two processes, or a CLI beside a gateway). */
const MIGRATION_LOCK_KEY = 7_361_420_117;

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The migration files, in version order. Versions must be unique and the names must match NNNN_name.sql. */
export function readMigrations(dir: string = MIGRATIONS_DIR): readonly Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = MIGRATION_FILE.exec(file);
    if (match === null) throw new DbError('GW_ERR_DB_MIGRATION_FAILED', `migration file ${file} must be named NNNN_snake_name.sql`);
    const sql = readFileSync(`${dir}/${file}`, 'utf8');
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new DbError('GW_ERR_DB_MIGRATION_FAILED', `two migration files share version ${version}`);
    }
    migrations.push({ version, name: match[2] ?? file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

export interface MigrationReport {
  readonly applied: readonly number[];
  readonly current: number;
}

/**
 * Applies pending migrations in order, each in its own transaction, under an advisory lock. Idempotent: run it
 * at every start. A migration that was applied and then edited is refused (its checksum no longer matches).
 */
export async function migrate(db: Database, migrations: readonly Migration[] = readMigrations()): Promise<MigrationReport> {
  return db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    if (db.schema !== undefined) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${db.schema}`);
      await client.query(`SET LOCAL search_path TO ${db.schema}`);
    }
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = await client.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migration');
    const byVersion = new Map(done.rows.map((r) => [r.version, r.checksum]));
    const applied: number[] = [];
    for (const migration of migrations) {
      const checksum = byVersion.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new DbError('GW_ERR_DB_MIGRATION_CHANGED', `migration ${migration.version} (${migration.name}) was changed after it ran; add a new migration instead`);
        }
        continue;
      }
      try {
        await client.query(migration.sql);
      } catch (e: unknown) {
        throw new DbError('GW_ERR_DB_MIGRATION_FAILED', `migration ${migration.version} (${migration.name}) failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      await client.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [migration.version, migration.name, migration.checksum]);
      applied.push(migration.version);
    }
    const last = migrations[migrations.length - 1];
    return { applied, current: last === undefined ? 0 : last.version };
  });
}

/** True when every known migration has been applied: the database half of /ready. */
export async function isMigrated(db: Database, migrations: readonly Migration[] = readMigrations()): Promise<boolean> {
  const last = migrations[migrations.length - 1];
  if (last === undefined) return true;
  try {
    const result = await db.query<{ n: string }>('SELECT count(*) AS n FROM schema_migration WHERE version = $1', [last.version]);
    return Number(result.rows[0]?.n ?? 0) === 1;
  } catch {
    return false;
  }
}
