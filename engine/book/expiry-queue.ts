import type { BookOrder } from './book-order';

function earlier(a: BookOrder, b: BookOrder): boolean {
  return a.expireUs < b.expireUs || (a.expireUs === b.expireUs && a.orderId < b.orderId);
}

/**
 * The live orders that expire (DAY, GTD), in a binary min-heap by (expiry time, order id) that knows each
 * order's index, so a cancel or fill removes its order at once (the heap never holds dead orders).
 */
export class ExpiryQueue {
  private readonly heap: BookOrder[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): BookOrder | undefined {
    return this.heap[0];
  }

  add(order: BookOrder): void {
    order.heapIndex = this.heap.length;
    this.heap.push(order);
    this.up(order.heapIndex);
  }

  remove(order: BookOrder): void {
    const index = order.heapIndex;
    if (index < 0) return;
    order.heapIndex = -1;
    const last = this.heap.pop();
    if (last === undefined || last === order) return;
    this.heap[index] = last;
    last.heapIndex = index;
    this.down(index);
    this.up(last.heapIndex);
  }

  private up(start: number): void {
    const heap = this.heap;
    let index = start;
    const order = heap[index];
    if (order === undefined) return;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex];
      if (parent === undefined || !earlier(order, parent)) break;
      heap[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    heap[index] = order;
    order.heapIndex = index;
  }

  private down(start: number): void {
    const heap = this.heap;
    const size = heap.length;
    let index = start;
    const order = heap[index];
    if (order === undefined) return;
    for (;;) {
      const leftIndex = 2 * index + 1;
      if (leftIndex >= size) break;
      const left = heap[leftIndex];
      const right = heap[leftIndex + 1];
      if (left === undefined) break;
      let childIndex = leftIndex;
      let child = left;
      if (right !== undefined && earlier(right, left)) {
        childIndex = leftIndex + 1;
        child = right;
      }
      if (!earlier(child, order)) break;
      heap[index] = child;
      child.heapIndex = index;
      index = childIndex;
    }
    heap[index] = order;
    order.heapIndex = index;
  }
}
