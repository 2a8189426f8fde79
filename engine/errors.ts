import { GatewayError } from './model';

export type EngineErrorCode = 'GW_ERR_ENGINE_DUPLICATE_INSTRUMENT' | 'GW_ERR_ENGINE_INVALID_OPTION';

/** A misuse of the engine by its owner (two instruments with one symbol, a bad option): a bug, not a rejection. */
export class EngineError extends GatewayError<EngineErrorCode> {}
