import { BlockList, isIP } from 'node:net';
import type { ApiKeyRecord, ApiKeyRepository } from '../../../db';
import type { Principal } from '../access';
import { RestError } from '../errors';
import { digestsEqual, sha256Hex } from './secrets';

interface CachedKey {
  readonly record: ApiKeyRecord;
  readonly allowList: BlockList | null;
  readonly loadedAtMs: number;
}

/** "a.b.c.d", "a.b.c.d/nn", an IPv6 address or block; null when it is none of those. */
export function parseAllowListEntry(entry: string): { readonly address: string; readonly prefix: number | null; readonly family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, prefix: null, family };
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  if (prefix < 0 || prefix > (version === 4 ? 32 : 128)) return null;
  return { address, prefix, family };
}

function compileAllowList(entries: readonly string[]): BlockList | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseAllowListEntry(entry);
    if (parsed === null) continue;
    if (parsed.prefix === null) list.addAddress(parsed.address, parsed.family);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list;
}

/** The client address as the allow-list sees it: an IPv4-mapped IPv6 address counts as the IPv4 one. */
function normaliseIp(ip: string): { readonly address: string; readonly family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped?.[1] ?? ip;
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/**
 * Checks "ApiKey <keyId>.<secret>" credentials. Key records are cached for a few seconds so the order path does not
 * read the database per request; a revocation drops the entry here at once and, through the shared cache's
 * pub/sub, in every other process.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, CachedKey>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly ttlMs: number,
    private readonly nowMs: () => number,
  ) {}

  async verify(keyId: string, secret: string, ip: string): Promise<Principal | RestError> {
    const entry = await this.load(keyId);
    if (entry === null || !digestsEqual(sha256Hex(secret), entry.record.secretHash)) {
      return new RestError('GW_ERR_AUTH_INVALID_CREDENTIALS', 'unknown API key or wrong secret');
    }
    const record = entry.record;
    if (record.revokedAt !== null) return new RestError('GW_ERR_AUTH_API_KEY_REVOKED', `API key ${keyId} was revoked`);
    if (entry.allowList !== null) {
      const client = normaliseIp(ip);
      if (!entry.allowList.check(client.address, client.family)) {
        return new RestError('GW_ERR_AUTH_IP_NOT_ALLOWED', `API key ${keyId} may not be used from ${ip}`);
      }
    }
    return { kind: 'apiKey', id: record.keyId, name: record.label, roles: record.roles, firmId: record.firmId, accounts: record.accounts, session: null };
  }

  /** Forgets a key (it was revoked here or in another process). */
  invalidate(keyId: string): void {
    this.cache.delete(keyId);
  }

  private async load(keyId: string): Promise<CachedKey | null> {
    const nowMs = this.nowMs();
    const cached = this.cache.get(keyId);
    if (cached !== undefined && nowMs - cached.loadedAtMs < this.ttlMs) return cached;
    const record = await this.keys.get(keyId);
    if (record === null) {
      this.cache.delete(keyId);
      return null;
    }
    const entry: CachedKey = { record, allowList: compileAllowList(record.ipAllowList), loadedAtMs: nowMs };
    this.cache.set(keyId, entry);
    return entry;
  }
}
