import type { Database } from '../database';
import { toAuthRoles, type AuthRole } from './auth-role';

export interface UserRecord {
  readonly userId: string;
  readonly username: string;
  readonly passwordHash: string;
  readonly roles: readonly AuthRole[];
  readonly firmId: string | null;
  readonly accounts: readonly string[];
  /** Base32 TOTP secret: pending enrolment while `totpConfirmed` is false. Never leaves the gateway after enrolment. */
  readonly totpSecret: string | null;
  readonly totpConfirmed: boolean;
  readonly totpLastStep: number | null;
  readonly disabled: boolean;
}

export interface NewUser {
  readonly userId: string;
  readonly username: string;
  readonly passwordHash: string;
  readonly roles: readonly AuthRole[];
  readonly firmId: string | null;
  readonly accounts: readonly string[];
  readonly totpSecret: string | null;
}

interface UserRow {
  user_id: string;
  username: string;
  password_hash: string;
  roles: string[];
  firm_id: string | null;
  accounts: string[];
  totp_secret: string | null;
  totp_confirmed: boolean;
  totp_last_step: string | null;
  disabled: boolean;
}

const COLUMNS = 'user_id, username, password_hash, roles, firm_id, accounts, totp_secret, totp_confirmed, totp_last_step::text, disabled';

function toRecord(row: UserRow): UserRecord {
  return {
    userId: row.user_id,
    username: row.username,
    passwordHash: row.password_hash,
    roles: toAuthRoles(row.roles),
    firmId: row.firm_id,
    accounts: row.accounts,
    totpSecret: row.totp_secret,
    totpConfirmed: row.totp_confirmed,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    disabled: row.disabled,
  };
}

/** Console users (password + TOTP) and their one-time recovery codes (stored as hashes). */
export class UserRepository {
  constructor(private readonly db: Database) {}

  /** False when the username is taken. */
  async create(user: NewUser): Promise<boolean> {
    const result = await this.db.query(
      `INSERT INTO app_user (user_id, username, password_hash, roles, firm_id, accounts, totp_secret)
       VALUES ($1, $2, $3, $4::text[], $5, $6::text[], $7) ON CONFLICT (username) DO NOTHING`,
      [user.userId, user.username, user.passwordHash, user.roles, user.firmId, user.accounts, user.totpSecret],
    );
    return result.rowCount === 1;
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const result = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM app_user WHERE username = $1`, [username]);
    const row = result.rows[0];
    return row === undefined ? null : toRecord(row);
  }

  async findById(userId: string): Promise<UserRecord | null> {
    const result = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM app_user WHERE user_id = $1`, [userId]);
    const row = result.rows[0];
    return row === undefined ? null : toRecord(row);
  }

  async list(): Promise<readonly UserRecord[]> {
    const result = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM app_user ORDER BY username`);
    return result.rows.map(toRecord);
  }

  /** The user behind a session token and whether that token's id was revoked, in one round trip. */
  async sessionView(userId: string, jti: string): Promise<{ readonly user: UserRecord; readonly revoked: boolean } | null> {
    const result = await this.db.query<UserRow & { revoked: boolean }>(
      `SELECT ${COLUMNS}, EXISTS (SELECT 1 FROM revoked_token WHERE jti = $2) AS revoked FROM app_user WHERE user_id = $1`,
      [userId, jti],
    );
    const row = result.rows[0];
    return row === undefined ? null : { user: toRecord(row), revoked: row.revoked };
  }

  /** False when no such user. */
  async setDisabled(userId: string, disabled: boolean): Promise<boolean> {
    const result = await this.db.query('UPDATE app_user SET disabled = $2, updated_at = now() WHERE user_id = $1', [userId, disabled]);
    return result.rowCount === 1;
  }

  /** Stores a pending TOTP secret, unless one is already confirmed. False when nothing changed. */
  async setPendingTotp(userId: string, secret: string): Promise<boolean> {
    const result = await this.db.query(
      'UPDATE app_user SET totp_secret = $2, totp_confirmed = false, totp_last_step = NULL, updated_at = now() WHERE user_id = $1 AND NOT totp_confirmed',
      [userId, secret],
    );
    return result.rowCount === 1;
  }

  /**
   * Records `step` as the last TOTP time step used, only if it is later than the one before: the one guard against
   * replay, atomic across processes. With `confirm`, also marks the pending secret enrolled.
   */
  async acceptTotpStep(userId: string, step: number, confirm = false): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE app_user SET totp_last_step = $2, totp_confirmed = totp_confirmed OR $3, updated_at = now()
       WHERE user_id = $1 AND totp_secret IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $2)`,
      [userId, step, confirm],
    );
    return result.rowCount === 1;
  }

  /** Forgets the TOTP secret and the recovery codes: the user enrols again at the next login. */
  async resetMfa(userId: string): Promise<boolean> {
    return this.db.transaction(async (client) => {
      const result = await client.query('UPDATE app_user SET totp_secret = NULL, totp_confirmed = false, totp_last_step = NULL, updated_at = now() WHERE user_id = $1', [userId]);
      await client.query('DELETE FROM mfa_recovery_code WHERE user_id = $1', [userId]);
      return result.rowCount === 1;
    });
  }

  async replaceRecoveryCodes(userId: string, codeHashes: readonly string[]): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query('DELETE FROM mfa_recovery_code WHERE user_id = $1', [userId]);
      await client.query('INSERT INTO mfa_recovery_code (user_id, code_hash) SELECT $1, unnest($2::text[])', [userId, codeHashes]);
    });
  }

  /** Marks one unused recovery code used; false when it does not exist or was used before. */
  async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const result = await this.db.query('UPDATE mfa_recovery_code SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL', [userId, codeHash]);
    return result.rowCount === 1;
  }

  async unusedRecoveryCodes(userId: string): Promise<number> {
    const result = await this.db.query<{ n: string }>('SELECT count(*)::text AS n FROM mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL', [userId]);
    return Number(result.rows[0]?.n ?? 0);
  }
}
