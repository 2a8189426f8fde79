import type { BookOrder } from './book-order';
import { PriceLevel } from './price-level';

/**
 * One side of a book: price levels in an array sorted ascending by key (bid price, or minus the ask price), so
 * the best level is the last one and most changes happen near the end. Binary search finds a level; it reads the
 * keys from a flat array kept beside the levels, not from the level objects (in a deep book each would be a
 * cache miss).
 */
export class BookSide {
  readonly isBuy: boolean;
  readonly levels: PriceLevel[] = [];
  /** keys[i] is levels[i].key, for i < levels.length. Float64: exact for any safe integer price. */
  private keys = new Float64Array(64);

  constructor(isBuy: boolean) {
    this.isBuy = isBuy;
  }

  best(): PriceLevel | undefined {
    const levels = this.levels;
    return levels.length === 0 ? undefined : levels[levels.length - 1];
  }

  /** Index of the level with this key, or -(insertion point) - 1. */
  private search(key: number): number {
    const keys = this.keys;
    let high = this.levels.length - 1;
    if (high < 0) return -1;
    // Most orders go at or near the best price: try the end first.
    const last = keys[high] ?? Number.NaN;
    if (key > last) return -(high + 1) - 1;
    if (key === last) return high;
    let low = 0;
    high -= 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = keys[mid] ?? Number.NaN;
      if (at < key) low = mid + 1;
      else if (at > key) high = mid - 1;
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
      this.insertLevel(-index - 1, level);
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

  /** The index of the first level whose copy of its key (in `keys`) is wrong; -1 when all agree (invariant checks). */
  firstStaleKey(): number {
    return this.levels.findIndex((level, index) => this.keys[index] !== level.key);
  }

  private insertLevel(at: number, level: PriceLevel): void {
    const levels = this.levels;
    const count = levels.length;
    if (count === this.keys.length) {
      const grown = new Float64Array(count * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    const keys = this.keys;
    if (at < count) keys.copyWithin(at + 1, at, count);
    keys[at] = level.key;
    if (at === count) levels.push(level);
    else levels.splice(at, 0, level);
  }

  private removeLevel(level: PriceLevel): void {
    const levels = this.levels;
    const last = levels.length - 1;
    if (levels[last] === level) {
      levels.pop();
      return;
    }
    const index = this.search(level.key);
    if (index < 0) return;
    this.keys.copyWithin(index, index + 1, last + 1);
    levels.splice(index, 1);
  }
}
