/** Defaults, named once; the README's configuration table can be written from these. */
export const DEFAULT_ACCESS_TOKEN_TTL_MS = 15 * 60_000;
export const DEFAULT_MFA_CHALLENGE_TTL_MS = 5 * 60_000;
export const DEFAULT_JWT_ISSUER = 'fix-gateway';
export const DEFAULT_LOCKOUT_USER_THRESHOLD = 5;
export const DEFAULT_LOCKOUT_IP_THRESHOLD = 20;
export const DEFAULT_LOCKOUT_BASE_MS = 30_000;
export const DEFAULT_LOCKOUT_MAX_MS = 15 * 60_000;
/** Failures older than this are forgotten: the count starts again. */
export const DEFAULT_LOCKOUT_WINDOW_MS = 15 * 60_000;
export const DEFAULT_RATE_LIMIT_WINDOW_MS = 1_000;
export const DEFAULT_RATE_LIMIT_PER_API_KEY = 200;
export const DEFAULT_RATE_LIMIT_PER_USER = 50;
export const DEFAULT_RATE_LIMIT_PER_IP_UNAUTHENTICATED = 20;
export const DEFAULT_BODY_LIMIT_BYTES = 65_536;
export const DEFAULT_API_KEY_CACHE_TTL_MS = 5_000;
/** scrypt cost N (2^15): about 50-100 ms per hash on this machine; the parameters travel in each stored hash. */
export const DEFAULT_SCRYPT_COST = 32_768;
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
export const DEFAULT_TOTP_ISSUER = 'FIX Gateway';
export const DEFAULT_RECOVERY_CODE_COUNT = 10;

export interface JwtKeyConfig {
  /** PKCS#8 PEM of an Ed25519 private key; shared by every gateway process that must accept the others' tokens. */
  readonly privateKeyPem: string;
  /** SPKI PEM of the matching public key. */
  readonly publicKeyPem: string;
}

export interface RestConfig {
  readonly accessTokenTtlMs: number;
  readonly mfaChallengeTtlMs: number;
  readonly jwtIssuer: string;
  /** Without keys, a fresh Ed25519 pair is made at start: tokens then die with the process (fine for one node). */
  readonly jwtKeys: JwtKeyConfig | null;
  readonly lockout: {
    readonly userThreshold: number;
    readonly ipThreshold: number;
    readonly baseMs: number;
    readonly maxMs: number;
    readonly windowMs: number;
  };
  readonly rateLimit: {
    readonly windowMs: number;
    readonly perApiKey: number;
    readonly perUser: number;
    readonly perIpUnauthenticated: number;
  };
  /** Origins allowed by CORS; empty (the default) sends no CORS headers: browsers of other origins are refused. */
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  readonly apiKeyCacheTtlMs: number;
  readonly scryptCost: number;
  readonly idempotencyTtlMs: number;
  readonly totpIssuer: string;
  readonly recoveryCodeCount: number;
}

export const DEFAULT_REST_CONFIG: RestConfig = Object.freeze({
  accessTokenTtlMs: DEFAULT_ACCESS_TOKEN_TTL_MS,
  mfaChallengeTtlMs: DEFAULT_MFA_CHALLENGE_TTL_MS,
  jwtIssuer: DEFAULT_JWT_ISSUER,
  jwtKeys: null,
  lockout: Object.freeze({
    userThreshold: DEFAULT_LOCKOUT_USER_THRESHOLD,
    ipThreshold: DEFAULT_LOCKOUT_IP_THRESHOLD,
    baseMs: DEFAULT_LOCKOUT_BASE_MS,
    maxMs: DEFAULT_LOCKOUT_MAX_MS,
    windowMs: DEFAULT_LOCKOUT_WINDOW_MS,
  }),
  rateLimit: Object.freeze({
    windowMs: DEFAULT_RATE_LIMIT_WINDOW_MS,
    perApiKey: DEFAULT_RATE_LIMIT_PER_API_KEY,
    perUser: DEFAULT_RATE_LIMIT_PER_USER,
    perIpUnauthenticated: DEFAULT_RATE_LIMIT_PER_IP_UNAUTHENTICATED,
  }),
  corsOrigins: Object.freeze([]),
  bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
  apiKeyCacheTtlMs: DEFAULT_API_KEY_CACHE_TTL_MS,
  scryptCost: DEFAULT_SCRYPT_COST,
  idempotencyTtlMs: DEFAULT_IDEMPOTENCY_TTL_MS,
  totpIssuer: DEFAULT_TOTP_ISSUER,
  recoveryCodeCount: DEFAULT_RECOVERY_CODE_COUNT,
});

export interface RestConfigOverrides extends Partial<Omit<RestConfig, 'lockout' | 'rateLimit'>> {
  readonly lockout?: Partial<RestConfig['lockout']>;
  readonly rateLimit?: Partial<RestConfig['rateLimit']>;
}

/** The defaults with `overrides` laid over them (one level deep for the nested groups). */
export function restConfig(overrides: RestConfigOverrides = {}): RestConfig {
  return Object.freeze({
    ...DEFAULT_REST_CONFIG,
    ...overrides,
    lockout: Object.freeze({ ...DEFAULT_REST_CONFIG.lockout, ...overrides.lockout }),
    rateLimit: Object.freeze({ ...DEFAULT_REST_CONFIG.rateLimit, ...overrides.rateLimit }),
  });
}
