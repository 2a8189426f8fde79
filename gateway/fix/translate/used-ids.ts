import { fnv1a } from '../../../engine/model';

/**
 * A set of the ClOrdIDs a session has used today, kept as 64-bit fingerprints rather than strings: two independent
 * 32-bit hashes of the id in one open-addressing table (linear probing, no deletion: the set only grows until the
 * day ends and a new one starts). 16 to 32 bytes a ClOrdID (8 per slot, between a quarter and a half of the slots
 * full; 16.8 at a million ids) against about 110 for a Set<string> of 16-character ids, which at the 40,000
 * orders a second grew by some 16 GB an hour.
 *
 * Two different ids share a fingerprint with a probability of about n / 2^64 per lookup (n ids in the set): with a
 * million ids, 5e-14. Such a pair would have the second order refused as a reused ClOrdID; nothing is ever let
 * through twice (the same id always gives the same fingerprint).
 */
export class UsedIds {
  /** Slot i holds the fingerprint (high, low) at 2i, 2i + 1; high is never 0 in a used slot (0 marks a free one). */
  private slots: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.slots = new Uint32Array(2 * capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  has(id: string): boolean {
    const high = highHash(id);
    const low = lowHash(id);
    const slots = this.slots;
    for (let i = low & this.mask; ; i = (i + 1) & this.mask) {
      const at = slots[2 * i] ?? 0;
      if (at === 0) return false;
      if (at === high && slots[2 * i + 1] === low) return true;
    }
  }

  /** Adds the id; false when it was already in the set. */
  add(id: string): boolean {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    return this.put(highHash(id), lowHash(id));
  }

  private put(high: number, low: number): boolean {
    const slots = this.slots;
    for (let i = low & this.mask; ; i = (i + 1) & this.mask) {
      const at = slots[2 * i] ?? 0;
      if (at === 0) {
        slots[2 * i] = high;
        slots[2 * i + 1] = low;
        this.count += 1;
        return true;
      }
      if (at === high && slots[2 * i + 1] === low) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = old.length - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) {
      const high = old[i] ?? 0;
      if (high !== 0) this.put(high, old[i + 1] ?? 0);
    }
  }
}

/** FNV-1a over the UTF-16 code units with a final mix; never 0 (0 marks a free slot). */
function highHash(text: string): number {
  let hash = fnv1a(text);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0 || 1;
}

/** A second, independent hash (murmur3's 32-bit mixing, another seed and the length): the slot and the rest of the fingerprint. */
function lowHash(text: string): number {
  let hash = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i += 1) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    hash ^= Math.imul(k, 0x1b873593);
    hash = (hash << 13) | (hash >>> 19);
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
