/**
 * Why a command was refused: one enum for every module, in fixed ranges. A code is never renumbered and never
 * reused; add new ones at the end of their range.
 *   1xxx validation and instrument   2xxx risk   3xxx order state and matching   4xxx venue   9xxx internal
 * Each edge maps these once (FIX OrdRejReason/CxlRejReason, REST status) through a table typed
 * `satisfies Record<RejectCode, ...>`.
 */
export enum RejectCode {
  // 1xxx: validation and instrument
  UnknownInstrument = 1001,
  InstrumentHalted = 1002,
  InstrumentClosed = 1003,
  InvalidQuantity = 1004,
  InvalidPrice = 1005,
  PriceOffTick = 1006,
  QuantityOffLot = 1007,
  InvalidStopPrice = 1008,
  InvalidDisplayQuantity = 1009,
  InvalidMinQuantity = 1010,
  InvalidExpireTime = 1011,
  UnsupportedOrderType = 1012,
  UnsupportedTimeInForce = 1013,
  /** Flags that do not go together, e.g. post-only on a market, IOC or FOK order. */
  InvalidFlagCombination = 1014,
  MissingField = 1015,
  InvalidSide = 1016,
  InvalidAccount = 1017,
  InvalidMifidField = 1018,
  PriceOutOfRange = 1019,

  // 2xxx: pre-trade risk
  MaxOrderQuantityExceeded = 2001,
  MaxNotionalExceeded = 2002,
  PriceCollarBreached = 2003,
  PositionLimitExceeded = 2004,
  CreditLimitExceeded = 2005,
  LossLimitExceeded = 2006,
  MaxOpenOrdersExceeded = 2007,
  Throttled = 2008,
  OrderToTradeRatioExceeded = 2009,
  RestrictedInstrument = 2010,
  InstrumentNotPermitted = 2011,
  DuplicateOrder = 2012,
  KillSwitchActive = 2013,
  AccountNotPermitted = 2014,
  AccountSuspended = 2015,
  MaxDailyVolumeExceeded = 2016,
  MaxOrderValueExceeded = 2017,
  ShortSellNotPermitted = 2018,
  RiskLimitsMissing = 2019,

  // 3xxx: order state and matching
  UnknownOrder = 3001,
  DuplicateClientOrderId = 3002,
  /** The order is already filled, cancelled or expired (TooLateToCancel at the FIX edge). */
  OrderAlreadyDone = 3003,
  /** Symbol or side of a cancel/replace does not match the order. */
  OrderMismatch = 3004,
  /** A post-only order (or its replace) would have traded on arrival. */
  PostOnlyWouldTrade = 3005,
  /** A replace asked for something a replace cannot change (type, time in force, a market order). */
  ReplaceNotAllowed = 3006,
  /** Reserved: no liquidity for a market order (the engine cancels the rest instead, CancelReason.ImmediateRemainder). */
  NoLiquidity = 3007,

  // 4xxx: external venue
  VenueUnavailable = 4001,
  VenueRejected = 4002,
  VenueTimeout = 4003,
  VenueNotConfigured = 4004,

  // 9xxx: internal
  InternalError = 9001,
  EngineUnavailable = 9002,
  RecoveryInProgress = 9003,
  /** The audit journal is not committing (database unreachable or slow): new orders wait for it to catch up. */
  JournalUnavailable = 9004,
}
