import { RejectCode } from '../../../engine/model';

/** OrdRejReason(103): one value per RejectCode (style.md: each edge maps the codes once, in one table). */
export const ORD_REJ_REASON = {
  [RejectCode.UnknownInstrument]: 1,
  [RejectCode.InstrumentHalted]: 2,
  [RejectCode.InstrumentClosed]: 2,
  [RejectCode.InvalidQuantity]: 13,
  [RejectCode.InvalidPrice]: 99,
  [RejectCode.PriceOffTick]: 18,
  [RejectCode.QuantityOffLot]: 13,
  [RejectCode.InvalidStopPrice]: 99,
  [RejectCode.InvalidDisplayQuantity]: 11,
  [RejectCode.InvalidMinQuantity]: 11,
  [RejectCode.InvalidExpireTime]: 99,
  [RejectCode.UnsupportedOrderType]: 11,
  [RejectCode.UnsupportedTimeInForce]: 11,
  [RejectCode.InvalidFlagCombination]: 11,
  [RejectCode.MissingField]: 99,
  [RejectCode.InvalidSide]: 99,
  [RejectCode.InvalidAccount]: 15,
  [RejectCode.InvalidMifidField]: 99,
  [RejectCode.PriceOutOfRange]: 16,
  [RejectCode.MaxOrderQuantityExceeded]: 3,
  [RejectCode.MaxNotionalExceeded]: 3,
  [RejectCode.PriceCollarBreached]: 16,
  [RejectCode.PositionLimitExceeded]: 3,
  [RejectCode.CreditLimitExceeded]: 3,
  [RejectCode.LossLimitExceeded]: 3,
  [RejectCode.MaxOpenOrdersExceeded]: 3,
  [RejectCode.Throttled]: 99,
  [RejectCode.OrderToTradeRatioExceeded]: 3,
  [RejectCode.RestrictedInstrument]: 99,
  [RejectCode.InstrumentNotPermitted]: 99,
  [RejectCode.DuplicateOrder]: 6,
  [RejectCode.KillSwitchActive]: 0,
  [RejectCode.AccountNotPermitted]: 15,
  [RejectCode.AccountSuspended]: 15,
  [RejectCode.MaxDailyVolumeExceeded]: 3,
  [RejectCode.MaxOrderValueExceeded]: 3,
  [RejectCode.ShortSellNotPermitted]: 99,
  [RejectCode.RiskLimitsMissing]: 99,
  [RejectCode.UnknownOrder]: 5,
  [RejectCode.DuplicateClientOrderId]: 6,
  [RejectCode.OrderAlreadyDone]: 4,
  [RejectCode.OrderMismatch]: 99,
  [RejectCode.PostOnlyWouldTrade]: 99,
  [RejectCode.ReplaceNotAllowed]: 11,
  [RejectCode.NoLiquidity]: 99,
  [RejectCode.VenueUnavailable]: 2,
  [RejectCode.VenueRejected]: 0,
  [RejectCode.VenueTimeout]: 99,
  [RejectCode.VenueNotConfigured]: 99,
  [RejectCode.InternalError]: 99,
  [RejectCode.EngineUnavailable]: 99,
  [RejectCode.RecoveryInProgress]: 99,
  [RejectCode.JournalUnavailable]: 99,
} as const satisfies Record<RejectCode, number>;

/** CxlRejReason(102) for refused cancels and replaces: 0 too late, 1 unknown order, 6 duplicate ClOrdID, 99 other. */
export function cxlRejReason(code: RejectCode): number {
  if (code === RejectCode.OrderAlreadyDone) return 0;
  if (code === RejectCode.UnknownOrder) return 1;
  if (code === RejectCode.DuplicateClientOrderId) return 6;
  return 99;
}
