import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const API_KEY_ID_PREFIX = 'gk_';
const API_KEY_SECRET_BYTES = 32;
/** Crockford-like alphabet without look-alikes, for recovery codes a person types. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_GROUP = 5;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Compares two hex digests in constant time. */
export function digestsEqual(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

export interface NewApiKeySecret {
  readonly keyId: string;
  /** Shown once, at creation; only its hash is stored. */
  readonly secret: string;
  readonly secretHash: string;
}

/**
 * A key id and a 256-bit secret. A secret of that entropy needs no slow hash: sha256 keeps verification cheap on
 * the order path, and the stored hash is useless without the secret.
 */
export function newApiKeySecret(): NewApiKeySecret {
  const keyId = API_KEY_ID_PREFIX + randomBytes(8).toString('hex');
  const secret = randomBytes(API_KEY_SECRET_BYTES).toString('base64url');
  return { keyId, secret, secretHash: sha256Hex(secret) };
}

/** "xxxxx-xxxxx" codes from a 31-letter alphabet (about 50 bits each). */
export function newRecoveryCodes(count: number): readonly string[] {
  const codes: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const bytes = randomBytes(RECOVERY_GROUP * 2);
    let code = '';
    for (let j = 0; j < bytes.length; j += 1) {
      if (j === RECOVERY_GROUP) code += '-';
      code += RECOVERY_ALPHABET[(bytes[j] ?? 0) % RECOVERY_ALPHABET.length];
    }
    codes.push(code);
  }
  return codes;
}

/** The form a recovery code is hashed in: lower case, no spaces or dashes, so "ABCDE FGHJK" still matches. */
export function recoveryCodeHash(code: string): string {
  return sha256Hex(code.toLowerCase().replace(/[\s-]/g, ''));
}
