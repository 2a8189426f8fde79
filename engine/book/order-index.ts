import type { BookOrder } from './book-order';

/**
 * The live orders by gateway order id: an open-addressing hash table (linear probing, deletion by backward
 * shift, so no tombstones) in one array of order references.
 *
 * Why not a Map: V8's Map never reuses a deleted entry; with a million inserts and deletes over a few thousand
 * live orders it keeps rebuilding its table, which is garbage for the collector. This table only grows (to twice
 * the peak live count), never allocates in steady state, and order ids, being sequential, land in distinct slots.
 */
export class OrderIdIndex {
  private slots: (BookOrder | null)[];
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = powerOfTwoAtLeast(initialCapacity);
    this.slots = new Array<BookOrder | null>(capacity).fill(null);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  get(orderId: number): BookOrder | undefined {
    const slots = this.slots;
    const mask = this.mask;
    for (let index = slotOfId(orderId, mask); ; index = (index + 1) & mask) {
      const order = slots[index];
      if (order === null || order === undefined) return undefined;
      if (order.orderId === orderId) return order;
    }
  }

  /** Adds an order; an order with the same id is replaced. */
  set(order: BookOrder): void {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    const orderId = order.orderId;
    for (let index = slotOfId(orderId, mask); ; index = (index + 1) & mask) {
      const other = slots[index];
      if (other === null || other === undefined) {
        slots[index] = order;
        this.count += 1;
        return;
      }
      if (other.orderId === orderId) {
        slots[index] = order;
        return;
      }
    }
  }

  /** Removes this very order; false when it was not in the table. */
  delete(order: BookOrder): boolean {
    const slots = this.slots;
    const mask = this.mask;
    let index = slotOfId(order.orderId, mask);
    for (;;) {
      const other = slots[index];
      if (other === null || other === undefined) return false;
      if (other === order) break;
      index = (index + 1) & mask;
    }
    this.count -= 1;
    // Backward shift: pull later entries of the probe run into the hole when their home slot allows it.
    let hole = index;
    for (let next = (hole + 1) & mask; ; next = (next + 1) & mask) {
      const moved = slots[next];
      if (moved === null || moved === undefined) break;
      const home = slotOfId(moved.orderId, mask);
      // `moved` may fill the hole unless its home lies cyclically in (hole, next].
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        slots[hole] = moved;
        hole = next;
      }
    }
    slots[hole] = null;
    return true;
  }

  /** The live orders in ascending order id (their acceptance order). Allocates: for rare bulk operations only. */
  ordersByAscendingId(): BookOrder[] {
    const out: BookOrder[] = [];
    for (const order of this.slots) if (order !== null && order !== undefined) out.push(order);
    return out.sort((a, b) => a.orderId - b.orderId);
  }

  private grow(): void {
    const old = this.slots;
    const capacity = old.length * 2;
    this.slots = new Array<BookOrder | null>(capacity).fill(null);
    this.mask = capacity - 1;
    this.count = 0;
    for (const order of old) if (order !== null && order !== undefined) this.set(order);
  }
}

/**
 * The live orders of one session by client order id (ClOrdID): the same kind of table, with a string hash
 * computed once per order (kept in the order) and the order's slot kept in the order so removal needs no search.
 */
export class ClientOrderIndex {
  private slots: (BookOrder | null)[];
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 64) {
    const capacity = powerOfTwoAtLeast(initialCapacity);
    this.slots = new Array<BookOrder | null>(capacity).fill(null);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  get(clientOrderId: string): BookOrder | undefined {
    const hash = hashString(clientOrderId);
    const slots = this.slots;
    const mask = this.mask;
    for (let index = hash & mask; ; index = (index + 1) & mask) {
      const order = slots[index];
      if (order === null || order === undefined) return undefined;
      if (order.clientHash === hash && order.terms.clientOrderId === clientOrderId) return order;
    }
  }

  has(clientOrderId: string): boolean {
    return this.get(clientOrderId) !== undefined;
  }

  /** Adds an order under its current client order id; an order under the same id is replaced (and unindexed). */
  set(order: BookOrder): void {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const clientOrderId = order.terms.clientOrderId;
    const hash = hashString(clientOrderId);
    order.clientHash = hash;
    const slots = this.slots;
    const mask = this.mask;
    for (let index = hash & mask; ; index = (index + 1) & mask) {
      const other = slots[index];
      if (other === null || other === undefined) {
        this.count += 1;
        this.put(order, index);
        return;
      }
      if (other.clientHash === hash && other.terms.clientOrderId === clientOrderId) {
        other.clientSlot = -1;
        this.put(order, index);
        return;
      }
    }
  }

  /** Removes this very order (from the slot it knows); false when it is not indexed here. */
  delete(order: BookOrder): boolean {
    const slots = this.slots;
    const mask = this.mask;
    let hole = order.clientSlot;
    if (hole < 0 || slots[hole] !== order) return false;
    order.clientSlot = -1;
    this.count -= 1;
    for (let next = (hole + 1) & mask; ; next = (next + 1) & mask) {
      const moved = slots[next];
      if (moved === null || moved === undefined) break;
      const home = moved.clientHash & mask;
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        this.put(moved, hole);
        hole = next;
      }
    }
    slots[hole] = null;
    return true;
  }

  private put(order: BookOrder, index: number): void {
    this.slots[index] = order;
    order.clientSlot = index;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = old.length * 2;
    this.slots = new Array<BookOrder | null>(capacity).fill(null);
    this.mask = capacity - 1;
    this.count = 0;
    for (const order of old) if (order !== null && order !== undefined) this.set(order);
  }
}

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
  // 30 bits: a small integer for V8, so the field that keeps it in the order never holds a boxed double.
  return hash & 0x3fffffff;
}
