import { randomUUID } from 'node:crypto';
import { errors as joseErrors, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import type { JwtKeyConfig } from '../rest-config';

/** The one algorithm tokens are signed with and the only one verification accepts: no "none", no HS256 confusion. */
export const JWT_ALGORITHM = 'EdDSA';
export const ACCESS_AUDIENCE = 'gw-rest';
export const MFA_AUDIENCE = 'gw-rest-mfa';

export type MfaPurpose = 'verify' | 'enrol';

export interface IssuedToken {
  readonly token: string;
  readonly jti: string;
  readonly expiresAtMs: number;
}

export interface VerifiedToken {
  readonly subject: string;
  readonly jti: string;
  readonly expiresAtMs: number;
  readonly purpose: MfaPurpose | null;
}

/** Why a token was refused; the caller maps it to GW_ERR_AUTH_TOKEN_INVALID. */
export type TokenFailure = 'expired' | 'invalid';

/**
 * Short-lived JWTs signed with Ed25519 (jose). Access tokens and MFA challenge tokens differ by audience, so one
 * can never stand in for the other. Expiry is checked against the injected clock.
 */
export class TokenService {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly issuer: string,
    private readonly nowMs: () => number,
  ) {}

  static async create(keys: JwtKeyConfig | null, issuer: string, nowMs: () => number): Promise<TokenService> {
    if (keys === null) {
      const pair = await generateKeyPair(JWT_ALGORITHM);
      return new TokenService(pair.privateKey, pair.publicKey, issuer, nowMs);
    }
    const privateKey = await importPKCS8(keys.privateKeyPem, JWT_ALGORITHM);
    const publicKey = await importSPKI(keys.publicKeyPem, JWT_ALGORITHM);
    return new TokenService(privateKey, publicKey, issuer, nowMs);
  }

  /** A fresh key pair as PEM, for configuring several processes with the same keys. */
  static async generateKeys(): Promise<JwtKeyConfig> {
    const pair = await generateKeyPair(JWT_ALGORITHM, { extractable: true });
    return { privateKeyPem: await exportPKCS8(pair.privateKey), publicKeyPem: await exportSPKI(pair.publicKey) };
  }

  issueAccess(subject: string, ttlMs: number): Promise<IssuedToken> {
    return this.issue(subject, ACCESS_AUDIENCE, ttlMs, {});
  }

  issueMfaChallenge(subject: string, purpose: MfaPurpose, ttlMs: number): Promise<IssuedToken> {
    return this.issue(subject, MFA_AUDIENCE, ttlMs, { purpose });
  }

  verifyAccess(token: string): Promise<VerifiedToken | TokenFailure> {
    return this.verify(token, ACCESS_AUDIENCE);
  }

  verifyMfaChallenge(token: string): Promise<VerifiedToken | TokenFailure> {
    return this.verify(token, MFA_AUDIENCE);
  }

  private async issue(subject: string, audience: string, ttlMs: number, claims: Record<string, string>): Promise<IssuedToken> {
    const nowMs = this.nowMs();
    const jti = randomUUID();
    const expiresAtSec = Math.floor((nowMs + ttlMs) / 1000);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(subject)
      .setJti(jti)
      .setIssuedAt(Math.floor(nowMs / 1000))
      .setExpirationTime(expiresAtSec)
      .sign(this.privateKey);
    return { token, jti, expiresAtMs: expiresAtSec * 1000 };
  }

  private async verify(token: string, audience: string): Promise<VerifiedToken | TokenFailure> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        algorithms: [JWT_ALGORITHM],
        issuer: this.issuer,
        audience,
        currentDate: new Date(this.nowMs()),
        requiredClaims: ['sub', 'jti', 'exp'],
      });
      const purpose = payload['purpose'];
      if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return 'invalid';
      return {
        subject: payload.sub,
        jti: payload.jti,
        expiresAtMs: payload.exp * 1000,
        purpose: purpose === 'verify' || purpose === 'enrol' ? purpose : null,
      };
    } catch (e: unknown) {
      if (e instanceof joseErrors.JWTExpired) return 'expired';
      if (e instanceof joseErrors.JOSEError) return 'invalid';
      throw e;
    }
  }
}
