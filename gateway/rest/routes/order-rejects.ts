import { RejectCode } from '../../../engine/model';
import { RestError, type RestErrorCode } from '../errors';

type OrderErrorCode = Extract<RestErrorCode, `GW_ERR_ORDER_${string}`>;

const INVALID = 'GW_ERR_ORDER_INVALID';
const REJECTED = 'GW_ERR_ORDER_REJECTED';
const RISK = 'GW_ERR_ORDER_RISK_REJECTED';

/**
 * The REST edge's one mapping of RejectCode (style.md: each edge maps the codes once): the JSON `code`, and so the
 * HTTP status, of a refused order, replace or cancel. The RejectCode itself travels in `details.rejectCode`.
 */
export const REST_REJECT_ERROR = {
  [RejectCode.UnknownInstrument]: INVALID,
  [RejectCode.InstrumentHalted]: REJECTED,
  [RejectCode.InstrumentClosed]: REJECTED,
  [RejectCode.InvalidQuantity]: INVALID,
  [RejectCode.InvalidPrice]: INVALID,
  [RejectCode.PriceOffTick]: INVALID,
  [RejectCode.QuantityOffLot]: INVALID,
  [RejectCode.InvalidStopPrice]: INVALID,
  [RejectCode.InvalidDisplayQuantity]: INVALID,
  [RejectCode.InvalidMinQuantity]: INVALID,
  [RejectCode.InvalidExpireTime]: INVALID,
  [RejectCode.UnsupportedOrderType]: INVALID,
  [RejectCode.UnsupportedTimeInForce]: INVALID,
  [RejectCode.InvalidFlagCombination]: INVALID,
  [RejectCode.MissingField]: INVALID,
  [RejectCode.InvalidSide]: INVALID,
  [RejectCode.InvalidAccount]: INVALID,
  [RejectCode.InvalidMifidField]: INVALID,
  [RejectCode.PriceOutOfRange]: INVALID,
  [RejectCode.MaxOrderQuantityExceeded]: RISK,
  [RejectCode.MaxNotionalExceeded]: RISK,
  [RejectCode.PriceCollarBreached]: RISK,
  [RejectCode.PositionLimitExceeded]: RISK,
  [RejectCode.CreditLimitExceeded]: RISK,
  [RejectCode.LossLimitExceeded]: RISK,
  [RejectCode.MaxOpenOrdersExceeded]: RISK,
  [RejectCode.Throttled]: RISK,
  [RejectCode.OrderToTradeRatioExceeded]: RISK,
  [RejectCode.RestrictedInstrument]: RISK,
  [RejectCode.InstrumentNotPermitted]: RISK,
  [RejectCode.DuplicateOrder]: RISK,
  [RejectCode.KillSwitchActive]: RISK,
  [RejectCode.AccountNotPermitted]: RISK,
  [RejectCode.AccountSuspended]: RISK,
  [RejectCode.MaxDailyVolumeExceeded]: RISK,
  [RejectCode.MaxOrderValueExceeded]: RISK,
  [RejectCode.ShortSellNotPermitted]: RISK,
  [RejectCode.RiskLimitsMissing]: RISK,
  [RejectCode.UnknownOrder]: 'GW_ERR_ORDER_NOT_FOUND',
  [RejectCode.DuplicateClientOrderId]: 'GW_ERR_ORDER_DUPLICATE_CLIENT_ID',
  [RejectCode.OrderAlreadyDone]: 'GW_ERR_ORDER_ALREADY_DONE',
  [RejectCode.OrderMismatch]: REJECTED,
  [RejectCode.PostOnlyWouldTrade]: REJECTED,
  [RejectCode.ReplaceNotAllowed]: REJECTED,
  [RejectCode.NoLiquidity]: REJECTED,
  [RejectCode.VenueUnavailable]: REJECTED,
  [RejectCode.VenueRejected]: REJECTED,
  [RejectCode.VenueTimeout]: REJECTED,
  [RejectCode.VenueNotConfigured]: REJECTED,
  [RejectCode.InternalError]: REJECTED,
  [RejectCode.EngineUnavailable]: REJECTED,
  [RejectCode.RecoveryInProgress]: REJECTED,
  [RejectCode.JournalUnavailable]: 'GW_ERR_ORDER_JOURNAL_UNAVAILABLE',
} as const satisfies Record<RejectCode, OrderErrorCode>;

/** What a refusal tells the client besides its code: the RejectCode (number and name), the text, the ids. */
export interface RejectDetails {
  readonly rejectCode: RejectCode;
  readonly rejectReason: string;
  readonly text: string;
  readonly clientOrderId: string | null;
  readonly orderId: string | null;
  readonly status: 'REJECTED';
}

/** A refused command (at the edge, by risk or by the engine) as the API's error. */
export function rejectError(code: RejectCode, text: string, ids: { readonly clientOrderId?: string | undefined; readonly orderId?: number | undefined } = {}): RestError {
  const details: RejectDetails = {
    rejectCode: code,
    rejectReason: RejectCode[code],
    text,
    clientOrderId: ids.clientOrderId ?? null,
    orderId: ids.orderId === undefined ? null : String(ids.orderId),
    status: 'REJECTED',
  };
  return new RestError(REST_REJECT_ERROR[code], text, { details });
}
