// The internal order model: the one contract between modules (design.md). Commands in, events out.
export { GatewayError, ModelError } from './errors';
export type { ModelErrorCode } from './errors';
export { isPriceTicks, isQtyLots, priceTicks, qtyLots } from './units';
export type { OrderId, PriceTicks, QtyLots, TimestampUs } from './units';
export {
  CancelReason,
  Channel,
  Liquidity,
  OrderStatus,
  OrderType,
  SelfTradePrevention,
  SelfTradeScope,
  Side,
  TimeInForce,
  TradingCapacity,
  TradingStatus,
} from './enums';
export { RejectCode } from './reject-code';
export { NO_MIFID_FIELDS } from './mifid';
export type { MifidFields } from './mifid';
export {
  averagePriceToDecimal,
  defineInstrument,
  lotsToQty,
  optionalLots,
  optionalTicks,
  priceToTicks,
  qtyToLots,
  refused,
  ticksToPrice,
  withTradingStatus,
} from './instrument';
export type { Conversion, EdgeResult, Instrument, InstrumentSpec } from './instrument';
export { isTerminalStatus } from './order-status';
export { ClientIdTable, fnv1a, IdTable } from './order-tables';
export type { ByClientId, ById } from './order-tables';
export type {
  AdminCommand,
  AmendedOrder,
  AmendTrade,
  CancelOrder,
  CommandSource,
  EngineCommand,
  ExpireOrders,
  MassCancel,
  MassCancelFilter,
  OrderCommand,
  OrderStatusRequest,
  PlaceOrder,
  ReplaceOrder,
  SetTradingStatus,
  TradeAmendment,
} from './commands';
export type {
  EngineEvent,
  Fill,
  MassCancelCompleted,
  OrderAccepted,
  OrderCancelled,
  OrderEvent,
  OrderExpired,
  OrderRejected,
  OrderReplaced,
  OrderRestated,
  OrderState,
  OrderStatusReported,
  OrderTerms,
  OrderTriggered,
  Trade,
  TradeAmended,
  TradingStatusChanged,
} from './events';
