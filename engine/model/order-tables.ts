/**
 * Open orders by id and by client order id, as open-addressing hash tables (linear probing, deletion by backward
 * shift, so no tombstones). Shared by the engine and risk, which both keep every live order findable on the order
 * path.
 *
 * Why not a Map: V8's Map never reuses a deleted entry; with millions of inserts and deletes over a few thousand
 * live orders it keeps rebuilding its table, which is garbage for the collector. These tables only grow (to twice
 * the peak live count) and allocate nothing in steady state.
 *
 * Layout: one array of cells, two per slot: the slot's key (a small integer; EMPTY_KEY when the slot is free) and
 * beside it the entry. A slot's key and entry share a cache line, so a probe costs one cache miss, not one in a
 * key array and another in a reference array; probes and the backward shift of a delete compare keys there and
 * touch an entry only when its key matches (in a deep book every entry touched would be a cache miss too).
 */

/** An entry of an IdTable: a live order with its gateway order id. */
export interface ById {
  readonly orderId: number;
}

/** An entry of a ClientIdTable: it keeps its key's hash (set by the table), so a removal needs no hashing. */
export interface ByClientId {
  /** The client order id it is filed under (ClOrdID; the latest one after a replace). */
  clientKey(): string;
  clientHash: number;
}

/** A slot's cells: its key at 2i (a small integer), its entry at 2i + 1. */
type Cell<T> = T | number | null;

/**
 * What both tables share: the cells, a power-of-two capacity, removal by backward shift and growth by re-filing.
 * A key is at most 30 bits and its home slot is its low bits (key & mask), for both tables.
 */
abstract class OpenTable<T> {
  protected cells: Cell<T>[];
  protected mask: number;
  protected count = 0;

  constructor(initialCapacity: number) {
    const capacity = powerOfTwoAtLeast(initialCapacity);
    this.cells = emptyCells<T>(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Slots in the table (it grows to keep at most half of them full, and never shrinks). */
  get capacity(): number {
    return this.mask + 1;
  }

  abstract set(entry: T): void;

  /** The key in slot `index`: EMPTY_KEY when the slot is free. */
  protected keyAt(index: number): number {
    return this.cells[2 * index] as number;
  }

  /** The entry in slot `index` (the caller knows the slot holds one). */
  protected entryAt(index: number): T {
    return this.cells[2 * index + 1] as T;
  }

  protected put(index: number, key: number, entry: T): void {
    this.cells[2 * index] = key;
    this.cells[2 * index + 1] = entry;
  }

  /**
   * Removes this very entry, searched from the home slot of `key` by identity (no entry is touched); false when it
   * is not there. Backward shift: later entries of the probe run move into the hole when their home slot allows.
   */
  protected remove(entry: T, key: number): boolean {
    const cells = this.cells;
    const mask = this.mask;
    let hole = key & mask;
    for (;;) {
      const at = cells[2 * hole];
      if (at === EMPTY_KEY) return false;
      if (cells[2 * hole + 1] === entry) break;
      hole = (hole + 1) & mask;
    }
    this.count -= 1;
    for (let next = (hole + 1) & mask; ; next = (next + 1) & mask) {
      const movedKey = cells[2 * next] as number;
      if (movedKey === EMPTY_KEY) break;
      // The entry at `next` may fill the hole unless its home lies cyclically in (hole, next].
      if (((next - (movedKey & mask)) & mask) >= ((next - hole) & mask)) {
        cells[2 * hole] = movedKey;
        cells[2 * hole + 1] = cells[2 * next + 1] ?? null;
        hole = next;
      }
    }
    cells[2 * hole] = EMPTY_KEY;
    cells[2 * hole + 1] = null;
    return true;
  }

  /** The entries, in slot order. */
  protected entries(): T[] {
    const out: T[] = [];
    const cells = this.cells;
    for (let index = 0; index <= this.mask; index += 1) if (cells[2 * index] !== EMPTY_KEY) out.push(cells[2 * index + 1] as T);
    return out;
  }

  /** Twice the room, every entry filed again: called when a table would be more than half full. */
  protected grow(): void {
    const old = this.entries();
    const capacity = (this.mask + 1) * 2;
    this.cells = emptyCells<T>(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (const entry of old) this.set(entry);
  }
}

export class IdTable<T extends ById> extends OpenTable<T> {
  constructor(initialCapacity = 1024) {
    super(initialCapacity);
  }

  get(orderId: number): T | undefined {
    const cells = this.cells;
    const mask = this.mask;
    const key = idKey(orderId);
    for (let index = key & mask; ; index = (index + 1) & mask) {
      const at = cells[2 * index];
      if (at === EMPTY_KEY) return undefined;
      if (at === key) {
        const entry = cells[2 * index + 1] as T;
        if (entry.orderId === orderId) return entry;
      }
    }
  }

  /** Adds an entry; one with the same id is replaced. */
  override set(entry: T): void {
    if ((this.count + 1) * 2 > this.capacity) this.grow();
    const mask = this.mask;
    const orderId = entry.orderId;
    const key = idKey(orderId);
    for (let index = key & mask; ; index = (index + 1) & mask) {
      const at = this.keyAt(index);
      if (at === EMPTY_KEY) {
        this.put(index, key, entry);
        this.count += 1;
        return;
      }
      if (at === key && this.entryAt(index).orderId === orderId) {
        this.put(index, key, entry);
        return;
      }
    }
  }

  /** Removes this very entry; false when it was not in the table. */
  delete(entry: T): boolean {
    return this.remove(entry, idKey(entry.orderId));
  }

  /** The entries in ascending order id (acceptance order). Allocates: for rare bulk operations only. */
  byAscendingId(): T[] {
    return this.entries().sort((a, b) => a.orderId - b.orderId);
  }
}

/** One session's live orders by client order id, under the hash of the key (kept in the entry too, for removal). */
export class ClientIdTable<T extends ByClientId> extends OpenTable<T> {
  /** The hash of the key of the last probe(). */
  private probedHash = 0;

  constructor(initialCapacity = 64) {
    super(initialCapacity);
  }

  get(clientKey: string): T | undefined {
    const index = this.probe(clientKey);
    return index < 0 ? undefined : this.entryAt(index);
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
    const cells = this.cells;
    const mask = this.mask;
    for (let index = hash & mask; ; index = (index + 1) & mask) {
      const at = cells[2 * index];
      if (at === EMPTY_KEY) return -1 - index;
      if (at === hash && (cells[2 * index + 1] as T).clientKey() === clientKey) return index;
    }
  }

  /**
   * Files an entry whose key the last probe() found free (its result `probed` < 0), with nothing filed or removed
   * in between. When the table must grow first, the slot is stale and the entry is filed by a new search.
   */
  fileAt(entry: T, probed: number): void {
    if ((this.count + 1) * 2 > this.capacity || probed >= 0) {
      this.set(entry);
      return;
    }
    this.count += 1;
    entry.clientHash = this.probedHash;
    this.put(-1 - probed, this.probedHash, entry);
  }

  /** Files an entry under its current client key; one filed under the same key is replaced (and unfiled). */
  override set(entry: T): void {
    if ((this.count + 1) * 2 > this.capacity) this.grow();
    const key = entry.clientKey();
    const hash = hashString(key);
    const mask = this.mask;
    entry.clientHash = hash;
    for (let index = hash & mask; ; index = (index + 1) & mask) {
      const at = this.keyAt(index);
      if (at === EMPTY_KEY) {
        this.count += 1;
        this.put(index, hash, entry);
        return;
      }
      if (at === hash && this.entryAt(index).clientKey() === key) {
        this.put(index, hash, entry);
        return;
      }
    }
  }

  /** Removes this very entry (searched from the home of the hash it was filed under); false when it is not filed here. */
  delete(entry: T): boolean {
    return this.remove(entry, entry.clientHash);
  }
}

/** The key of a free slot (keys are never negative). */
const EMPTY_KEY = -1;

function emptyCells<T>(capacity: number): Cell<T>[] {
  const cells = new Array<Cell<T>>(2 * capacity);
  for (let index = 0; index < capacity; index += 1) {
    cells[2 * index] = EMPTY_KEY;
    cells[2 * index + 1] = null;
  }
  return cells;
}

function powerOfTwoAtLeast(value: number): number {
  let capacity = 16;
  while (capacity < value) capacity *= 2;
  return capacity;
}

/**
 * The key of an order id: its low 30 bits (a small integer; ids are sequential, so consecutive orders take
 * consecutive slots). Ids 2^30 apart share a key, so a match is confirmed on the entry's own id.
 */
function idKey(orderId: number): number {
  return orderId & 0x3fffffff;
}

/** FNV-1a (32 bits) over the UTF-16 code units, without a final mix (callers add their own). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}

/** FNV-1a with a final mix so the low bits (the slot) depend on every character. */
function hashString(text: string): number {
  const hash = fnv1a(text);
  // 30 bits: a small integer, so the cell and the field that keep it never hold a boxed double.
  return (hash ^ (hash >>> 15)) & 0x3fffffff;
}
