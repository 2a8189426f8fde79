import type { Database } from '../database';

export interface FirmRecord {
  readonly firmId: string;
  readonly name: string;
  readonly lei: string | null;
}

export interface AccountRecord {
  readonly accountId: string;
  readonly firmId: string;
  readonly name: string;
}

interface AccountRow {
  account_id: string;
  firm_id: string;
  name: string;
}

function toAccount(row: AccountRow): AccountRecord {
  return { accountId: row.account_id, firmId: row.firm_id, name: row.name };
}

/** Firms (member firms, clients) and the trading accounts each holds. */
export class FirmRepository {
  constructor(private readonly db: Database) {}

  /** False when the firm id is taken. */
  async createFirm(firm: FirmRecord): Promise<boolean> {
    const result = await this.db.query('INSERT INTO firm (firm_id, name, lei) VALUES ($1, $2, $3) ON CONFLICT (firm_id) DO NOTHING', [firm.firmId, firm.name, firm.lei]);
    return result.rowCount === 1;
  }

  async listFirms(): Promise<readonly FirmRecord[]> {
    const result = await this.db.query<{ firm_id: string; name: string; lei: string | null }>('SELECT firm_id, name, lei FROM firm ORDER BY firm_id');
    return result.rows.map((r) => ({ firmId: r.firm_id, name: r.name, lei: r.lei }));
  }

  async getFirm(firmId: string): Promise<FirmRecord | null> {
    const result = await this.db.query<{ firm_id: string; name: string; lei: string | null }>('SELECT firm_id, name, lei FROM firm WHERE firm_id = $1', [firmId]);
    const row = result.rows[0];
    return row === undefined ? null : { firmId: row.firm_id, name: row.name, lei: row.lei };
  }

  /** False when the account id is taken. The firm must exist (a foreign key). */
  async createAccount(account: AccountRecord): Promise<boolean> {
    const result = await this.db.query('INSERT INTO account (account_id, firm_id, name) VALUES ($1, $2, $3) ON CONFLICT (account_id) DO NOTHING', [account.accountId, account.firmId, account.name]);
    return result.rowCount === 1;
  }

  /** All accounts, or only those in `onlyIds` when given. */
  async listAccounts(onlyIds?: readonly string[]): Promise<readonly AccountRecord[]> {
    const result = onlyIds === undefined
      ? await this.db.query<AccountRow>('SELECT account_id, firm_id, name FROM account ORDER BY account_id')
      : await this.db.query<AccountRow>('SELECT account_id, firm_id, name FROM account WHERE account_id = ANY($1::text[]) ORDER BY account_id', [onlyIds]);
    return result.rows.map(toAccount);
  }

  async getAccount(accountId: string): Promise<AccountRecord | null> {
    const result = await this.db.query<AccountRow>('SELECT account_id, firm_id, name FROM account WHERE account_id = $1', [accountId]);
    const row = result.rows[0];
    return row === undefined ? null : toAccount(row);
  }
}
