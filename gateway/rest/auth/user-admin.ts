import { randomUUID } from 'node:crypto';
import type { FirmRepository, UserRecord, UserRepository } from '../../../db';
import type { Role } from '../access';
import { RestError } from '../errors';
import type { PasswordHasher } from './password-hasher';
import { newTotpSecret, totpUri } from './totp';

export const MIN_PASSWORD_LENGTH = 12;

export interface NewUserInput {
  readonly username: string;
  readonly password: string;
  readonly roles: readonly Role[];
  readonly firmId?: string | null;
  readonly accounts?: readonly string[];
}

export interface CreatedUser {
  readonly user: UserRecord;
  /** Present when the user was created with a pending TOTP secret (the CLI does so; the API lets the user enrol). */
  readonly otpauthUri: string | null;
}

/** A user as the API shows it: never the password hash or the TOTP secret. */
export interface UserView {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly firmId: string | null;
  readonly accounts: readonly string[];
  readonly mfaEnrolled: boolean;
  readonly disabled: boolean;
}

export function userView(user: UserRecord): UserView {
  return { userId: user.userId, username: user.username, roles: user.roles, firmId: user.firmId, accounts: user.accounts, mfaEnrolled: user.totpConfirmed, disabled: user.disabled };
}

/** Checks that the firm and accounts a user or key is bound to exist and belong together. */
export async function checkBinding(firms: FirmRepository, firmId: string | null, accounts: readonly string[]): Promise<void> {
  if (firmId !== null && (await firms.getFirm(firmId)) === null) {
    throw new RestError('GW_ERR_REST_VALIDATION', `no firm ${firmId}`, { details: { firmId } });
  }
  if (accounts.length === 0) return;
  const found = await firms.listAccounts(accounts);
  const missing = accounts.filter((a) => !found.some((f) => f.accountId === a));
  if (missing.length > 0) throw new RestError('GW_ERR_REST_VALIDATION', `no account ${missing.join(', ')}`, { details: { missing } });
  const foreign = found.filter((a) => firmId !== null && a.firmId !== firmId).map((a) => a.accountId);
  if (foreign.length > 0) throw new RestError('GW_ERR_REST_VALIDATION', `accounts ${foreign.join(', ')} are not of firm ${firmId ?? ''}`, { details: { foreign } });
}

/** Creates a user (the API's POST /users and the bootstrap CLI). */
export async function createUser(
  users: UserRepository,
  firms: FirmRepository,
  passwords: PasswordHasher,
  input: NewUserInput,
  options: { readonly pendingTotpIssuer: string | null },
): Promise<CreatedUser> {
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new RestError('GW_ERR_REST_VALIDATION', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const firmId = input.firmId ?? null;
  const accounts = input.accounts ?? [];
  await checkBinding(firms, firmId, accounts);
  const totpSecret = options.pendingTotpIssuer === null ? null : newTotpSecret();
  const userId = randomUUID();
  const created = await users.create({ userId, username: input.username, passwordHash: await passwords.hash(input.password), roles: input.roles, firmId, accounts, totpSecret });
  if (!created) throw new RestError('GW_ERR_REST_CONFLICT', `username ${input.username} is taken`, { details: { username: input.username } });
  const user = await users.findById(userId);
  if (user === null) throw new RangeError(`user ${userId} vanished after it was created`);
  return { user, otpauthUri: totpSecret === null || options.pendingTotpIssuer === null ? null : totpUri(options.pendingTotpIssuer, input.username, totpSecret) };
}
