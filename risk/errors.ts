import { GatewayError } from '../engine/model';

/**
 * Codes thrown by risk: a limit that is not one (the edges validate first), an operator action by a user without
 * the risk role, a release of a kill switch that is not engaged, a reference price for an unknown instrument or off its
 * tick.
 */
export type RiskErrorCode = 'GW_ERR_RISK_INVALID_LIMIT' | 'GW_ERR_RISK_INVALID_REFERENCE' | 'GW_ERR_RISK_NOT_AUTHORISED' | 'GW_ERR_RISK_NOT_ENGAGED';

export class RiskError extends GatewayError<RiskErrorCode> {}
