import { type AmendedOrder, type AmendTrade, type EngineEvent, type Fill, Liquidity, OrderStatus, type QtyLots, RejectCode } from '../../../engine/model';
import type { RefOrder } from './reference-engine';

/**
 * The reference book's trade cancel or correction (AmendTrade), written plainly from its rules: what is taken off the
 * trade comes off each order's executed quantity and notional; a live order works it again (resting where it is, all
 * of it shown unless it is an iceberg); an ended order, given in the command, is not put back: filled, it becomes
 * cancelled when quantity was taken off. The refusals the engine gives, in its order.
 */
export function referenceAmend(live: readonly RefOrder[], command: AmendTrade, ts: bigint): EngineEvent {
  const taken = command.wasQtyLots - command.qtyLots;
  const find = (side: AmendedOrder): RefOrder | undefined => live.find((o) => o.terms.orderId === side.orderId);
  const refusal = refusalOf(command, taken, find);
  if (refusal !== undefined) {
    return { kind: 'OrderRejected', tsUs: ts, code: refusal[0], text: refusal[1], command, order: undefined, status: OrderStatus.Rejected, cumQtyLots: 0 as QtyLots, leavesQtyLots: 0 as QtyLots, notionalTicksLots: 0n };
  }
  const notional = BigInt(command.wasPriceTicks) * BigInt(command.wasQtyLots) - BigInt(command.priceTicks) * BigInt(command.qtyLots);
  const side = (amended: AmendedOrder, liquidity: Liquidity): Fill => {
    const o = find(amended);
    if (o !== undefined) {
      o.cum -= taken;
      o.notional -= notional;
      o.leaves += taken;
      if (o.where === 'book' && o.display === 0) o.visible += taken;
      o.status = o.cum === 0 ? OrderStatus.New : OrderStatus.PartiallyFilled;
      return { order: o.terms, liquidity, status: o.status, cumQtyLots: o.cum as QtyLots, leavesQtyLots: o.leaves as QtyLots, notionalTicksLots: o.notional };
    }
    const ended = amended.finished;
    if (ended === undefined) throw new Error('checked above');
    const status = ended.state.status === OrderStatus.Filled && taken > 0 ? OrderStatus.Cancelled : ended.state.status;
    return { order: ended.terms, liquidity, status, cumQtyLots: (ended.state.cumQtyLots - taken) as QtyLots, leavesQtyLots: ended.state.leavesQtyLots, notionalTicksLots: ended.state.notionalTicksLots - notional };
  };
  const { kind: _kind, maker, taker, ...amendment } = command;
  return { kind: 'TradeAmended', tsUs: ts, ...amendment, maker: side(maker, Liquidity.Maker), taker: side(taker, Liquidity.Taker) };
}

function refusalOf(command: AmendTrade, taken: number, find: (side: AmendedOrder) => RefOrder | undefined): [RejectCode, string] | undefined {
  const trade = `trade ${command.tradeId}`;
  if (!(command.wasQtyLots > 0 && command.wasPriceTicks > 0)) return [RejectCode.InvalidQuantity, `${trade} stands at no quantity: there is nothing to amend`];
  if (command.action === 'cancel' && command.qtyLots !== 0) return [RejectCode.InvalidQuantity, `a cancel of ${trade} leaves no quantity`];
  if (command.action === 'correct') {
    if (!(command.qtyLots > 0 && command.qtyLots <= command.wasQtyLots)) return [RejectCode.InvalidQuantity, `a correction of ${trade} may lower its quantity (not to 0: cancel it), not raise it`];
    if (!(command.priceTicks > 0)) return [RejectCode.InvalidPrice, `a correction of ${trade} needs a positive price`];
  }
  for (const amended of [command.maker, command.taker]) {
    const o = find(amended);
    const executed = o !== undefined ? o.cum : amended.finished?.state.cumQtyLots;
    if (o !== undefined && o.terms.symbol !== command.symbol) return [RejectCode.OrderMismatch, `order ${amended.orderId} is not on ${command.symbol}`];
    if (executed === undefined) return [RejectCode.UnknownOrder, `order ${amended.orderId} of ${trade} is neither live nor given as it ended`];
    if (executed < taken) return [RejectCode.InvalidQuantity, `order ${amended.orderId} has executed less than ${trade} takes off`];
  }
  return undefined;
}
