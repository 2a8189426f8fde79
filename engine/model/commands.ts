import type { Channel, SelfTradePrevention, SelfTradeScope, Side, OrderType, TimeInForce, TradingStatus } from './enums';
import type { OrderState, OrderTerms } from './events';
import type { MifidFields } from './mifid';
import type { OrderId, PriceTicks, QtyLots, TimestampUs } from './units';

/**
 * Commands: what every way in (FIX, REST, WS, operations) becomes. Readonly data, one union keyed on `kind`.
 * Commands carry no time: the caller passes the time of execution (`engine.execute(command, nowUs)`), from the
 * one injected clock, and the journal records it with the command.
 */

/** Where a command came from and where its replies go: a FIX session id or an API key id. */
export interface CommandSource {
  /** FIX session id (e.g. "FIX.4.4:GW->CLIENT1") or API key id; replies and ExecutionReports go there. */
  readonly sessionId: string;
  readonly channel?: Channel | undefined;
}

export interface PlaceOrder extends CommandSource {
  readonly kind: 'PlaceOrder';
  /** The client's id of this order (ClOrdID); unique among the session's live orders. */
  readonly clientOrderId: string;
  readonly account: string;
  readonly firm: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Order quantity in lots, > 0. */
  readonly qtyLots: QtyLots;
  /** Limit price (Limit, StopLimit); for Market and Stop, the optional protection price (worst price it may trade at). */
  readonly priceTicks?: PriceTicks | undefined;
  /** Trigger price of Stop and StopLimit orders, compared with the last trade price. */
  readonly stopPriceTicks?: PriceTicks | undefined;
  /** Iceberg: the quantity shown at a time (0 < displayQtyLots < qtyLots). Refills get new time priority. */
  readonly displayQtyLots?: QtyLots | undefined;
  /** The least quantity that must trade on arrival, or the order is cancelled (CancelReason.MinQuantity). */
  readonly minQtyLots?: QtyLots | undefined;
  /** GTD: the time at which the order expires (UTC µs). */
  readonly expireTimeUs?: TimestampUs | undefined;
  /** Post-only: refused (PostOnlyWouldTrade) if it would trade on arrival. Limit orders, DAY/GTC/GTD only. */
  readonly postOnly?: boolean | undefined;
  readonly selfTradePrevention?: SelfTradePrevention | undefined;
  /** Same account (default) or same firm counts as a self trade. */
  readonly selfTradeScope?: SelfTradeScope | undefined;
  readonly mifid?: MifidFields | undefined;
}

/**
 * Cancel/replace. The order is found by `orderId` when given, else by (sessionId, origClientOrderId); it must
 * belong to the same session and match symbol and side. `qtyLots` is the new total order quantity (filled
 * included): at or below the filled quantity the order is cancelled. Price change or quantity increase loses
 * time priority; a decrease keeps it. Type and time in force cannot change.
 */
export interface ReplaceOrder extends CommandSource {
  readonly kind: 'ReplaceOrder';
  /** The new ClOrdID. */
  readonly clientOrderId: string;
  readonly origClientOrderId: string;
  readonly orderId?: OrderId | undefined;
  readonly symbol: string;
  readonly side: Side;
  readonly qtyLots: QtyLots;
  /** New limit price (or protection price); undefined keeps the current one. */
  readonly priceTicks?: PriceTicks | undefined;
  readonly stopPriceTicks?: PriceTicks | undefined;
  readonly displayQtyLots?: QtyLots | undefined;
  readonly expireTimeUs?: TimestampUs | undefined;
  readonly mifid?: MifidFields | undefined;
}

export interface CancelOrder extends CommandSource {
  readonly kind: 'CancelOrder';
  /** The ClOrdID of this cancel request. */
  readonly clientOrderId: string;
  readonly origClientOrderId: string;
  readonly orderId?: OrderId | undefined;
  readonly symbol: string;
  readonly side: Side;
}

/** Which live orders a mass cancel takes: every given field must match (none given: all orders of every book). */
export interface MassCancelFilter {
  readonly sessionId?: string | undefined;
  readonly account?: string | undefined;
  readonly firm?: string | undefined;
  readonly symbol?: string | undefined;
  readonly side?: Side | undefined;
}

export interface MassCancel extends CommandSource {
  readonly kind: 'MassCancel';
  /** The request's id (ClOrdID of OrderMassCancelRequest). */
  readonly requestId: string;
  readonly filter: MassCancelFilter;
  /** The request's type as the edge received it (FIX MassCancelRequestType(530)), echoed when it is refused. */
  readonly requestType?: string | undefined;
  /**
   * Made by the gateway itself, not asked for (a cancel on disconnect, a kill switch): the orders' cancels are
   * reported, but no OrderMassCancelReport answers it (that message answers an OrderMassCancelRequest).
   */
  readonly unsolicited?: boolean | undefined;
}

export interface OrderStatusRequest extends CommandSource {
  readonly kind: 'OrderStatusRequest';
  /** The order, by id when given, else by (sessionId, clientOrderId). */
  readonly orderId?: OrderId | undefined;
  readonly clientOrderId: string;
  readonly symbol: string;
  /** The side the request names (FIX Side(54)), echoed when it is refused; the engine does not use it. */
  readonly side?: Side | undefined;
  /** The request's id (OrdStatusReqID), echoed in the report. */
  readonly requestId?: string | undefined;
}

/** Halt, resume or close an instrument (operations, or a venue status message). */
export interface SetTradingStatus {
  readonly kind: 'SetTradingStatus';
  readonly symbol: string;
  readonly status: TradingStatus;
}

/** Expire every DAY and GTD order whose expiry time is at or before the time of execution. */
export interface ExpireOrders {
  readonly kind: 'ExpireOrders';
}

/**
 * Operations cancel (bust) or correct a trade after the fact (FIX Appendix D J: ExecType Trade Cancel, Trade Correct).
 * The command carries the trade as it stands and, for an order no longer live in the engine, that order as it ended
 * (the gateway keeps both: the engine keeps neither once an order is done), so that the engine, and a replay, need
 * nothing else. A correction may lower the quantity (not to 0: that is a cancel) and change the price.
 */
export interface AmendTrade extends TradeAmendment {
  readonly kind: 'AmendTrade';
  readonly maker: AmendedOrder;
  readonly taker: AmendedOrder;
}

/** What a trade amendment is, as the command asks it and its event reports it. */
export interface TradeAmendment {
  readonly action: 'cancel' | 'correct';
  /** The operator's request id, who asked and why (the audit trail). */
  readonly requestId: string;
  readonly actor: string;
  readonly reason: string;
  /** TrdMatchID of the trade. */
  readonly tradeId: number;
  readonly symbol: string;
  /** The trade as it stands (after any earlier correction). */
  readonly wasPriceTicks: PriceTicks;
  readonly wasQtyLots: QtyLots;
  /** As it will stand: a correction's price and quantity; a cancel's are the trade's price and 0. */
  readonly priceTicks: PriceTicks;
  readonly qtyLots: QtyLots;
  /** The gateway's sequence number of the event that made the execution as it stands (the trade, or its last correction). */
  readonly amendsEventSeq: number;
  /**
   * When the trade was made (its Trade event's time): pre-trade risk takes a cancelled trade of the current trading day
   * off the day's trade count. Absent in amendments journaled before 2026-12-07 (tenth session).
   */
  readonly tradedUs?: TimestampUs | undefined;
}

/** One side of an amended trade: its order, and that order as it ended when it is no longer live. */
export interface AmendedOrder {
  readonly orderId: OrderId;
  readonly finished?: { readonly terms: OrderTerms; readonly state: OrderState } | undefined;
}

/** Commands of clients (after normalisation at the edge); what pre-trade risk sees. */
export type OrderCommand = PlaceOrder | ReplaceOrder | CancelOrder | MassCancel | OrderStatusRequest;
/** Commands of operations and of the clock. */
export type AdminCommand = SetTradingStatus | ExpireOrders | AmendTrade;
export type EngineCommand = OrderCommand | AdminCommand;
