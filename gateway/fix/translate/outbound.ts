/**
 * Engine events to ExecutionReport (35=8) and OrderCancelReject (35=9) bodies, per FIX 4.4 Volume 4 (ExecType,
 * OrdStatus, quantities and the exact average price) and, for FIX 4.2, ExecTransType with ExecType 1/2 for fills.
 */
import {
  averagePriceToDecimal,
  type EngineEvent,
  type Fill,
  type Instrument,
  lotsToQty,
  type OrderState,
  OrderStatus,
  type OrderTerms,
  OrderType,
  RejectCode,
  Side,
  ticksToPrice,
  TimeInForce,
  type Trade,
  type TradeAmended,
} from '../../../engine/model';
import { MsgType, Tag, Values, Values42 } from '../../../fixspec';
import type { FieldValue } from '../session/session-ports';
import { amendedToFilled } from '../../order-path/finished-orders';
import { hasField, hasMessage, valueWithin } from '../session/fix-version';
import { cxlRejReasonFor, ordRejReason } from './reject-reasons';
import { workingIndicator } from './working-indicator';

export interface OutboundMessage {
  readonly msgType: string;
  readonly body: readonly FieldValue[];
}

export interface OutboundContext {
  readonly sessionId: string;
  readonly beginString: string;
  instrument(symbol: string): Instrument | undefined;
  /** FIX UTCTimestamp of an event time. */
  formatTime(us: bigint): string;
  /**
   * A DAY order still working at the trading day's end is reported Done for Day (ExecType 3, OrdStatus 3, Appendix D
   * A.1.b), as brokers report it, rather than Expired (C), as exchanges do; its later reports keep OrdStatus 3.
   */
  readonly doneForDay?: boolean | undefined;
  /**
   * The orders, among the events being reported, whose stop triggered in the command that accepted them (see
   * stopsTriggeredOnEntry): their New report carries no WorkingIndicator (Appendix D E.1.f).
   */
  readonly triggeredOnEntry?: ReadonlySet<number> | undefined;
}

const ORD_STATUS: Readonly<Record<OrderStatus, string>> = {
  [OrderStatus.New]: Values.OrdStatus.New,
  [OrderStatus.PartiallyFilled]: Values.OrdStatus.PartiallyFilled,
  [OrderStatus.Filled]: Values.OrdStatus.Filled,
  [OrderStatus.Cancelled]: Values.OrdStatus.Canceled,
  [OrderStatus.Expired]: Values.OrdStatus.Expired,
  [OrderStatus.Rejected]: Values.OrdStatus.Rejected,
};

/**
 * The OrdStatus of an order in a state: Done for Day for a DAY order that ended with its day where the session says
 * so; on FIX 4.2, Replaced (5) for a replaced order with nothing filled (FIX 4.2 Appendix D D13: "partially filled"
 * takes precedence over "replaced"; FIX 4.4 no longer uses the value).
 */
function ordStatusOf(order: OrderTerms | undefined, status: OrderStatus, context: OutboundContext): string {
  if (status === OrderStatus.Expired && context.doneForDay === true && order?.timeInForce === TimeInForce.Day) return Values.OrdStatus.DoneForDay;
  if (status === OrderStatus.New && context.beginString === FIX42 && order?.origClientOrderId !== undefined) return Values42.OrdStatus.Replaced;
  return ORD_STATUS[status];
}

const ORD_TYPE: Readonly<Record<OrderType, string>> = {
  [OrderType.Limit]: Values.OrdType.Limit,
  [OrderType.Market]: Values.OrdType.Market,
  [OrderType.Stop]: Values.OrdType.Stop,
  [OrderType.StopLimit]: Values.OrdType.StopLimit,
};

const TIME_IN_FORCE: Readonly<Record<TimeInForce, string>> = {
  [TimeInForce.Day]: Values.TimeInForce.Day,
  [TimeInForce.GoodTillCancel]: Values.TimeInForce.GoodTillCancel,
  [TimeInForce.ImmediateOrCancel]: Values.TimeInForce.ImmediateOrCancel,
  [TimeInForce.FillOrKill]: Values.TimeInForce.FillOrKill,
  [TimeInForce.GoodTillDate]: Values.TimeInForce.GoodTillDate,
};

const FIX42 = 'FIX.4.2';
const FIXT = 'FIXT.1.1';
/** ExecType L (Triggered or Activated by System) exists from FIX 5.0 on; older versions report the trigger as Restated. */
const EXEC_TYPE_TRIGGERED_50 = 'L';

/**
 * The fields of a report on an order. `transType`: ExecTransType(20), FIX 4.2's only: 0 (New), or 3 (Status) for
 * the answer to a status request.
 */
function orderFields(
  order: OrderTerms,
  state: OrderState,
  instrument: Instrument | undefined,
  execId: string,
  execType: string,
  context: OutboundContext,
  tsUs: bigint,
  transType: string = Values.ExecTransType.New,
): FieldValue[] {
  const f: FieldValue[] = [
    [Tag.OrderID, order.orderId],
    [Tag.ClOrdID, order.clientOrderId],
  ];
  // OrigClOrdID answers a replace (the ClOrdID it replaced; a cancel's answer is built by `answering`): a later
  // report of the order, a fill say, names it by its ClOrdID alone (Appendix D C.1.b: "Execution (Y)").
  if (order.origClientOrderId !== undefined && execType === Values.ExecType.Replace) f.push([Tag.OrigClOrdID, order.origClientOrderId]);
  f.push([Tag.ExecID, execId]);
  if (context.beginString === FIX42) f.push([Tag.ExecTransType, transType]);
  f.push([Tag.ExecType, execType], [Tag.OrdStatus, ordStatusOf(order, state.status, context)]);
  // A FIX field never goes out empty ("1=" is an invalid message): no Account when the order had none.
  if (order.account !== '') f.push([Tag.Account, order.account]);
  f.push([Tag.Symbol, order.symbol]);
  f.push([Tag.Side, order.side === Side.Buy ? Values.Side.Buy : Values.Side.Sell]);
  if (instrument !== undefined) {
    f.push([Tag.OrderQty, lotsToQty(order.qtyLots, instrument)], [Tag.OrdType, ORD_TYPE[order.type]]);
    if (order.priceTicks !== undefined) f.push([Tag.Price, ticksToPrice(order.priceTicks, instrument)]);
    if (order.stopPriceTicks !== undefined) f.push([Tag.StopPx, ticksToPrice(order.stopPriceTicks, instrument)]);
    f.push([Tag.TimeInForce, TIME_IN_FORCE[order.timeInForce]]);
    // A GTD order's expiry, as the client gave it (the ExecutionReport's ExpireTime is required when TimeInForce is GTD).
    if (order.expireTimeUs !== undefined) f.push([Tag.ExpireTime, context.formatTime(order.expireTimeUs)]);
    f.push([Tag.LeavesQty, lotsToQty(state.leavesQtyLots, instrument)], [Tag.CumQty, lotsToQty(state.cumQtyLots, instrument)]);
    f.push([Tag.AvgPx, averagePriceToDecimal(state.notionalTicksLots, state.cumQtyLots, instrument)]);
  }
  f.push([Tag.TransactTime, context.formatTime(tsUs)]);
  return f;
}

/**
 * ExecRestatementReason(378), which FIX requires on a Restated report (ExecType D): the gateway's own restatements
 * (a self-trade prevention decrement, a stop triggered before FIX 5.0) are 99 (Other), or 4 (Broker option) on FIX
 * 4.2, which has no 99; the Text says what happened.
 */
function restatementReason(context: OutboundContext): FieldValue {
  return [Tag.ExecRestatementReason, valueWithin(context.beginString, Tag.ExecRestatementReason, RESTATEMENT_OTHER, [RESTATEMENT_BROKER_OPTION])];
}

const RESTATEMENT_OTHER = 99;
const RESTATEMENT_PARTIAL_DECLINE = 5;
const RESTATEMENT_BROKER_OPTION = 4;

function fillExecType(context: OutboundContext, state: OrderState): string {
  if (context.beginString !== FIX42) return Values.ExecType.Trade;
  return state.status === OrderStatus.Filled ? Values42.ExecType.Fill : Values42.ExecType.PartialFill;
}

function fillReport(trade: Extract<EngineEvent, { kind: 'Trade' }>, fill: Fill, execId: string, context: OutboundContext): OutboundMessage {
  const instrument = context.instrument(fill.order.symbol);
  const body = orderFields(fill.order, fill, instrument, execId, fillExecType(context, fill), context, trade.tsUs);
  if (instrument !== undefined) body.push([Tag.LastPx, ticksToPrice(trade.priceTicks, instrument)], [Tag.LastQty, lotsToQty(trade.qtyLots, instrument)]);
  // TrdMatchID(880) is in the ExecutionReport from FIX 5.0 on (FIX 4.4 has it in trade capture only), LastLiquidityInd(851) from FIX 4.4.
  if (hasField(context.beginString, MsgType.ExecutionReport, Tag.TrdMatchID)) body.push([Tag.TrdMatchID, String(trade.tradeId)]);
  if (hasField(context.beginString, MsgType.ExecutionReport, Tag.LastLiquidityInd)) {
    body.push([Tag.LastLiquidityInd, fill.liquidity === 'MAKER' ? Values.LastLiquidityInd.AddedLiquidity : Values.LastLiquidityInd.RemovedLiquidity]);
  }
  return { msgType: MsgType.ExecutionReport, body };
}

/**
 * A trade cancelled or corrected by operations, to one side (Appendix D J): ExecType Trade Cancel (H) or Trade Correct
 * (G) with ExecRefID naming the execution it amends (that side's ExecID of the trade, or of its last correction), the
 * order's CumQty, LeavesQty and AvgPx after it; LastQty and LastPx are the execution as it stands (0 and 0 for a
 * cancel, as J.1.a shows them). FIX 4.2 says it in ExecTransType (1 Cancel, 2 Correct), with ExecType 1 or 2 by the
 * order's status (D34, D35).
 */
function amendmentReport(event: TradeAmended, fill: Fill, execId: string, suffix: string, context: OutboundContext): OutboundMessage {
  const instrument = context.instrument(fill.order.symbol);
  const cancel = event.action === 'cancel';
  const fix42 = context.beginString === FIX42;
  const execType = fix42 ? fillExecType(context, fill) : cancel ? Values.ExecType.TradeCancel : Values.ExecType.TradeCorrect;
  const body = orderFields(fill.order, fill, instrument, execId, execType, context, event.tsUs, cancel ? Values.ExecTransType.Cancel : Values.ExecTransType.Correct);
  body.push([Tag.ExecRefID, `E${event.amendsEventSeq}${suffix}`]);
  if (instrument !== undefined) {
    body.push([Tag.LastPx, cancel ? 0 : ticksToPrice(event.priceTicks, instrument)], [Tag.LastQty, cancel ? 0 : lotsToQty(event.qtyLots, instrument)]);
  }
  if (hasField(context.beginString, MsgType.ExecutionReport, Tag.TrdMatchID)) body.push([Tag.TrdMatchID, String(event.tradeId)]);
  const was = instrument === undefined ? `${event.wasQtyLots} lots at ${event.wasPriceTicks} ticks` : `${lotsToQty(event.wasQtyLots, instrument)} at ${ticksToPrice(event.wasPriceTicks, instrument)}`;
  body.push([Tag.Text, `trade ${event.tradeId} (${was}) ${cancel ? 'cancelled' : 'corrected'} by the venue: ${event.reason}`]);
  return { msgType: MsgType.ExecutionReport, body };
}

/**
 * The reports of a trade, or of its amendment, to the sides `wanted` keeps: maker M, taker T, each its own ExecID
 * (unique across sessions and drop copies); `contextOf` gives a side's report its session's context.
 */
function sideReports(event: Trade | TradeAmended, execId: string, wanted: (fill: Fill) => boolean, contextOf: (fill: Fill) => OutboundContext): OutboundMessage[] {
  const out: OutboundMessage[] = [];
  for (const [fill, suffix] of [
    [event.maker, 'M'],
    [event.taker, 'T'],
  ] as const) {
    if (!wanted(fill)) continue;
    const context = contextOf(fill);
    out.push(event.kind === 'Trade' ? fillReport(event, fill, `${execId}${suffix}`, context) : amendmentReport(event, fill, `${execId}${suffix}`, suffix, context));
  }
  return out;
}

/**
 * The messages one event sends to the session `context.sessionId`. `execId` is unique per event (the gateway's
 * event sequence); a trade between two orders of the same session gives two reports with suffixed ExecIDs.
 */
export function reportsFor(event: EngineEvent, execId: string, context: OutboundContext): readonly OutboundMessage[] {
  const er = (order: OrderTerms, state: OrderState, execType: string, tsUs: bigint, extra: readonly FieldValue[] = [], transType?: string): OutboundMessage => ({
    msgType: MsgType.ExecutionReport,
    body: [...orderFields(order, state, context.instrument(order.symbol), execId, execType, context, tsUs, transType), ...extra],
  });
  switch (event.kind) {
    case 'OrderAccepted': {
      const stop = event.order.type === OrderType.Stop || event.order.type === OrderType.StopLimit;
      return [er(event.order, event, Values.ExecType.New, event.tsUs, stop ? workingIndicator(event.order, false, context) : [])];
    }
    case 'OrderReplaced':
      return [er(event.order, event, Values.ExecType.Replace, event.tsUs)];
    case 'OrderCancelled': {
      if (event.requestId !== undefined && event.reason === 'REPLACED_BELOW_FILLED') {
        // A replace to a quantity at or below the filled one (Appendix D C.3.b, C.3.c): the replace is taken with the
        // order quantity amended to the cum qty, and "filled" takes precedence over "replaced" and "canceled".
        const { order, state } = amendedToFilled(event.order, event);
        const base = er(order, state, Values.ExecType.Replace, event.tsUs);
        return [answering(base, event.requestId, event.order.clientOrderId, 'replaced: order quantity amended to the filled quantity')];
      }
      const base = er(event.order, event, Values.ExecType.Canceled, event.tsUs);
      // A client's cancel: ClOrdID is the cancel's, OrigClOrdID the order's, so the client's request gets its answer.
      if (event.requestId !== undefined && event.reason === 'CLIENT_REQUEST') return [answering(base, event.requestId, event.order.clientOrderId, 'cancelled')];
      return [{ msgType: base.msgType, body: [...base.body, [Tag.Text, `cancelled: ${event.reason.toLowerCase().replace(/_/g, ' ')}`]] }];
    }
    case 'OrderRestated':
      // Quantity taken off the order without a trade (self-trade prevention's decrement), OrderQty with it: a partial
      // decline of the order quantity (ExecRestatementReason 5, FIX 4.2 on; Appendix D E.1.d).
      return [er(event.order, event, Values.ExecType.Restated, event.tsUs, [[Tag.ExecRestatementReason, RESTATEMENT_PARTIAL_DECLINE], [Tag.Text, `restated: ${event.reason.toLowerCase().replace(/_/g, ' ')}`]])];
    case 'OrderExpired':
      return [er(event.order, event, ordStatusOf(event.order, event.status, context) === Values.OrdStatus.DoneForDay ? Values.ExecType.DoneForDay : Values.ExecType.Expired, event.tsUs)];
    case 'OrderTriggered': {
      const working = workingIndicator(event.order, true, context);
      if (context.beginString === FIXT) return [er(event.order, event, EXEC_TYPE_TRIGGERED_50, event.tsUs, [...working, [Tag.Text, 'stop triggered']])];
      return [er(event.order, event, Values.ExecType.Restated, event.tsUs, [restatementReason(context), ...working, [Tag.Text, 'stop triggered']])];
    }
    case 'OrderStatusReported':
      // FIX 4.2 has no ExecType I: the order's status as ExecType, with ExecTransType 3 (Status).
      return [er(event.order, event, context.beginString === FIX42 ? ordStatusOf(event.order, event.status, context) : Values.ExecType.OrderStatus, event.tsUs, statusRequestId(event.requestId, context), Values.ExecTransType.Status)];
    case 'Trade':
    case 'TradeAmended':
      return sideReports(event, execId, (fill) => fill.order.sessionId === context.sessionId, () => context);
    case 'OrderRejected':
      return [rejection(event, execId, context)];
    case 'MassCancelCompleted':
      // FIX 4.2 has no mass cancel messages (a cancel-on-disconnect's orders still get their ExecutionReports); and a
      // mass cancel the gateway made itself (cancel on disconnect) answers no request: its cancels are the report.
      if (!hasMessage(context.beginString, MsgType.OrderMassCancelReport) || event.command.unsolicited === true) return [];
      return [
        {
          msgType: MsgType.OrderMassCancelReport,
          body: [
            [Tag.ClOrdID, event.command.requestId],
            [Tag.OrderID, execId],
            ...massActionReportId(execId, context),
            [Tag.MassCancelRequestType, event.command.filter.symbol === undefined ? Values.MassCancelRequestType.CancelAllOrders : Values.MassCancelRequestType.CancelOrdersForASecurity],
            [Tag.MassCancelResponse, event.command.filter.symbol === undefined ? Values.MassCancelResponse.CancelAllOrders : Values.MassCancelResponse.CancelOrdersForASecurity],
            [Tag.TotalAffectedOrders, event.cancelledCount],
          ],
        },
      ];
    case 'TradingStatusChanged':
      return [];
  }
}

/** A report answering a client's request: its ClOrdID is the request's, OrigClOrdID the order's. */
function answering(report: OutboundMessage, requestId: string, orderClOrdId: string, text: string): OutboundMessage {
  const body = report.body.filter(([t]) => t !== Tag.ClOrdID && t !== Tag.OrigClOrdID);
  return { msgType: report.msgType, body: [[Tag.ClOrdID, requestId], [Tag.OrigClOrdID, orderClOrdId], ...body, [Tag.Text, text]] };
}

function rejection(event: Extract<EngineEvent, { kind: 'OrderRejected' }>, execId: string, context: OutboundContext): OutboundMessage {
  const command = event.command;
  if (command.kind === 'CancelOrder' || command.kind === 'ReplaceOrder') {
    return {
      msgType: MsgType.OrderCancelReject,
      body: [
        [Tag.OrderID, event.order?.orderId ?? 'NONE'],
        [Tag.ClOrdID, command.clientOrderId],
        [Tag.OrigClOrdID, command.origClientOrderId],
        [Tag.OrdStatus, event.order === undefined ? Values.OrdStatus.Rejected : ordStatusOf(event.order, event.status, context)],
        [Tag.CxlRejResponseTo, command.kind === 'CancelOrder' ? Values.CxlRejResponseTo.OrderCancelRequest : Values.CxlRejResponseTo.OrderCancelReplaceRequest],
        [Tag.CxlRejReason, cxlRejReasonFor(event.code, context.beginString)],
        [Tag.Text, event.text],
      ],
    };
  }
  if (command.kind === 'PlaceOrder' && event.order !== undefined) {
    // A duplicate ClOrdID (Appendix D F.1.a): the reject of this order combined with the status of the first one,
    // the order that ClOrdID names: its OrderID, OrdStatus, OrderQty, CumQty, LeavesQty and AvgPx.
    const first = event.order;
    const body = orderFields(first, event, context.instrument(first.symbol), execId, Values.ExecType.Rejected, context, event.tsUs);
    body.push([Tag.OrdRejReason, ordRejReason(event.code, context.beginString)], [Tag.Text, event.text]);
    return { msgType: MsgType.ExecutionReport, body };
  }
  if (command.kind === 'PlaceOrder') {
    const instrument = context.instrument(command.symbol);
    const body: FieldValue[] = [
      [Tag.OrderID, 'NONE'],
      [Tag.ClOrdID, command.clientOrderId],
      [Tag.ExecID, execId],
    ];
    if (context.beginString === FIX42) body.push([Tag.ExecTransType, Values.ExecTransType.New]);
    body.push(
      [Tag.ExecType, Values.ExecType.Rejected],
      [Tag.OrdStatus, Values.OrdStatus.Rejected],
      [Tag.OrdRejReason, ordRejReason(event.code, context.beginString)],
    );
    // The order as the client sent it, without the fields it left out (an empty field is an invalid message).
    if (command.account !== '') body.push([Tag.Account, command.account]);
    if (command.symbol !== '') body.push([Tag.Symbol, command.symbol]);
    body.push(
      [Tag.Side, command.side === Side.Buy ? Values.Side.Buy : Values.Side.Sell],
      [Tag.OrderQty, instrument === undefined ? command.qtyLots : lotsToQty(command.qtyLots, instrument)],
      [Tag.LeavesQty, 0],
      [Tag.CumQty, 0],
      [Tag.AvgPx, 0],
      [Tag.Text, event.text],
      [Tag.TransactTime, context.formatTime(event.tsUs)],
    );
    return { msgType: MsgType.ExecutionReport, body };
  }
  if (command.kind === 'MassCancel' && hasMessage(context.beginString, MsgType.OrderMassCancelReport)) {
    // An OrderMassCancelReport with MassCancelResponse 0 (rejected) and the reason, echoing the request.
    const body: FieldValue[] = [
      [Tag.ClOrdID, command.requestId],
      [Tag.OrderID, execId],
      ...massActionReportId(execId, context),
      [Tag.MassCancelRequestType, command.requestType ?? (command.filter.symbol === undefined ? Values.MassCancelRequestType.CancelAllOrders : Values.MassCancelRequestType.CancelOrdersForASecurity)],
      [Tag.MassCancelResponse, Values.MassCancelResponse.CancelRequestRejected],
      [Tag.MassCancelRejectReason, massCancelRejectReason(event.code)],
    ];
    if (command.filter.symbol !== undefined) body.push([Tag.Symbol, command.filter.symbol]);
    body.push([Tag.Text, event.text]);
    return { msgType: MsgType.OrderMassCancelReport, body };
  }
  // A status request refused, or on FIX 4.2 (which has no mass cancel messages) a mass cancel (an admin command
  // never reaches a session).
  const clOrdId = command.kind === 'MassCancel' ? command.requestId : command.kind === 'OrderStatusRequest' ? command.clientOrderId : '';
  const symbol = command.kind === 'MassCancel' ? (command.filter.symbol ?? 'NA') : command.kind === 'OrderStatusRequest' ? command.symbol : 'NA';
  // Side(54) is required in an ExecutionReport: the request's own when it named one, else Buy as a placeholder.
  const side = command.kind === 'OrderStatusRequest' ? command.side : undefined;
  const body: FieldValue[] = [
    [Tag.OrderID, 'NONE'],
    [Tag.ClOrdID, clOrdId],
    [Tag.ExecID, execId],
  ];
  if (context.beginString === FIX42) body.push([Tag.ExecTransType, command.kind === 'OrderStatusRequest' ? Values.ExecTransType.Status : Values.ExecTransType.New]);
  // A status request for an order the gateway does not know (Appendix D G.1.a): FIX 4.2 says "status" in
  // ExecTransType and "rejected" in ExecType; from FIX 4.3 on the status answer is ExecType I, with OrdStatus 8.
  const statusAnswer = command.kind === 'OrderStatusRequest' && context.beginString !== FIX42;
  body.push(
    [Tag.ExecType, statusAnswer ? Values.ExecType.OrderStatus : Values.ExecType.Rejected],
    [Tag.OrdStatus, Values.OrdStatus.Rejected],
    [Tag.OrdRejReason, ordRejReason(event.code, context.beginString)],
    [Tag.Symbol, symbol],
    [Tag.Side, side === Side.Sell ? Values.Side.Sell : Values.Side.Buy],
    [Tag.LeavesQty, 0],
    [Tag.CumQty, 0],
    [Tag.AvgPx, 0],
    [Tag.Text, event.text],
  );
  if (command.kind === 'OrderStatusRequest') body.push(...statusRequestId(command.requestId, context));
  return { msgType: MsgType.ExecutionReport, body };
}

/** OrdStatusReqID(790) echoed in the report answering a status request, where the version has it (FIX 4.3 on). */
function statusRequestId(requestId: string | undefined, context: Omit<OutboundContext, 'sessionId'>): FieldValue[] {
  return requestId === undefined || !hasField(context.beginString, MsgType.ExecutionReport, Tag.OrdStatusReqID) ? [] : [[Tag.OrdStatusReqID, requestId]];
}

/** MassActionReportID(1369), which FIX 5.0 SP2's OrderMassCancelReport requires (older versions have no such field). */
function massActionReportId(execId: string, context: OutboundContext): FieldValue[] {
  return hasField(context.beginString, MsgType.OrderMassCancelReport, Tag.MassActionReportID) ? [[Tag.MassActionReportID, execId]] : [];
}

/** MassCancelRejectReason(532): 0 not supported (the request type), 1 invalid or unknown security, 99 other. */
function massCancelRejectReason(code: RejectCode): string {
  if (code === RejectCode.UnsupportedOrderType) return Values.MassCancelRejectReason.MassCancelNotSupported;
  if (code === RejectCode.UnknownInstrument || code === RejectCode.MissingField) return Values.MassCancelRejectReason.InvalidOrUnknownSecurity;
  return Values.MassCancelRejectReason.Other;
}

/** Whose orders a drop-copy session sees. */
export interface DropCopyScope {
  readonly firm: string | undefined;
  readonly account: string | undefined;
}

function inScope(scope: DropCopyScope, firm: string, account: string): boolean {
  return (scope.firm === undefined || scope.firm === firm) && (scope.account === undefined || scope.account === account);
}

/**
 * Copies for a drop-copy session: the ExecutionReports and OrderCancelRejects the owners received for orders in
 * scope, the same ExecIDs, with CopyMsgIndicator(797)=Y.
 */
export function dropCopyReports(event: EngineEvent, execId: string, scope: DropCopyScope, context: Omit<OutboundContext, 'sessionId'>): readonly OutboundMessage[] {
  // CopyMsgIndicator(797) where the message has it: the ExecutionReport from FIX 4.4 on, never the OrderCancelReject
  // (a drop-copy session receives only copies, so those are copies too).
  const copy = (messages: readonly OutboundMessage[]): readonly OutboundMessage[] =>
    messages.map((m) => (hasField(context.beginString, m.msgType, Tag.CopyMsgIndicator) ? { msgType: m.msgType, body: [...m.body, [Tag.CopyMsgIndicator, 'Y']] } : m));
  switch (event.kind) {
    case 'Trade':
    case 'TradeAmended':
      return copy(sideReports(event, execId, (fill) => inScope(scope, fill.order.firm, fill.order.account), (fill) => ({ ...context, sessionId: fill.order.sessionId })));
    case 'OrderRejected': {
      const command = event.command;
      const order = event.order;
      const firm = order?.firm ?? (command.kind === 'PlaceOrder' ? command.firm : undefined);
      const account = order?.account ?? (command.kind === 'PlaceOrder' ? command.account : undefined);
      if (firm === undefined || account === undefined || !inScope(scope, firm, account)) return [];
      return copy(reportsFor(event, execId, { ...context, sessionId: order?.sessionId ?? ('sessionId' in command ? command.sessionId : '') }));
    }
    case 'MassCancelCompleted':
    case 'TradingStatusChanged':
    case 'OrderStatusReported':
      return [];
    default:
      return inScope(scope, event.order.firm, event.order.account) ? copy(reportsFor(event, execId, { ...context, sessionId: event.order.sessionId })) : [];
  }
}
