import * as make from './event-factory';
import type { Matcher } from './matcher';
import { type AmendedOrder, type AmendTrade, type Fill, Liquidity, OrderStatus, type OrderState, type QtyLots, RejectCode, type TradeAmended } from './model';

/**
 * Operations cancel or correct a trade (AmendTrade). Each side's order loses, from its executed quantity, what is
 * taken off the trade, and from its notional the difference of price x quantity. A live order gets that quantity
 * back to work: its LeavesQty grows where it rests, its place in the queue kept (the change is the venue's, not the
 * client's), as FIX Appendix D J.1.a and J.1.c show it open again. An order no longer live is not put back on the
 * book: a filled one from which quantity was taken becomes Cancelled (nothing of it works any more; a price
 * correction leaves it Filled); a cancelled or expired one keeps its status (J.1.b, J.1.d).
 */
export function amendTrade(matcher: Matcher, command: AmendTrade): void {
  const invalid = problemOf(matcher, command);
  if (invalid !== undefined) {
    matcher.emit(make.rejected(command, invalid.code, invalid.text, undefined, matcher.tsUs));
    return;
  }
  const takenLots = command.wasQtyLots - command.qtyLots;
  const takenNotional = BigInt(command.wasPriceTicks) * BigInt(command.wasQtyLots) - BigInt(command.priceTicks) * BigInt(command.qtyLots);
  const event: TradeAmended = {
    kind: 'TradeAmended',
    tsUs: matcher.tsUs,
    action: command.action,
    tradeId: command.tradeId,
    symbol: command.symbol,
    wasPriceTicks: command.wasPriceTicks,
    wasQtyLots: command.wasQtyLots,
    priceTicks: command.priceTicks,
    qtyLots: command.qtyLots,
    amendsEventSeq: command.amendsEventSeq,
    tradedUs: command.tradedUs,
    maker: amendSide(matcher, command.maker, Liquidity.Maker, takenLots, takenNotional),
    taker: amendSide(matcher, command.taker, Liquidity.Taker, takenLots, takenNotional),
    requestId: command.requestId,
    actor: command.actor,
    reason: command.reason,
  };
  matcher.emit(event);
}

function amendSide(matcher: Matcher, side: AmendedOrder, liquidity: Liquidity, takenLots: number, takenNotional: bigint): Fill {
  const live = matcher.byId.get(side.orderId);
  if (live !== undefined) {
    live.cumQty -= takenLots;
    live.takeNotional(takenNotional);
    live.leavesQty += takenLots;
    // An order showing all of itself shows the quantity back too; an iceberg keeps its peak, the rest in reserve.
    if (live.displayQty === 0 && live.level !== null) {
      live.visibleQty += takenLots;
      live.level.visibleQty += takenLots;
    }
    live.status = live.cumQty === 0 ? OrderStatus.New : OrderStatus.PartiallyFilled;
    return make.fill(live, liquidity);
  }
  // problemOf made sure the order is given as it ended when it is not live.
  const finished = side.finished as { readonly terms: Fill['order']; readonly state: OrderState };
  const state = finished.state;
  const status = state.status === OrderStatus.Filled && takenLots > 0 ? OrderStatus.Cancelled : state.status;
  return {
    order: finished.terms,
    liquidity,
    status,
    cumQtyLots: (state.cumQtyLots - takenLots) as QtyLots,
    leavesQtyLots: state.leavesQtyLots,
    notionalTicksLots: state.notionalTicksLots - takenNotional,
  };
}

/** Why the engine cannot take the amendment (the gateway checks it before; this keeps a replay or a bug honest). */
function problemOf(matcher: Matcher, command: AmendTrade): { readonly code: RejectCode; readonly text: string } | undefined {
  const trade = `trade ${command.tradeId}`;
  if (!(command.wasQtyLots > 0 && command.wasPriceTicks > 0)) return { code: RejectCode.InvalidQuantity, text: `${trade} stands at no quantity: there is nothing to amend` };
  if (command.action === 'cancel' && command.qtyLots !== 0) return { code: RejectCode.InvalidQuantity, text: `a cancel of ${trade} leaves no quantity` };
  if (command.action === 'correct') {
    if (!(command.qtyLots > 0 && command.qtyLots <= command.wasQtyLots)) return { code: RejectCode.InvalidQuantity, text: `a correction of ${trade} may lower its quantity (not to 0: cancel it), not raise it` };
    if (!(command.priceTicks > 0)) return { code: RejectCode.InvalidPrice, text: `a correction of ${trade} needs a positive price` };
  }
  for (const side of [command.maker, command.taker]) {
    const live = matcher.byId.get(side.orderId);
    if (live !== undefined) {
      if (live.book.instrument.symbol !== command.symbol) return { code: RejectCode.OrderMismatch, text: `order ${side.orderId} is not on ${command.symbol}` };
      if (live.cumQty < command.wasQtyLots - command.qtyLots) return { code: RejectCode.InvalidQuantity, text: `order ${side.orderId} has executed less than ${trade} takes off` };
    } else if (side.finished === undefined) {
      return { code: RejectCode.UnknownOrder, text: `order ${side.orderId} of ${trade} is neither live nor given as it ended` };
    } else if (side.finished.state.cumQtyLots < command.wasQtyLots - command.qtyLots) {
      return { code: RejectCode.InvalidQuantity, text: `order ${side.orderId} has executed less than ${trade} takes off` };
    }
  }
  return undefined;
}
