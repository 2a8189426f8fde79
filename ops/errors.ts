import { GatewayError } from '../engine/model';

export type OpsErrorCode = 'GW_ERR_OPS_PORT_IN_USE' | 'GW_ERR_OPS_LISTEN_FAILED' | 'GW_ERR_OPS_RECOVERY_DIVERGED' | 'GW_ERR_OPS_INVALID_ARGUMENT';

/** A start-up fault of the process itself (ports); each message names the problem and the fix. */
export class OpsError extends GatewayError<OpsErrorCode> {}
