import type { EngineCommand, MassCancel, TradeAmendment } from './commands';
import type {
  CancelReason,
  Channel,
  Liquidity,
  OrderStatus,
  OrderType,
  SelfTradePrevention,
  SelfTradeScope,
  Side,
  TimeInForce,
  TradingStatus,
} from './enums';
import type { MifidFields } from './mifid';
import type { RejectCode } from './reject-code';
import type { OrderId, PriceTicks, QtyLots, TimestampUs } from './units';

/**
 * The terms of an accepted order, one immutable object per version: created at acceptance and again at each
 * replace; events reference it (no copy per event).
 */
export interface OrderTerms {
  readonly orderId: OrderId;
  readonly clientOrderId: string;
  /** The ClOrdID this version replaced; undefined for the first version. */
  readonly origClientOrderId: string | undefined;
  readonly sessionId: string;
  readonly channel: Channel;
  readonly account: string;
  readonly firm: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Total order quantity of this version (filled included). */
  readonly qtyLots: QtyLots;
  readonly priceTicks: PriceTicks | undefined;
  readonly stopPriceTicks: PriceTicks | undefined;
  readonly displayQtyLots: QtyLots | undefined;
  readonly minQtyLots: QtyLots | undefined;
  /** GTD expiry as given; DAY orders expire at the trading day end of the engine options. */
  readonly expireTimeUs: TimestampUs | undefined;
  readonly postOnly: boolean;
  readonly selfTradePrevention: SelfTradePrevention;
  readonly selfTradeScope: SelfTradeScope;
  readonly mifid: MifidFields;
  /** When the order was first accepted (RTS 24 field 19 date of receipt). */
  readonly acceptedUs: TimestampUs;
}

/**
 * The state of an order after an event. The average price is the exact ratio
 * notionalTicksLots / cumQtyLots (ticks); see averagePriceToDecimal for the edge.
 */
export interface OrderState {
  readonly status: OrderStatus;
  readonly cumQtyLots: QtyLots;
  readonly leavesQtyLots: QtyLots;
  /** Sum of priceTicks * qtyLots over the order's fills. */
  readonly notionalTicksLots: bigint;
}

export interface OrderAccepted extends OrderState {
  readonly kind: 'OrderAccepted';
  readonly tsUs: TimestampUs;
  readonly order: OrderTerms;
}

/** A command refused. For cancel/replace/status of a known order, `order` and the state are that order's. */
export interface OrderRejected extends OrderState {
  readonly kind: 'OrderRejected';
  readonly tsUs: TimestampUs;
  readonly code: RejectCode;
  readonly text: string;
  readonly command: EngineCommand;
  readonly order: OrderTerms | undefined;
}

export interface OrderReplaced extends OrderState {
  readonly kind: 'OrderReplaced';
  readonly tsUs: TimestampUs;
  /** The new version (new clientOrderId, origClientOrderId = the previous one). */
  readonly order: OrderTerms;
  readonly previous: OrderTerms;
  /** True when the order kept its place in the queue (quantity decrease only). */
  readonly priorityKept: boolean;
}

export interface OrderCancelled extends OrderState {
  readonly kind: 'OrderCancelled';
  readonly tsUs: TimestampUs;
  readonly order: OrderTerms;
  readonly reason: CancelReason;
  /** The ClOrdID of the cancel or replace request, or the mass cancel's request id, that caused it. */
  readonly requestId: string | undefined;
}

/** Quantity taken off an order without a trade (self-trade prevention, Decrement): ExecType Restated at FIX. */
export interface OrderRestated extends OrderState {
  readonly kind: 'OrderRestated';
  readonly tsUs: TimestampUs;
  readonly order: OrderTerms;
  readonly reason: CancelReason;
  readonly reducedByLots: QtyLots;
}

export interface OrderExpired extends OrderState {
  readonly kind: 'OrderExpired';
  readonly tsUs: TimestampUs;
  readonly order: OrderTerms;
}

/** A stop order whose trigger price was reached by the last trade price; it now works as a market or limit order. */
export interface OrderTriggered extends OrderState {
  readonly kind: 'OrderTriggered';
  readonly tsUs: TimestampUs;
  readonly order: OrderTerms;
  readonly lastPriceTicks: PriceTicks;
}

/** One side of a trade, with that order's state after the fill. */
export interface Fill extends OrderState {
  readonly order: OrderTerms;
  readonly liquidity: Liquidity;
}

/** A trade between a resting order (maker) and an incoming one (taker), at the maker's price. */
export interface Trade {
  readonly kind: 'Trade';
  readonly tsUs: TimestampUs;
  /** Engine-assigned, monotonic (TrdMatchID, RTS 24 field 48). */
  readonly tradeId: number;
  readonly symbol: string;
  readonly priceTicks: PriceTicks;
  readonly qtyLots: QtyLots;
  readonly maker: Fill;
  readonly taker: Fill;
}

export interface OrderStatusReported extends OrderState {
  readonly kind: 'OrderStatusReported';
  readonly tsUs: TimestampUs;
  readonly order: OrderTerms;
  readonly requestId: string | undefined;
}

/** The end of a mass cancel (OrderMassCancelReport): its OrderCancelled events come before it. */
export interface MassCancelCompleted {
  readonly kind: 'MassCancelCompleted';
  readonly tsUs: TimestampUs;
  readonly command: MassCancel;
  readonly cancelledCount: number;
}

/**
 * A trade cancelled or corrected by operations (AmendTrade), with each side's order state after it. The orders'
 * executed quantity and average price change; quantity taken off a working order is open again (its LeavesQty grows,
 * at its place in the book, as FIX Appendix D J.1.a and J.1.c have it); an order no longer working is not put back:
 * a filled one becomes Cancelled (nothing of it works any more), a cancelled or expired one keeps its status.
 */
export interface TradeAmended extends TradeAmendment {
  readonly kind: 'TradeAmended';
  readonly tsUs: TimestampUs;
  /** Each side's order with its state after the amendment (a cancel's trade stands at quantity 0). */
  readonly maker: Fill;
  readonly taker: Fill;
}

export interface TradingStatusChanged {
  readonly kind: 'TradingStatusChanged';
  readonly tsUs: TimestampUs;
  readonly symbol: string;
  readonly status: TradingStatus;
}

/** Everything the engine says. Events are the only output. */
export type EngineEvent =
  | OrderAccepted
  | OrderRejected
  | OrderReplaced
  | OrderCancelled
  | OrderRestated
  | OrderExpired
  | OrderTriggered
  | Trade
  | TradeAmended
  | OrderStatusReported
  | MassCancelCompleted
  | TradingStatusChanged;

/** Events that carry one order's state (everything except Trade and TradeAmended, which carry two, and the book-level ones). */
export type OrderEvent = Exclude<EngineEvent, Trade | TradeAmended | MassCancelCompleted | TradingStatusChanged>;
