import { GatewayError } from '../engine/model';

/** Codes thrown by marketdata: only a construction option that is not one (a bug of the wiring). */
export type MarketDataErrorCode = 'GW_ERR_MARKETDATA_INVALID_OPTION';

export class MarketDataError extends GatewayError<MarketDataErrorCode> {}
