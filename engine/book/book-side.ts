import type { BookOrder } from './book-order';
import { PriceLevel } from './price-level';

/**
 * One side of a book: price levels in an array sorted ascending by key (bid price, or minus the ask price), so
 * the best level is the last one and most changes happen near the end. Binary search finds a level.
 */
export class BookSide {
  readonly isBuy: boolean;
  readonly levels: PriceLevel[] = [];

  constructor(isBuy: boolean) {
    this.isBuy = isBuy;
  }

  best(): PriceLevel | undefined {
    const levels = this.levels;
    return levels.length === 0 ? undefined : levels[levels.length - 1];
  }

  /** Index of the level with this key, or -(insertion point) - 1. */
  private search(key: number): number {
    const levels = this.levels;
    let high = levels.length - 1;
    if (high < 0) return -1;
    // Most orders go at or near the best price: try the end first.
    const last = levels[high];
    if (last === undefined || key > last.key) return -(high + 1) - 1;
    if (key === last.key) return high;
    let low = 0;
    high -= 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const level = levels[mid];
      if (level === undefined) break;
      if (level.key < key) low = mid + 1;
      else if (level.key > key) high = mid - 1;
      else return mid;
    }
    return -low - 1;
  }

  /** Queues the order at the tail of its price level (new time priority). */
  add(order: BookOrder): void {
    const price = order.priceTicks;
    const key = this.isBuy ? price : -price;
    const index = this.search(key);
    let level: PriceLevel | undefined;
    if (index >= 0) level = this.levels[index];
    if (level === undefined) {
      level = new PriceLevel(price, key);
      const at = -index - 1;
      if (at === this.levels.length) this.levels.push(level);
      else this.levels.splice(at, 0, level);
    }
    level.append(order);
  }

  /** Takes the order out of its level, and the level out of the side when it empties. */
  remove(order: BookOrder): void {
    const level = order.level;
    if (level === null) return;
    level.unlink(order);
    if (level.head === null) this.removeLevel(level);
  }

  private removeLevel(level: PriceLevel): void {
    const last = this.levels.length - 1;
    if (this.levels[last] === level) {
      this.levels.pop();
      return;
    }
    const index = this.search(level.key);
    if (index >= 0) this.levels.splice(index, 1);
  }
}
