export { Database, describeConnection, type DatabaseOptions, type DatabaseStatus, type DbLogger, type Queryable } from './database';
export { EmbeddedPostgres } from './embedded/embedded-postgres';
export { migrate, isMigrated, readMigrations, MIGRATIONS_DIR, type Migration, type MigrationReport } from './migrate';
export { InstrumentRepository, type InstrumentRecord } from './repositories/instrument-repository';
export { DbError, type DbErrorCode } from './errors';
export type { SessionStore, SessionSequences, OutboundMessage, StoredMessage } from './session-store/session-store';
export { MemorySessionStore } from './session-store/memory-session-store';
export { PostgresSessionStore } from './session-store/postgres-session-store';
