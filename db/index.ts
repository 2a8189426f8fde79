export { Database, describeConnection, type DatabaseOptions, type DatabaseStatus, type DbLogger, type Queryable } from './database';
export { EmbeddedPostgres } from './embedded/embedded-postgres';
export { migrate, isMigrated, readMigrations, MIGRATIONS_DIR, type Migration, type MigrationReport } from './migrate';
export { InstrumentRepository, type InstrumentRecord } from './repositories/instrument-repository';
export { DbError, type DbErrorCode } from './errors';
