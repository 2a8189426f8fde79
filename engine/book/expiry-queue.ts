import type { BookOrder } from './book-order';

/**
 * The live orders that expire at one time. GTD orders are listed (an intrusive list in ascending order id); DAY
 * orders are only counted: all of a day's DAY orders share one bucket, and when it is due they are found by a
 * scan of the live orders (once a day).
 */
export class ExpiryBucket {
  readonly expireUs: number;
  head: BookOrder | null = null;
  tail: BookOrder | null = null;
  /** Members not in the list (DAY orders). */
  counted = 0;
  heapIndex = -1;

  constructor(expireUs: number) {
    this.expireUs = expireUs;
  }
}

/**
 * The live orders that expire (DAY, GTD), in expiry order: (expiry time, order id). Orders are grouped in one
 * bucket per distinct expiry time, kept in a binary min-heap of buckets; each order knows its bucket, so a cancel
 * or fill takes it out at once (never a dead order in the queue).
 *
 * Why buckets: all DAY orders of a day share one expiry time. A plain heap of orders costs O(log n) cache-missing
 * steps per add and remove. Why DAY orders are counted, not listed: unlinking an order from a list writes to its two
 * neighbours, two cache misses in a deep book on every cancel and fill; a count is one shared, hot field. The day's
 * end finds them by a scan of the live orders instead, O(n log n) once a day. GTD orders, whose times are spread,
 * are listed: an order arriving (the highest order id so far) is appended to its bucket's tail and a removal is an
 * unlink, both O(1); only a GTD replace may insert into the middle of a bucket.
 */
export class ExpiryQueue {
  private readonly heap: ExpiryBucket[] = [];
  private readonly buckets = new Map<number, ExpiryBucket>();
  /** The bucket of the last add: DAY orders all share one, so most adds skip the Map (keyed by a double). */
  private lastBucket: ExpiryBucket | null = null;

  /** The first bucket to expire if it is due at `nowUs` (expiry time at or before it). */
  due(nowUs: number): ExpiryBucket | undefined {
    const first = this.heap[0];
    return first === undefined || first.expireUs > nowUs ? undefined : first;
  }

  /**
   * The members of a bucket in ascending order id: its list, and when it counts members, those of `live` (every live
   * order, e.g. the engine's by-id index) that are in it unlisted. Allocates: once per expiry time.
   */
  members(bucket: ExpiryBucket, live: () => readonly BookOrder[]): BookOrder[] {
    const out: BookOrder[] = [];
    for (let order = bucket.head; order !== null; order = order.expiryNext) out.push(order);
    if (bucket.counted > 0) {
      for (const order of live()) if (order.expiryBucket === bucket && !order.expiryListed) out.push(order);
      out.sort((a, b) => a.orderId - b.orderId);
    }
    return out;
  }

  /** Files the order to expire at `expireUs`: in the bucket's list when `listed` (GTD), else counted (DAY). */
  add(order: BookOrder, expireUs: number, listed: boolean): void {
    let bucket = this.lastBucket;
    // A dropped bucket has heapIndex -1 and is not reused.
    if (bucket === null || bucket.expireUs !== expireUs || bucket.heapIndex < 0) {
      bucket = this.buckets.get(expireUs) ?? this.newBucket(expireUs);
      this.lastBucket = bucket;
    }
    order.expiryBucket = bucket;
    order.expiryListed = listed;
    if (!listed) {
      bucket.counted += 1;
      return;
    }
    // Walk back past the orders with a higher id (none, for a newly accepted order).
    let before = bucket.tail;
    while (before !== null && before.orderId > order.orderId) before = before.expiryPrev;
    const after = before === null ? bucket.head : before.expiryNext;
    order.expiryPrev = before;
    order.expiryNext = after;
    if (before === null) bucket.head = order;
    else before.expiryNext = order;
    if (after === null) bucket.tail = order;
    else after.expiryPrev = order;
  }

  remove(order: BookOrder): void {
    const bucket = order.expiryBucket;
    if (bucket === null) return;
    order.expiryBucket = null;
    if (order.expiryListed) {
      const { expiryPrev: prev, expiryNext: next } = order;
      if (prev === null) bucket.head = next;
      else prev.expiryNext = next;
      if (next === null) bucket.tail = prev;
      else next.expiryPrev = prev;
      order.expiryPrev = null;
      order.expiryNext = null;
      order.expiryListed = false;
    } else {
      bucket.counted -= 1;
    }
    if (bucket.head === null && bucket.counted === 0) this.dropBucket(bucket);
  }

  /** Takes a bucket out of the queue if it is still in it (after its members expired; see the engine's expiry). */
  discard(bucket: ExpiryBucket): void {
    if (bucket.heapIndex >= 0) this.dropBucket(bucket);
  }

  /** Listed and counted members of every bucket, and the buckets in the heap (for invariant checks). */
  census(): { readonly listed: number; readonly counted: number; readonly buckets: number } {
    let listed = 0;
    let counted = 0;
    for (const bucket of this.heap) {
      counted += bucket.counted;
      for (let order = bucket.head; order !== null; order = order.expiryNext) listed += 1;
    }
    return { listed, counted, buckets: this.heap.length };
  }

  private newBucket(expireUs: number): ExpiryBucket {
    const bucket = new ExpiryBucket(expireUs);
    this.buckets.set(expireUs, bucket);
    bucket.heapIndex = this.heap.length;
    this.heap.push(bucket);
    this.up(bucket.heapIndex);
    return bucket;
  }

  private dropBucket(bucket: ExpiryBucket): void {
    this.buckets.delete(bucket.expireUs);
    const index = bucket.heapIndex;
    bucket.heapIndex = -1;
    const last = this.heap.pop();
    if (last === undefined || last === bucket) return;
    this.heap[index] = last;
    last.heapIndex = index;
    this.down(index);
    this.up(last.heapIndex);
  }

  private up(start: number): void {
    const heap = this.heap;
    let index = start;
    const bucket = heap[index];
    if (bucket === undefined) return;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex];
      if (parent === undefined || !(bucket.expireUs < parent.expireUs)) break;
      heap[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    heap[index] = bucket;
    bucket.heapIndex = index;
  }

  private down(start: number): void {
    const heap = this.heap;
    const size = heap.length;
    let index = start;
    const bucket = heap[index];
    if (bucket === undefined) return;
    for (;;) {
      const leftIndex = 2 * index + 1;
      if (leftIndex >= size) break;
      const left = heap[leftIndex];
      const right = heap[leftIndex + 1];
      if (left === undefined) break;
      let childIndex = leftIndex;
      let child = left;
      if (right !== undefined && right.expireUs < left.expireUs) {
        childIndex = leftIndex + 1;
        child = right;
      }
      if (!(child.expireUs < bucket.expireUs)) break;
      heap[index] = child;
      child.heapIndex = index;
      index = childIndex;
    }
    heap[index] = bucket;
    bucket.heapIndex = index;
  }
}
