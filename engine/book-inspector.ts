import type { OrderState, OrderTerms, PriceTicks, QtyLots } from './model';
import { OrderStatus } from './model';
import type { BookOrder } from './book/book-order';
import { Place } from './book/book-order';
import type { BookSide } from './book/book-side';
import type { OrderBook } from './book/order-book';
import type { OrderIdIndex } from './book/order-index';

export interface DepthLevel {
  readonly priceTicks: PriceTicks;
  /** Shown quantity (icebergs count their current peak only). */
  readonly qtyLots: QtyLots;
  readonly orderCount: number;
}

/** Top of book for market data: best first on each side. */
export interface BookDepth {
  readonly symbol: string;
  readonly bids: readonly DepthLevel[];
  readonly asks: readonly DepthLevel[];
}

/** A live order as a query sees it. */
export interface OrderSnapshot extends OrderState {
  readonly order: OrderTerms;
  /** True for a stop order still waiting for its trigger price. */
  readonly waitingForTrigger: boolean;
}

function sideDepth(side: BookSide, count: number): DepthLevel[] {
  const out: DepthLevel[] = [];
  for (let index = side.levels.length - 1; index >= 0 && out.length < count; index -= 1) {
    const level = side.levels[index];
    if (level === undefined) break;
    out.push({ priceTicks: level.priceTicks as PriceTicks, qtyLots: level.visibleQty as QtyLots, orderCount: level.orderCount });
  }
  return out;
}

export function bookDepth(book: OrderBook, levels: number): BookDepth {
  return { symbol: book.instrument.symbol, bids: sideDepth(book.bids, levels), asks: sideDepth(book.asks, levels) };
}

export function snapshotOf(order: BookOrder): OrderSnapshot {
  return {
    order: order.terms,
    waitingForTrigger: order.place === Place.Stops,
    status: order.status,
    cumQtyLots: order.cumQty as QtyLots,
    leavesQtyLots: order.leavesQty as QtyLots,
    notionalTicksLots: order.notionalTicksLots,
  };
}

function checkSide(side: BookSide, symbol: string, byId: OrderIdIndex, problems: string[]): void {
  const name = `${symbol} ${side.isBuy ? 'bids' : 'asks'}`;
  const stale = side.firstStaleKey();
  if (stale >= 0) problems.push(`${name}: the search key of level ${stale} differs from the level's key`);
  let previousKey = Number.NEGATIVE_INFINITY;
  for (const level of side.levels) {
    if (!(level.key > previousKey)) problems.push(`${name}: level ${level.priceTicks} out of order`);
    previousKey = level.key;
    if (level.key !== (side.isBuy ? level.priceTicks : -level.priceTicks)) problems.push(`${name}: level ${level.priceTicks} has a wrong key`);
    if (level.head === null) problems.push(`${name}: empty level ${level.priceTicks} left in the book`);
    let visible = 0;
    let count = 0;
    let previous: BookOrder | null = null;
    for (let order = level.head; order !== null; order = order.next) {
      count += 1;
      visible += order.visibleQty;
      const where = `${name} @${level.priceTicks} order ${order.orderId}`;
      if (order.prev !== previous) problems.push(`${where}: broken back link`);
      if (order.level !== level || order.place !== Place.Book) problems.push(`${where}: not marked as resting in this level`);
      if (order.priceTicks !== level.priceTicks) problems.push(`${where}: price ${order.priceTicks} in the wrong level`);
      if (order.isBuy !== side.isBuy) problems.push(`${where}: on the wrong side`);
      if (byId.get(order.orderId) !== order) problems.push(`${where}: not registered`);
      if (order.leavesQty <= 0 || order.visibleQty <= 0 || order.visibleQty > order.leavesQty) {
        problems.push(`${where}: leaves ${order.leavesQty}, shown ${order.visibleQty}`);
      }
      if (order.displayQty > 0 ? order.visibleQty > order.displayQty : order.visibleQty !== order.leavesQty) {
        problems.push(`${where}: shown ${order.visibleQty} does not fit display ${order.displayQty}`);
      }
      if (order.cumQty + order.leavesQty > order.terms.qtyLots) problems.push(`${where}: cum + leaves exceeds the order quantity`);
      const expected = order.cumQty === 0 ? OrderStatus.New : OrderStatus.PartiallyFilled;
      if (order.status !== expected) problems.push(`${where}: status ${order.status}, expected ${expected}`);
      previous = order;
    }
    if (level.tail !== previous) problems.push(`${name} @${level.priceTicks}: tail is not the last order`);
    if (visible !== level.visibleQty) problems.push(`${name} @${level.priceTicks}: level shows ${level.visibleQty}, orders ${visible}`);
    if (count !== level.orderCount) problems.push(`${name} @${level.priceTicks}: level counts ${level.orderCount}, queue ${count}`);
  }
}

/** Every broken invariant of one book: sides sorted, levels consistent, no crossed book at rest, stops sorted. */
export function checkInvariants(book: OrderBook, byId: OrderIdIndex): string[] {
  const problems: string[] = [];
  const symbol = book.instrument.symbol;
  checkSide(book.bids, symbol, byId, problems);
  checkSide(book.asks, symbol, byId, problems);
  const bid = book.bids.best();
  const ask = book.asks.best();
  if (bid !== undefined && ask !== undefined && bid.priceTicks >= ask.priceTicks) {
    problems.push(`${symbol}: crossed book at rest, bid ${bid.priceTicks} >= ask ${ask.priceTicks}`);
  }
  const stops: readonly (readonly [readonly BookOrder[], number])[] = [
    [book.buyStops, -1],
    [book.sellStops, 1],
  ];
  for (const [list, direction] of stops) {
    for (let index = 1; index < list.length; index += 1) {
      const before = list[index - 1];
      const after = list[index];
      if (before === undefined || after === undefined) continue;
      const diff = (after.stopPriceTicks - before.stopPriceTicks) * direction;
      if (diff < 0 || (diff === 0 && after.orderId > before.orderId)) problems.push(`${symbol}: stop list out of order at ${after.orderId}`);
    }
    for (const order of list) {
      if (order.place !== Place.Stops || byId.get(order.orderId) !== order) problems.push(`${symbol}: stop ${order.orderId} not registered`);
    }
  }
  return problems;
}
