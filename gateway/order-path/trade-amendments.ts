import type { AmendedOrder, AmendTrade, PriceTicks, QtyLots, TradeAmended } from '../../engine/model';
import type { FinishedOrders } from './finished-orders';
import type { OrderPath, SequencedEvent } from './order-path';
import type { RecentTrades } from './recent-trades';

/** What operations ask: cancel (bust) a trade, or correct its price and/or lower its quantity. */
export interface TradeAmendmentRequest {
  readonly tradeId: number;
  readonly action: 'cancel' | 'correct';
  /** A correction's price and quantity; one left out stays as the trade stands. */
  readonly priceTicks?: number | undefined;
  readonly qtyLots?: number | undefined;
  /** The operator's id of the request, who asks and why: the audit trail's. */
  readonly requestId: string;
  readonly actor: string;
  readonly reason: string;
}

/** Why an amendment is refused: stable codes, each an HTTP status at REST. */
export type TradeAmendmentRefusal =
  | 'GW_ERR_TRADE_NOT_FOUND'
  | 'GW_ERR_TRADE_ALREADY_CANCELLED'
  | 'GW_ERR_TRADE_INVALID_CORRECTION'
  | 'GW_ERR_TRADE_ORDER_NOT_HELD'
  | 'GW_ERR_ORDER_JOURNAL_UNAVAILABLE';

export type TradeAmendmentResult =
  | { readonly ok: true; readonly event: TradeAmended; readonly seq: number }
  | { readonly ok: false; readonly code: TradeAmendmentRefusal; readonly text: string };

/**
 * Cancels or corrects a trade on the order path: the trade as it stands (RecentTrades) and, for a side whose order
 * has ended, that order as it ended (FinishedOrders) go into the engine's AmendTrade command, which is journaled
 * like any operations command (so a replay does it again) and whose TradeAmended event reaches both orders' owners
 * (ExecutionReport Trade Cancel or Trade Correct), the drop copies and risk (positions). Refused, with nothing done,
 * when the trade is not among the recent ones, is cancelled already, the correction changes nothing or raises the
 * quantity, or an ended order of it is no longer held.
 */
export function amendTrade(orderPath: OrderPath, request: TradeAmendmentRequest, nowUs: bigint): TradeAmendmentResult {
  const admission = orderPath.admission();
  if (admission !== null) return { ok: false, code: 'GW_ERR_ORDER_JOURNAL_UNAVAILABLE', text: admission };
  const command = amendmentCommand(orderPath.trades, orderPath.finished, (orderId) => orderPath.isLive(orderId), request);
  if ('ok' in command) return command;
  const events: readonly SequencedEvent[] = orderPath.runAdmin(command, nowUs);
  const done = events[0];
  // The checks of amendmentCommand are the engine's: a refusal there is a bug, reported as an invalid correction.
  if (done === undefined || done.event.kind !== 'TradeAmended') return { ok: false, code: 'GW_ERR_TRADE_INVALID_CORRECTION', text: done?.event.kind === 'OrderRejected' ? done.event.text : 'the engine did not amend the trade' };
  return { ok: true, event: done.event, seq: done.seq };
}

/**
 * The engine command a request makes, from the trade as it stands and, for an order no longer live, that order as it
 * ended; or why it cannot be made.
 */
export function amendmentCommand(
  trades: RecentTrades,
  finished: FinishedOrders,
  isLive: (orderId: number) => boolean,
  request: TradeAmendmentRequest,
): AmendTrade | { readonly ok: false; readonly code: TradeAmendmentRefusal; readonly text: string } {
  const refuse = (code: TradeAmendmentRefusal, text: string): { readonly ok: false; readonly code: TradeAmendmentRefusal; readonly text: string } => ({ ok: false, code, text });
  const trade = trades.get(request.tradeId);
  if (trade === undefined || trade.eventSeq === 0) return refuse('GW_ERR_TRADE_NOT_FOUND', `trade ${request.tradeId} is not among the recent trades the gateway holds`);
  if (trade.cancelled) return refuse('GW_ERR_TRADE_ALREADY_CANCELLED', `trade ${request.tradeId} is cancelled already`);
  const priceTicks = request.action === 'cancel' ? trade.priceTicks : (request.priceTicks ?? trade.priceTicks);
  const qtyLots = request.action === 'cancel' ? 0 : (request.qtyLots ?? trade.qtyLots);
  if (request.action === 'correct') {
    if (!(Number.isSafeInteger(qtyLots) && qtyLots > 0 && qtyLots <= trade.qtyLots)) {
      return refuse('GW_ERR_TRADE_INVALID_CORRECTION', `a correction of trade ${request.tradeId} may lower its quantity (${trade.qtyLots} lots), not raise it nor take it to 0 (cancel the trade instead)`);
    }
    if (!(Number.isSafeInteger(priceTicks) && priceTicks > 0)) return refuse('GW_ERR_TRADE_INVALID_CORRECTION', `a correction of trade ${request.tradeId} needs a positive price`);
    if (priceTicks === trade.priceTicks && qtyLots === trade.qtyLots) return refuse('GW_ERR_TRADE_INVALID_CORRECTION', `the correction leaves trade ${request.tradeId} as it stands`);
  }
  const side = (orderId: number): AmendedOrder | string => {
    if (isLive(orderId)) return { orderId };
    const ended = finished.byOrderId(orderId);
    return ended === undefined ? `order ${orderId} of trade ${request.tradeId} has ended and is no longer held by the gateway` : { orderId, finished: { terms: ended.terms, state: { status: ended.status, cumQtyLots: ended.cumQtyLots, leavesQtyLots: ended.leavesQtyLots, notionalTicksLots: ended.notionalTicksLots } } };
  };
  const maker = side(trade.makerOrderId);
  const taker = side(trade.takerOrderId);
  if (typeof maker === 'string') return refuse('GW_ERR_TRADE_ORDER_NOT_HELD', maker);
  if (typeof taker === 'string') return refuse('GW_ERR_TRADE_ORDER_NOT_HELD', taker);
  return {
    kind: 'AmendTrade',
    action: request.action,
    requestId: request.requestId,
    actor: request.actor,
    reason: request.reason,
    tradeId: trade.tradeId,
    symbol: trade.symbol,
    wasPriceTicks: trade.priceTicks,
    wasQtyLots: trade.qtyLots,
    priceTicks: priceTicks as PriceTicks,
    qtyLots: qtyLots as QtyLots,
    amendsEventSeq: trade.eventSeq,
    tradedUs: trade.tradedUs,
    maker,
    taker,
  };
}
