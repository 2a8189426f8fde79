/**
 * fixspec imports nothing of ours (design.md), so its error base is its own, with the same shape as the gateway's
 * GatewayError: a literal `code` and a `cause`. The codec never throws on input: bad bytes are typed results.
 */
export type FixspecErrorCode = 'GW_ERR_FIXSPEC_UNKNOWN_VERSION' | 'GW_ERR_FIXSPEC_DICTIONARY_FILE';

export class FixspecError extends Error {
  constructor(readonly code: FixspecErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FixspecError';
  }
}
