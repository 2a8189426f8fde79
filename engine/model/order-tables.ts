/**
 * Open orders by id and by client order id, as open-addressing hash tables (linear probing, deletion by backward
 * shift, so no tombstones) in an array of references and a parallel array of their keys. Shared by the engine and risk, which both keep every live
 * order findable on the order path.
 *
 * Why not a Map: V8's Map never reuses a deleted entry; with millions of inserts and deletes over a few thousand
 * live orders it keeps rebuilding its table, which is garbage for the collector. These tables only grow (to twice
 * the peak live count) and allocate nothing in steady state.
 */

/** An entry of an IdTable: a live order with its gateway order id. */
export interface ById {
  readonly orderId: number;
}

/** An entry of a ClientIdTable: it keeps its key's hash and its slot (set by the table), so removal needs no search. */
export interface ByClientId {
  /** The client order id it is filed under (ClOrdID; the latest one after a replace). */
  clientKey(): string;
  clientHash: number;
  /** Slot in the table; -1 when not filed. */
  clientSlot: number;
}

/**
 * What both tables share: one array of references, beside it one array of their keys (the order id, or the hash
 * of the client order id), a power-of-two capacity, and growth by re-filing. Probes and the backward shift of a
 * delete compare keys in the flat `keys` array and follow a reference only for a candidate: an order node that is
 * not the one looked for is never touched (each would be a cache miss in a deep book).
 */
abstract class OpenTable<T> {
  protected slots: (T | null)[];
  /**
   * keys[i]: the key of slots[i]; EMPTY_KEY where slots[i] is null (a client key's hash is never negative, so a
   * ClientIdTable can tell a free slot from `keys` alone). Float64: exact for any order id.
   */
  protected keys: Float64Array;
  protected mask: number;
  protected count = 0;

  constructor(initialCapacity: number) {
    const capacity = powerOfTwoAtLeast(initialCapacity);
    this.slots = new Array<T | null>(capacity).fill(null);
    this.keys = new Float64Array(capacity).fill(EMPTY_KEY);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Slots in the table (it grows to keep at most half of them full, and never shrinks). */
  get capacity(): number {
    return this.slots.length;
  }

  abstract set(entry: T): void;

  /** Twice the room, every entry filed again: called when a table would be more than half full. */
  protected grow(): void {
    const old = this.slots;
    const capacity = old.length * 2;
    this.slots = new Array<T | null>(capacity).fill(null);
    this.keys = new Float64Array(capacity).fill(EMPTY_KEY);
    this.mask = capacity - 1;
    this.count = 0;
    for (const entry of old) if (entry !== null && entry !== undefined) this.set(entry);
  }
}

export class IdTable<T extends ById> extends OpenTable<T> {
  constructor(initialCapacity = 1024) {
    super(initialCapacity);
  }

  get(orderId: number): T | undefined {
    const slots = this.slots;
    const keys = this.keys;
    const mask = this.mask;
    for (let index = slotOfId(orderId, mask); ; index = (index + 1) & mask) {
      const entry = slots[index];
      if (entry === null || entry === undefined) return undefined;
      if (keys[index] === orderId) return entry;
    }
  }

  /** Adds an entry; one with the same id is replaced. */
  override set(entry: T): void {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const slots = this.slots;
    const keys = this.keys;
    const mask = this.mask;
    const orderId = entry.orderId;
    for (let index = slotOfId(orderId, mask); ; index = (index + 1) & mask) {
      const other = slots[index];
      if (other === null || other === undefined) {
        slots[index] = entry;
        keys[index] = orderId;
        this.count += 1;
        return;
      }
      if (keys[index] === orderId) {
        slots[index] = entry;
        return;
      }
    }
  }

  /** Removes this very entry; false when it was not in the table. */
  delete(entry: T): boolean {
    const slots = this.slots;
    const keys = this.keys;
    const mask = this.mask;
    let index = slotOfId(entry.orderId, mask);
    for (;;) {
      const other = slots[index];
      if (other === null || other === undefined) return false;
      if (other === entry) break;
      index = (index + 1) & mask;
    }
    this.count -= 1;
    // Backward shift: pull later entries of the probe run into the hole when their home slot allows it.
    let hole = index;
    for (let next = (hole + 1) & mask; ; next = (next + 1) & mask) {
      const moved = slots[next];
      if (moved === null || moved === undefined) break;
      // `moved` may fill the hole unless its home lies cyclically in (hole, next].
      const movedId = keys[next] ?? 0;
      if (((next - slotOfId(movedId, mask)) & mask) >= ((next - hole) & mask)) {
        slots[hole] = moved;
        keys[hole] = movedId;
        hole = next;
      }
    }
    slots[hole] = null;
    keys[hole] = EMPTY_KEY;
    return true;
  }

  /** The entries in ascending order id (acceptance order). Allocates: for rare bulk operations only. */
  byAscendingId(): T[] {
    const out: T[] = [];
    for (const entry of this.slots) if (entry !== null && entry !== undefined) out.push(entry);
    return out.sort((a, b) => a.orderId - b.orderId);
  }
}

/**
 * One session's live orders by client order id, under the hash of the key (kept in `keys`, and in the entry,
 * which also knows its slot, so a removal needs no search).
 */
export class ClientIdTable<T extends ByClientId> extends OpenTable<T> {
  /** The hash of the key of the last probe(). */
  private probedHash = 0;

  constructor(initialCapacity = 64) {
    super(initialCapacity);
  }

  get(clientKey: string): T | undefined {
    const index = this.probe(clientKey);
    return index < 0 ? undefined : (this.slots[index] ?? undefined);
  }

  has(clientKey: string): boolean {
    return this.probe(clientKey) >= 0;
  }

  /**
   * One probe for "is the key taken, and if not, where would it go": the slot of the entry filed under `clientKey`
   * (>= 0), or -1 - the free slot that ends its probe run. Keeps the key's hash in `probedHash` for fileAt(), so
   * a check-then-insert (the engine's duplicate ClOrdID check, then acceptance) hashes the string once.
   */
  probe(clientKey: string): number {
    const hash = hashString(clientKey);
    this.probedHash = hash;
    const slots = this.slots;
    const keys = this.keys;
    const mask = this.mask;
    // Only the flat key array until a hash matches: no entry is touched on the way.
    for (let index = hash & mask; ; index = (index + 1) & mask) {
      const key = keys[index];
      if (key === EMPTY_KEY) return -1 - index;
      if (key === hash && slots[index]?.clientKey() === clientKey) return index;
    }
  }

  /**
   * Files an entry whose key the last probe() found free (its result `probed` < 0), with nothing filed or removed
   * in between. When the table must grow first, the slot is stale and the entry is filed by a new search.
   */
  fileAt(entry: T, probed: number): void {
    if ((this.count + 1) * 2 > this.slots.length || probed >= 0) {
      this.set(entry);
      return;
    }
    this.count += 1;
    this.put(entry, -1 - probed, this.probedHash);
  }

  /** Files an entry under its current client key; one filed under the same key is replaced (and unfiled). */
  override set(entry: T): void {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const key = entry.clientKey();
    const hash = hashString(key);
    const slots = this.slots;
    const keys = this.keys;
    const mask = this.mask;
    for (let index = hash & mask; ; index = (index + 1) & mask) {
      const other = slots[index];
      if (other === null || other === undefined) {
        this.count += 1;
        this.put(entry, index, hash);
        return;
      }
      if (keys[index] === hash && other.clientKey() === key) {
        other.clientSlot = -1;
        this.put(entry, index, hash);
        return;
      }
    }
  }

  /** Removes this very entry (from the slot it knows); false when it is not filed here. */
  delete(entry: T): boolean {
    const slots = this.slots;
    const keys = this.keys;
    const mask = this.mask;
    let hole = entry.clientSlot;
    if (hole < 0 || slots[hole] !== entry) return false;
    entry.clientSlot = -1;
    this.count -= 1;
    for (let next = (hole + 1) & mask; ; next = (next + 1) & mask) {
      const movedHash = keys[next] ?? EMPTY_KEY;
      if (movedHash === EMPTY_KEY) break;
      const moved = slots[next];
      if (moved === null || moved === undefined) break;
      if (((next - (movedHash & mask)) & mask) >= ((next - hole) & mask)) {
        this.put(moved, hole, movedHash);
        hole = next;
      }
    }
    slots[hole] = null;
    keys[hole] = EMPTY_KEY;
    return true;
  }

  private put(entry: T, index: number, hash: number): void {
    this.slots[index] = entry;
    this.keys[index] = hash;
    entry.clientHash = hash;
    entry.clientSlot = index;
  }
}

/** The key of a free slot. */
const EMPTY_KEY = -1;

function powerOfTwoAtLeast(value: number): number {
  let capacity = 16;
  while (capacity < value) capacity *= 2;
  return capacity;
}

/** Home slot of an order id: its low bits (ids are sequential, so consecutive orders take consecutive slots). */
function slotOfId(orderId: number, mask: number): number {
  return (orderId >>> 0) & mask;
}

/** FNV-1a over the UTF-16 code units, with a final mix so the low bits (the slot) depend on every character. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 15;
  // 30 bits: a small integer, so the field that keeps it never holds a boxed double.
  return hash & 0x3fffffff;
}
