import { GatewayError } from '../../engine/model';

/**
 * Every code the REST API answers with, and its HTTP status: one table, so a code always means one status.
 * A code is never renamed or reused; clients branch on it.
 */
export const REST_ERROR_STATUS = {
  GW_ERR_REST_VALIDATION: 400,
  GW_ERR_REST_MALFORMED_BODY: 400,
  GW_ERR_REST_BODY_TOO_LARGE: 413,
  GW_ERR_REST_UNSUPPORTED_MEDIA_TYPE: 415,
  GW_ERR_REST_NOT_FOUND: 404,
  GW_ERR_REST_UNKNOWN_SYMBOL: 404,
  GW_ERR_REST_CONFLICT: 409,
  GW_ERR_REST_IDEMPOTENCY_MISMATCH: 422,
  GW_ERR_REST_IDEMPOTENCY_IN_PROGRESS: 409,
  GW_ERR_REST_INTERNAL: 500,
  GW_ERR_AUTH_REQUIRED: 401,
  GW_ERR_AUTH_INVALID_CREDENTIALS: 401,
  GW_ERR_AUTH_TOKEN_INVALID: 401,
  GW_ERR_AUTH_TOKEN_REVOKED: 401,
  GW_ERR_AUTH_API_KEY_REVOKED: 401,
  GW_ERR_AUTH_IP_NOT_ALLOWED: 403,
  GW_ERR_AUTH_FORBIDDEN: 403,
  GW_ERR_AUTH_ACCOUNT_FORBIDDEN: 403,
  GW_ERR_AUTH_LOCKED: 429,
  GW_ERR_AUTH_MFA_INVALID: 401,
  GW_ERR_AUTH_MFA_REPLAYED: 401,
  GW_ERR_AUTH_MFA_NOT_ENROLLED: 409,
  GW_ERR_AUTH_MFA_ALREADY_ENROLLED: 409,
  GW_ERR_AUTH_NOT_A_SESSION: 400,
  GW_ERR_RATE_LIMITED: 429,
  GW_ERR_RISK_INVALID_LIMIT: 400,
  GW_ERR_RISK_INVALID_REFERENCE: 400,
  GW_ERR_RISK_NOT_AUTHORISED: 403,
  GW_ERR_RISK_NOT_ENGAGED: 409,
  GW_ERR_ORDER_INVALID: 400,
  GW_ERR_ORDER_NOT_OWNER: 403,
  GW_ERR_ORDER_NOT_FOUND: 404,
  GW_ERR_ORDER_DUPLICATE_CLIENT_ID: 409,
  GW_ERR_ORDER_ALREADY_DONE: 409,
  GW_ERR_ORDER_REJECTED: 422,
  GW_ERR_ORDER_RISK_REJECTED: 422,
  GW_ERR_ORDER_JOURNAL_UNAVAILABLE: 503,
  GW_ERR_TRADE_NOT_FOUND: 404,
  GW_ERR_TRADE_ALREADY_CANCELLED: 409,
  GW_ERR_TRADE_INVALID_CORRECTION: 400,
  GW_ERR_TRADE_ORDER_NOT_HELD: 409,
} as const satisfies Record<`GW_ERR_${'REST' | 'AUTH' | 'RATE' | 'RISK' | 'ORDER' | 'TRADE'}_${string}`, number>;

export type RestErrorCode = keyof typeof REST_ERROR_STATUS;

export const REST_ERROR_CODES: readonly RestErrorCode[] = Object.keys(REST_ERROR_STATUS).filter(isRestErrorCode);

export function isRestErrorCode(code: string): code is RestErrorCode {
  return Object.hasOwn(REST_ERROR_STATUS, code);
}

export interface RestErrorOptions {
  readonly cause?: unknown;
  /** Machine-readable detail for the client (field errors, the conflicting id); never a secret. */
  readonly details?: unknown;
  /** Seconds the client should wait (429): sent as Retry-After. */
  readonly retryAfterSec?: number;
}

/** A failure the REST API answers with `{code, message, details}` and the status of its code. */
export class RestError extends GatewayError<RestErrorCode> {
  readonly statusCode: number;
  readonly details: unknown;
  readonly retryAfterSec: number | undefined;

  constructor(code: RestErrorCode, message: string, options: RestErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.statusCode = REST_ERROR_STATUS[code];
    this.details = options.details ?? null;
    this.retryAfterSec = options.retryAfterSec;
  }
}
