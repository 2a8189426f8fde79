import { AuthStateRepository, UserRepository, type UserRecord } from '../../../db';
import { RestError } from '../errors';
import type { Principal } from '../access';
import type { RestConfig } from '../rest-config';
import { Lockout } from './lockout';
import type { PasswordHasher } from './password-hasher';
import { newRecoveryCodes, recoveryCodeHash } from './secrets';
import type { TokenService, VerifiedToken } from './token-service';
import { matchTotp, newTotpSecret, totpMatchesIgnoringReplay, totpUri } from './totp';

export interface MfaChallenge {
  readonly status: 'mfa_required' | 'mfa_enrolment_required';
  readonly mfaToken: string;
  readonly expiresAt: string;
}

export interface SessionIssued {
  readonly status: 'authenticated';
  readonly token: string;
  readonly tokenType: 'Bearer';
  readonly expiresAt: string;
}

export interface Enrolment {
  readonly otpauthUri: string;
  readonly secret: string;
}

export interface SecondFactor {
  readonly code?: string;
  readonly recoveryCode?: string;
}

/**
 * The login flow: password, then a TOTP code (or a one-time recovery code), then a short-lived access token.
 * A user without a confirmed TOTP secret enrols first (otpauth URI, then a code to confirm it, then recovery codes).
 * Every failure counts towards the lockout of the user and of the source address.
 */
export class AuthService {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly users: UserRepository,
    private readonly state: AuthStateRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly lockout: Lockout,
    private readonly config: RestConfig,
    private readonly nowMs: () => number,
  ) {}

  async login(username: string, password: string, ip: string): Promise<MfaChallenge> {
    await this.refuseIfLocked(username, ip);
    const user = await this.users.findByUsername(username);
    // A missing user costs the same scrypt as a wrong password: timing does not tell which usernames exist.
    const ok = await this.hasher.verify(password, user?.passwordHash ?? (await this.dummy()));
    if (user === null || !ok || user.disabled) {
      await this.lockout.recordFailure(username, ip);
      throw new RestError('GW_ERR_AUTH_INVALID_CREDENTIALS', 'invalid username or password');
    }
    const purpose = user.totpConfirmed ? 'verify' : 'enrol';
    const challenge = await this.tokens.issueMfaChallenge(user.userId, purpose, this.config.mfaChallengeTtlMs);
    return {
      status: purpose === 'verify' ? 'mfa_required' : 'mfa_enrolment_required',
      mfaToken: challenge.token,
      expiresAt: new Date(challenge.expiresAtMs).toISOString(),
    };
  }

  async verifyMfa(mfaToken: string, factor: SecondFactor, ip: string): Promise<SessionIssued> {
    const { user, challenge } = await this.challengeUser(mfaToken, 'verify');
    await this.refuseIfLocked(user.username, ip);
    if (!user.totpConfirmed || user.totpSecret === null) {
      throw new RestError('GW_ERR_AUTH_MFA_NOT_ENROLLED', 'no second factor is enrolled; log in again to enrol');
    }
    if (factor.recoveryCode !== undefined) {
      if (!(await this.users.useRecoveryCode(user.userId, recoveryCodeHash(factor.recoveryCode)))) {
        await this.lockout.recordFailure(user.username, ip);
        throw new RestError('GW_ERR_AUTH_MFA_INVALID', 'recovery code is wrong or was used before');
      }
    } else {
      await this.acceptCode(user, user.totpSecret, factor.code ?? '', ip, false);
    }
    return this.openSession(user, challenge);
  }

  /** The pending secret (made now if there is none): the same URI until it is confirmed, so a CLI-printed one stays valid. */
  async enrol(mfaToken: string): Promise<Enrolment> {
    const { user } = await this.challengeUser(mfaToken, 'enrol');
    if (user.totpConfirmed) throw new RestError('GW_ERR_AUTH_MFA_ALREADY_ENROLLED', 'a second factor is already enrolled');
    let secret = user.totpSecret;
    if (secret === null) {
      secret = newTotpSecret();
      await this.users.setPendingTotp(user.userId, secret);
    }
    return { otpauthUri: totpUri(this.config.totpIssuer, user.username, secret), secret };
  }

  async confirmEnrolment(mfaToken: string, code: string, ip: string): Promise<SessionIssued & { readonly recoveryCodes: readonly string[] }> {
    const { user, challenge } = await this.challengeUser(mfaToken, 'enrol');
    await this.refuseIfLocked(user.username, ip);
    if (user.totpConfirmed) throw new RestError('GW_ERR_AUTH_MFA_ALREADY_ENROLLED', 'a second factor is already enrolled');
    if (user.totpSecret === null) throw new RestError('GW_ERR_AUTH_MFA_NOT_ENROLLED', 'start enrolment first (POST /api/v1/auth/mfa/enrol)');
    await this.acceptCode(user, user.totpSecret, code, ip, true);
    const recoveryCodes = newRecoveryCodes(this.config.recoveryCodeCount);
    await this.users.replaceRecoveryCodes(user.userId, recoveryCodes.map(recoveryCodeHash));
    return { ...(await this.openSession(user, challenge)), recoveryCodes };
  }

  async logout(principal: Principal): Promise<void> {
    if (principal.session === null) throw new RestError('GW_ERR_AUTH_NOT_A_SESSION', 'an API key has no session to log out of; revoke the key instead');
    await this.state.revokeToken(principal.session.jti, principal.session.expiresAtMs);
  }

  private async acceptCode(user: UserRecord, secret: string, code: string, ip: string, confirm: boolean): Promise<void> {
    const nowMs = this.nowMs();
    const step = await matchTotp(secret, code, nowMs, user.totpLastStep);
    if (step !== null && (await this.users.acceptTotpStep(user.userId, step, confirm))) return;
    await this.lockout.recordFailure(user.username, ip);
    if (step !== null || (await totpMatchesIgnoringReplay(secret, code, nowMs))) {
      throw new RestError('GW_ERR_AUTH_MFA_REPLAYED', 'this code was used before; wait for the next one');
    }
    throw new RestError('GW_ERR_AUTH_MFA_INVALID', 'the code is wrong');
  }

  private async openSession(user: UserRecord, challenge: VerifiedToken): Promise<SessionIssued> {
    await this.state.revokeToken(challenge.jti, challenge.expiresAtMs);
    await this.lockout.recordSuccess(user.username);
    const issued = await this.tokens.issueAccess(user.userId, this.config.accessTokenTtlMs);
    return { status: 'authenticated', token: issued.token, tokenType: 'Bearer', expiresAt: new Date(issued.expiresAtMs).toISOString() };
  }

  private async challengeUser(mfaToken: string, purpose: 'verify' | 'enrol'): Promise<{ user: UserRecord; challenge: VerifiedToken }> {
    const challenge = await this.tokens.verifyMfaChallenge(mfaToken);
    if (typeof challenge === 'string' || challenge.purpose !== purpose) {
      throw new RestError('GW_ERR_AUTH_TOKEN_INVALID', `the MFA token is ${challenge === 'expired' ? 'expired' : 'not valid for this step'}; log in again`);
    }
    if (await this.state.isTokenRevoked(challenge.jti)) throw new RestError('GW_ERR_AUTH_TOKEN_REVOKED', 'the MFA token was used already; log in again');
    const user = await this.users.findById(challenge.subject);
    if (user === null || user.disabled) throw new RestError('GW_ERR_AUTH_TOKEN_INVALID', 'the MFA token is not valid; log in again');
    return { user, challenge };
  }

  private async refuseIfLocked(username: string, ip: string): Promise<void> {
    const lock = await this.lockout.check(username, ip);
    if (lock.locked) {
      const retryAfterSec = Math.ceil(lock.retryAfterMs / 1000);
      throw new RestError('GW_ERR_AUTH_LOCKED', `too many failed attempts; try again in ${retryAfterSec} s`, { retryAfterSec, details: { retryAfterSec } });
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('not a password of anyone');
    return this.dummyHash;
  }
}
