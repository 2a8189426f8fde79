import type { BookOrder } from './book-order';

/** The live orders that expire at one time, as an intrusive list in ascending order id. */
export class ExpiryBucket {
  readonly expireUs: number;
  head: BookOrder | null = null;
  tail: BookOrder | null = null;
  heapIndex = -1;

  constructor(expireUs: number) {
    this.expireUs = expireUs;
  }
}

/**
 * The live orders that expire (DAY, GTD), in expiry order: (expiry time, order id). Orders are grouped in one
 * bucket per distinct expiry time, kept in a binary min-heap of buckets; each bucket is a linked list sorted by
 * order id, and each order knows its bucket, so a cancel or fill removes its order at once (never a dead order).
 *
 * Why buckets: all DAY orders of a day share one expiry time. A plain heap of orders costs O(log n) cache-missing
 * steps per add and remove; here an order arriving (the highest order id so far) is appended to its bucket's tail
 * and a removal is an unlink, both O(1). Only a GTD replace may insert into the middle of a bucket.
 */
export class ExpiryQueue {
  private readonly heap: ExpiryBucket[] = [];
  private readonly buckets = new Map<number, ExpiryBucket>();
  /** The bucket of the last add: DAY orders all share one, so most adds skip the Map (keyed by a double). */
  private lastBucket: ExpiryBucket | null = null;

  /** The next order to expire if it is due at `nowUs` (expiry time at or before it). */
  peekDue(nowUs: number): BookOrder | undefined {
    const first = this.heap[0];
    return first === undefined || first.head === null || first.expireUs > nowUs ? undefined : first.head;
  }

  /** Files the order to expire at `expireUs`. */
  add(order: BookOrder, expireUs: number): void {
    let bucket = this.lastBucket;
    // A dropped bucket has heapIndex -1 and is not reused.
    if (bucket === null || bucket.expireUs !== expireUs || bucket.heapIndex < 0) {
      bucket = this.buckets.get(expireUs) ?? this.newBucket(expireUs);
      this.lastBucket = bucket;
    }
    order.expiryBucket = bucket;
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
    const { expiryPrev: prev, expiryNext: next } = order;
    if (prev === null) bucket.head = next;
    else prev.expiryNext = next;
    if (next === null) bucket.tail = prev;
    else next.expiryPrev = prev;
    order.expiryBucket = null;
    order.expiryPrev = null;
    order.expiryNext = null;
    if (bucket.head === null) this.dropBucket(bucket);
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
