import type { BookOrder } from './book-order';

/** One price of one side: a FIFO queue of orders as an intrusive doubly linked list, with its shown quantity. */
export class PriceLevel {
  readonly priceTicks: number;
  /** priceTicks for bids, -priceTicks for asks: levels sort ascending by key, best last. */
  readonly key: number;
  head: BookOrder | null = null;
  tail: BookOrder | null = null;
  visibleQty = 0;
  orderCount = 0;

  constructor(priceTicks: number, key: number) {
    this.priceTicks = priceTicks;
    this.key = key;
  }

  append(order: BookOrder): void {
    order.level = this;
    order.next = null;
    order.prev = this.tail;
    if (this.tail === null) this.head = order;
    else this.tail.next = order;
    this.tail = order;
    this.visibleQty += order.visibleQty;
    this.orderCount += 1;
  }

  unlink(order: BookOrder): void {
    const { prev, next } = order;
    if (prev === null) this.head = next;
    else prev.next = next;
    if (next === null) this.tail = prev;
    else next.prev = prev;
    order.prev = null;
    order.next = null;
    order.level = null;
    this.visibleQty -= order.visibleQty;
    this.orderCount -= 1;
  }
}
