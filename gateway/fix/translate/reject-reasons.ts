import { RejectCode } from '../../../engine/model';
import { Tag } from '../../../fixspec';
import { valueWithin } from '../session/fix-version';

/**
 * OrdRejReason(103): one value per RejectCode (style.md: each edge maps the codes once, in one table), as FIX 5.0 SP2
 * defines them; a session of an older version gets the nearest value its version has (see ordRejReason).
 */
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

/**
 * OrdRejReason(103) of a refusal for a session of `beginString`, within its version's values (the Text beside it
 * keeps the detail): FIX 4.4 has no 16 (price band) or 18 (price increment), which become 99 (Other); FIX 4.2 has
 * only 0-8, and the rest becomes 0 (Broker / Exchange option).
 */
export function ordRejReason(code: RejectCode, beginString: string): number {
  return valueWithin(beginString, Tag.OrdRejReason, ORD_REJ_REASON[code], [99, 0]);
}

/** CxlRejReason(102) for a session of `beginString`: FIX 4.2 has only 0-3, so 6 and 99 become 2 (Broker option). */
export function cxlRejReasonFor(code: RejectCode, beginString: string): number {
  return valueWithin(beginString, Tag.CxlRejReason, cxlRejReason(code), [99, 2]);
}
