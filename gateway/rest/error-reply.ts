import type { FastifyError, FastifyInstance } from 'fastify';
import { RestError, type RestErrorCode } from './errors';
import type { RestLogger } from './rest-deps';

export interface ErrorBody {
  readonly code: RestErrorCode;
  readonly message: string;
  readonly details: unknown;
}

interface ValidationIssue {
  readonly instancePath?: string;
  readonly message?: string;
  readonly keyword?: string;
  readonly params?: unknown;
}

function hasValidation(error: unknown): error is { validation: readonly ValidationIssue[]; validationContext?: string; message: string } {
  return typeof error === 'object' && error !== null && 'validation' in error && Array.isArray(error.validation);
}

/** An unknown body property (refused through `propertyNames`) is named in the details. */
function unknownProperty(issue: ValidationIssue): { readonly property?: string } {
  const params = issue.params;
  if (issue.keyword !== 'propertyNames' || typeof params !== 'object' || params === null || !('propertyName' in params)) return {};
  return typeof params.propertyName === 'string' ? { property: params.propertyName } : {};
}

/** Fastify's own 4xx faults (body parsing, size, media type) as our codes. */
function fromFastify(error: Partial<FastifyError>): RestError | null {
  const status = error.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  const message = error.message ?? 'bad request';
  if (status === 413) return new RestError('GW_ERR_REST_BODY_TOO_LARGE', 'request body too large');
  if (status === 415) return new RestError('GW_ERR_REST_UNSUPPORTED_MEDIA_TYPE', message);
  if (status === 404) return new RestError('GW_ERR_REST_NOT_FOUND', message);
  if (status === 429) return new RestError('GW_ERR_RATE_LIMITED', message);
  return new RestError('GW_ERR_REST_MALFORMED_BODY', message, { details: error.code === undefined ? null : { fastifyCode: error.code } });
}

/**
 * The API's one error shape, `{code, message, details}`, with the status of the code and never a stack trace.
 * Anything that is not a client fault is logged (message and stack, never the request body) and answered 500.
 */
export function installErrorReplies(app: FastifyInstance, logger: RestLogger): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    let rest: RestError | null = null;
    if (error instanceof RestError) rest = error;
    else if (hasValidation(error)) {
      rest = new RestError('GW_ERR_REST_VALIDATION', error.message, {
        details: {
          in: error.validationContext ?? 'body',
          errors: error.validation.map((v) => ({ path: v.instancePath ?? '', message: v.message ?? 'invalid', keyword: v.keyword ?? null, ...unknownProperty(v) })),
        },
      });
    } else if (typeof error === 'object' && error !== null) rest = fromFastify(error);
    if (rest === null) {
      logger.error('REST request failed', {
        method: request.method,
        route: request.routeOptions.url,
        error: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
      rest = new RestError('GW_ERR_REST_INTERNAL', 'internal error');
    }
    if (rest.retryAfterSec !== undefined) void reply.header('retry-after', String(rest.retryAfterSec));
    const body: ErrorBody = { code: rest.code, message: rest.message, details: rest.details };
    void reply.status(rest.statusCode).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { code: 'GW_ERR_REST_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}`, details: null };
    void reply.status(404).send(body);
  });
}
