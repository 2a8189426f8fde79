import type { Instrument, TradingStatus } from '../model';
import type { BookOrder } from './book-order';
import { Place } from './book-order';
import { BookSide } from './book-side';

function buyStopFirst(a: BookOrder, b: BookOrder): boolean {
  return a.stopPriceTicks < b.stopPriceTicks || (a.stopPriceTicks === b.stopPriceTicks && a.orderId < b.orderId);
}

function sellStopFirst(a: BookOrder, b: BookOrder): boolean {
  return a.stopPriceTicks > b.stopPriceTicks || (a.stopPriceTicks === b.stopPriceTicks && a.orderId < b.orderId);
}

/**
 * The book of one instrument: two sides of price levels, the untriggered stop orders, the last trade price and
 * the trading status. Stops are kept sorted so the next to trigger is last: buy stops (trigger when the last
 * price rises to them) by stop price descending, sell stops by stop price ascending.
 */
export class OrderBook {
  /** The instrument's symbol (the key of this book), also what its orders' and trades' symbol is. */
  readonly symbol: string;
  instrument: Instrument;
  status: TradingStatus;
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  readonly buyStops: BookOrder[] = [];
  readonly sellStops: BookOrder[] = [];
  /** 0 until the first trade (prices are positive). */
  lastPriceTicks = 0;

  constructor(instrument: Instrument) {
    this.symbol = instrument.symbol;
    this.instrument = instrument;
    this.status = instrument.tradingStatus;
  }

  rest(order: BookOrder): void {
    order.place = Place.Book;
    (order.isBuy ? this.bids : this.asks).add(order);
  }

  unrest(order: BookOrder): void {
    (order.isBuy ? this.bids : this.asks).remove(order);
    order.place = Place.None;
  }

  park(order: BookOrder): void {
    order.place = Place.Stops;
    const stops = order.isBuy ? this.buyStops : this.sellStops;
    const first = order.isBuy ? buyStopFirst : sellStopFirst;
    // Insert keeping "next to trigger last": walk back from the end past the ones that trigger first.
    let at = stops.length;
    while (at > 0) {
      const other = stops[at - 1];
      if (other === undefined || !first(other, order)) break;
      at -= 1;
    }
    stops.splice(at, 0, order);
  }

  unpark(order: BookOrder): void {
    const stops = order.isBuy ? this.buyStops : this.sellStops;
    const index = stops.indexOf(order);
    if (index >= 0) stops.splice(index, 1);
    order.place = Place.None;
  }

  /** Removes and returns, by order id, the stops the last price has reached. */
  takeTriggered(): BookOrder[] {
    const last = this.lastPriceTicks;
    const triggered: BookOrder[] = [];
    if (last === 0) return triggered;
    while (this.buyStops.length > 0) {
      const stop = this.buyStops[this.buyStops.length - 1];
      if (stop === undefined || stop.stopPriceTicks > last) break;
      this.buyStops.pop();
      stop.place = Place.None;
      triggered.push(stop);
    }
    while (this.sellStops.length > 0) {
      const stop = this.sellStops[this.sellStops.length - 1];
      if (stop === undefined || stop.stopPriceTicks < last) break;
      this.sellStops.pop();
      stop.place = Place.None;
      triggered.push(stop);
    }
    if (triggered.length > 1) triggered.sort((a, b) => a.orderId - b.orderId);
    return triggered;
  }

  hasTriggeredStops(): boolean {
    const last = this.lastPriceTicks;
    // No out-of-bounds reads (arr[-1]): they take V8's slow generic path.
    if (last === 0) return false;
    const buys = this.buyStops;
    if (buys.length > 0) {
      const buy = buys[buys.length - 1];
      if (buy !== undefined && buy.stopPriceTicks <= last) return true;
    }
    const sells = this.sellStops;
    if (sells.length === 0) return false;
    const sell = sells[sells.length - 1];
    return sell !== undefined && sell.stopPriceTicks >= last;
  }
}
