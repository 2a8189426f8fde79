import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const HASH_FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (e, key) => (e === null ? resolvePromise(key) : reject(e)));
  });
}

function memoryFor(cost: number, blockSize: number): number {
  // scrypt needs 128 * N * r bytes; node refuses above maxmem (32 MiB by default).
  return 128 * cost * blockSize * 2;
}

/**
 * Password hashes with node's scrypt, as "scrypt$N$r$p$saltB64$hashB64" (the format the FIX session credentials use).
 * The parameters travel in each hash, so raising the cost later leaves old hashes verifiable.
 */
export class PasswordHasher {
  constructor(private readonly cost: number) {
    if (!Number.isInteger(Math.log2(cost)) || cost < 2) throw new RangeError(`scrypt cost ${cost} must be a power of two`);
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, KEY_LENGTH, { N: this.cost, r: BLOCK_SIZE, p: PARALLELISM, maxmem: memoryFor(this.cost, BLOCK_SIZE) });
    return `scrypt$${this.cost}$${BLOCK_SIZE}$${PARALLELISM}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  /** True when `password` matches; false for a wrong password or a hash it cannot read. Constant time in the key. */
  async verify(password: string, stored: string): Promise<boolean> {
    const match = HASH_FORMAT.exec(stored);
    if (match === null) return false;
    const [cost, blockSize, parallelism] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const salt = Buffer.from(match[4] ?? '', 'base64');
    const expected = Buffer.from(match[5] ?? '', 'base64');
    if (expected.length === 0) return false;
    const key = await derive(password, salt, expected.length, { N: cost, r: blockSize, p: parallelism, maxmem: memoryFor(cost, blockSize) });
    return timingSafeEqual(key, expected);
  }
}
