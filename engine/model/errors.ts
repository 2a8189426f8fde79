/**
 * The base of every thrown error in the gateway. A throw means a bug or a broken dependency; rejections of
 * orders are values (events with a RejectCode), never throws. Each module declares its codes in its errors.ts
 * as literal types `GW_ERR_<AREA>_<WHAT>` and extends this class.
 */
export class GatewayError<Code extends `GW_ERR_${string}` = `GW_ERR_${string}`> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }
}

/** Codes thrown by the order model itself: a programming error at an edge (a value that is not what its type says). */
export type ModelErrorCode = 'GW_ERR_MODEL_INVALID_INSTRUMENT' | 'GW_ERR_MODEL_INVALID_VALUE';

/** A model value built from something that is not one (an instrument with a bad tick size, a negative quantity). */
export class ModelError extends GatewayError<ModelErrorCode> {}
