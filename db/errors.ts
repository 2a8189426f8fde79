import { GatewayError } from '../engine/model';

export type DbErrorCode =
  | 'GW_ERR_DB_UNREACHABLE'
  | 'GW_ERR_DB_EMBEDDED_START'
  | 'GW_ERR_DB_DATA_DIR_LOCKED'
  | 'GW_ERR_DB_MIGRATION_FAILED'
  | 'GW_ERR_DB_MIGRATION_CHANGED';

/** A database fault: unreachable, embedded engine failed to start, a migration failed or was edited after it ran. */
export class DbError extends GatewayError<DbErrorCode> {}
