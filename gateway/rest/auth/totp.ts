import { generate, generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30 s. */
export const TOTP_PERIOD_SEC = 30;
/** A code from the step before or after the current one is accepted (clock drift); replay is stopped by the step. */
const TOLERANCE_SEC = TOTP_PERIOD_SEC;

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI an authenticator app reads from a QR code. */
export function totpUri(issuer: string, account: string, secret: string): string {
  return generateURI({ issuer, label: account, secret, period: TOTP_PERIOD_SEC });
}

/** The time step a code matched, or null. Codes at or before `afterStep` never match (replay). */
export async function matchTotp(secret: string, code: string, nowMs: number, afterStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    period: TOTP_PERIOD_SEC,
    epochTolerance: TOLERANCE_SEC,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** True when `code` is right for some step in the window, used or not: tells a replay from a wrong code. */
export async function totpMatchesIgnoringReplay(secret: string, code: string, nowMs: number): Promise<boolean> {
  return (await matchTotp(secret, code, nowMs, null)) !== null;
}

/** The current code (tests and the CLI's self-check use it; the gateway itself only verifies). */
export function currentTotp(secret: string, nowMs: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(nowMs / 1000), period: TOTP_PERIOD_SEC });
}
