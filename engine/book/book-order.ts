import { OrderStatus, SelfTradePrevention, SelfTradeScope } from '../model';
import type { OrderTerms } from '../model';
import type { PriceLevel } from './price-level';

/** Where a live order is: resting in a price level, waiting for its trigger in the stop list, or neither (arriving). */
export enum Place {
  None = 0,
  Book = 1,
  Stops = 2,
}

/**
 * The engine's mutable view of one live order: an intrusive node of its price level's queue, a node of the
 * expiry heap, and the counters of its state. One shape for every order (monomorphic).
 */
export class BookOrder {
  terms: OrderTerms;
  readonly orderId: number;
  readonly isBuy: boolean;
  /** True for a market order and for a triggered stop (market): never rests. */
  isMarket: boolean;
  /** Limit price (ticks); for a market order its protection price, or 0 when none was given (prices are positive). */
  priceTicks: number;
  /** Trigger price of a stop order; 0 for other orders. */
  stopPriceTicks: number;
  /** Iceberg peak; 0 when the order shows all of it. */
  displayQty: number;
  /** Quantity shown now (the rest of the iceberg peak, or all of leaves). */
  visibleQty: number;
  leavesQty: number;
  cumQty: number;
  notionalTicksLots: bigint;
  status: OrderStatus;
  /** Expiry time in µs as a number (safe until year 2255); Infinity when it never expires. */
  expireUs: number;
  heapIndex: number;
  place: Place;
  level: PriceLevel | null;
  prev: BookOrder | null;
  next: BookOrder | null;
  readonly stpMode: SelfTradePrevention;
  readonly stpByFirm: boolean;

  constructor(terms: OrderTerms, expireUs: number) {
    this.terms = terms;
    this.orderId = terms.orderId;
    this.isBuy = terms.side === 'BUY';
    this.isMarket = false;
    this.priceTicks = terms.priceTicks ?? 0;
    this.stopPriceTicks = terms.stopPriceTicks ?? 0;
    this.displayQty = terms.displayQtyLots ?? 0;
    this.leavesQty = terms.qtyLots;
    this.visibleQty = this.displayQty > 0 ? Math.min(this.displayQty, terms.qtyLots) : terms.qtyLots;
    this.cumQty = 0;
    this.notionalTicksLots = 0n;
    this.status = OrderStatus.New;
    this.expireUs = expireUs;
    this.heapIndex = -1;
    this.place = Place.None;
    this.level = null;
    this.prev = null;
    this.next = null;
    this.stpMode = terms.selfTradePrevention;
    this.stpByFirm = terms.selfTradeScope === SelfTradeScope.Firm;
  }

  /** True when this (aggressing) order may not trade with `resting` under its self-trade prevention. */
  selfMatches(resting: BookOrder): boolean {
    if (this.stpMode === SelfTradePrevention.None) return false;
    if (resting.terms.firm !== this.terms.firm) return false;
    return this.stpByFirm || resting.terms.account === this.terms.account;
  }
}
