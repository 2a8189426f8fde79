import type { Database } from '../database';
import { toAuthRoles, type AuthRole } from './auth-role';

export interface ApiKeyRecord {
  readonly keyId: string;
  readonly label: string;
  /** sha256 hex of the secret; the secret itself is never stored. */
  readonly secretHash: string;
  readonly roles: readonly AuthRole[];
  readonly firmId: string | null;
  readonly accounts: readonly string[];
  /** Addresses or CIDR blocks the key may be used from; empty means any. */
  readonly ipAllowList: readonly string[];
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export type NewApiKey = Omit<ApiKeyRecord, 'createdAt' | 'revokedAt'>;

interface ApiKeyRow {
  key_id: string;
  label: string;
  secret_hash: string;
  roles: string[];
  firm_id: string | null;
  accounts: string[];
  ip_allow_list: string[];
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'key_id, label, secret_hash, roles, firm_id, accounts, ip_allow_list, created_by, created_at, revoked_at';

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    keyId: row.key_id,
    label: row.label,
    secretHash: row.secret_hash,
    roles: toAuthRoles(row.roles),
    firmId: row.firm_id,
    accounts: row.accounts,
    ipAllowList: row.ip_allow_list,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at).toISOString(),
  };
}

/** API keys for programs: id plus secret, the secret kept only as a hash; revocable. */
export class ApiKeyRepository {
  constructor(private readonly db: Database) {}

  async create(key: NewApiKey): Promise<ApiKeyRecord> {
    const result = await this.db.query<ApiKeyRow>(
      `INSERT INTO api_key (key_id, label, secret_hash, roles, firm_id, accounts, ip_allow_list, created_by)
       VALUES ($1, $2, $3, $4::text[], $5, $6::text[], $7::text[], $8) RETURNING ${COLUMNS}`,
      [key.keyId, key.label, key.secretHash, key.roles, key.firmId, key.accounts, key.ipAllowList, key.createdBy],
    );
    const row = result.rows[0];
    if (row === undefined) throw new RangeError(`api key ${key.keyId} was not stored`);
    return toRecord(row);
  }

  async get(keyId: string): Promise<ApiKeyRecord | null> {
    const result = await this.db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_key WHERE key_id = $1`, [keyId]);
    const row = result.rows[0];
    return row === undefined ? null : toRecord(row);
  }

  async list(): Promise<readonly ApiKeyRecord[]> {
    const result = await this.db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_key ORDER BY created_at, key_id`);
    return result.rows.map(toRecord);
  }

  /** False when no such key or it was revoked before. */
  async revoke(keyId: string): Promise<boolean> {
    const result = await this.db.query('UPDATE api_key SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL', [keyId]);
    return result.rowCount === 1;
  }
}
