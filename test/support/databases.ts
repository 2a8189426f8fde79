/**
 * The databases integration tests run against: always the embedded PGlite (in memory, in its worker thread, through
 * pg like the gateway), and the Postgres server at DATABASE_URL when it is set. Each test takes its own schema.
 */
import { randomBytes } from 'node:crypto';
import { Database, EmbeddedPostgres, type DbLogger } from '../../db';

export interface DatabaseBackend {
  readonly name: 'pglite' | 'postgres';
  connectionString(): Promise<string>;
}

let embedded: Promise<EmbeddedPostgres> | null = null;

const pglite: DatabaseBackend = {
  name: 'pglite',
  async connectionString() {
    embedded ??= EmbeddedPostgres.start({ dataDir: null, maxConnections: 16 });
    return (await embedded).connectionString;
  },
};

export function databaseBackends(): DatabaseBackend[] {
  const backends: DatabaseBackend[] = [pglite];
  const url = process.env.DATABASE_URL;
  if (url !== undefined && url !== '') backends.push({ name: 'postgres', connectionString: async () => url });
  return backends;
}

export const quietLogger: DbLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function uniqueSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/**
 * A pool on `backend` whose tables live in a fresh schema; `drop()` removes the schema and closes the pool. On
 * PGlite the pool has one connection, as the gateway's (see EMBEDDED_POOL_SIZE in ops/app.ts).
 */
export async function openIsolated(backend: DatabaseBackend, poolSize = 4): Promise<{ db: Database; drop: () => Promise<void> }> {
  const schema = uniqueSchema();
  const db = new Database({
    connectionString: await backend.connectionString(),
    poolSize: backend.name === 'pglite' ? 1 : poolSize,
    schema,
    logger: quietLogger,
    label: backend.name,
    // As the gateway (ops/app.ts): on PGlite, named statements under a name of each connection's own.
    sharedSession: backend.name === 'pglite',
  });
  return {
    db,
    drop: async () => {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await db.close();
    },
  };
}
