import type { PlaceOrder } from '../engine/model';
import { DUPLICATE_HISTORY } from './compiled-limits';
import type { RiskEntity } from './risk-entity';

/**
 * The repeated automated execution control (RTS 6 Art. 15(3)): each session keeps its last DUPLICATE_HISTORY new
 * orders in a ring of preallocated arrays; an order is a repeat of an earlier one with the same account,
 * instrument, side, type, quantity and price.
 */
export function countRepeats(session: RiskEntity, order: PlaceOrder, sinceUs: number): number {
  const price = order.priceTicks ?? Number.NaN;
  let count = 0;
  for (let i = 0; i < DUPLICATE_HISTORY; i += 1) {
    if ((session.recentAtUs[i] ?? Number.NEGATIVE_INFINITY) < sinceUs) continue;
    if (session.recentQtyLots[i] !== order.qtyLots) continue;
    const p = session.recentPriceTicks[i] ?? 0;
    if (p !== price && !(Number.isNaN(p) && Number.isNaN(price))) continue;
    if (session.recentSide[i] === order.side && session.recentType[i] === order.type && session.recentSymbol[i] === order.symbol && session.recentAccount[i] === order.account) count += 1;
  }
  return count;
}

export function recordOrder(session: RiskEntity, order: PlaceOrder, nowUs: number): void {
  const i = session.recentNext;
  session.recentAtUs[i] = nowUs;
  session.recentQtyLots[i] = order.qtyLots;
  session.recentPriceTicks[i] = order.priceTicks ?? Number.NaN;
  session.recentSide[i] = order.side;
  session.recentType[i] = order.type;
  session.recentSymbol[i] = order.symbol;
  session.recentAccount[i] = order.account;
  session.recentNext = (i + 1) % DUPLICATE_HISTORY;
}

export function forgetOrders(session: RiskEntity): void {
  session.recentAtUs.fill(Number.NEGATIVE_INFINITY);
}
