import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotencyRepository } from '../../db';
import { principalKey } from './access';
import { RestError } from './errors';
import { sha256Hex } from './auth/secrets';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The header's schema, for the `headers` schema of a route that honours it (and so for the OpenAPI document). */
export const IDEMPOTENCY_HEADER_SCHEMA = {
  type: 'object',
  properties: {
    [IDEMPOTENCY_HEADER]: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$', description: 'A repeat with the same key returns the first response.' },
  },
} as const;

/**
 * `Idempotency-Key` for creating routes: the first response for a key is stored per principal and returned on
 * every repeat (with `Idempotent-Replayed: true`). The same key with a different request is refused (422); a
 * repeat while the first is still running is refused (409). A request that fails stores nothing.
 */
export class IdempotencyKeys {
  constructor(
    private readonly repository: IdempotencyRepository,
    private readonly ttlMs: number,
    private readonly nowMs: () => number,
  ) {}

  async respond(request: FastifyRequest, reply: FastifyReply, statusCode: number, work: () => Promise<unknown>): Promise<FastifyReply> {
    const key = request.headers[IDEMPOTENCY_HEADER];
    const principal = request.principal;
    if (typeof key !== 'string' || principal === null) return reply.status(statusCode).send(await work());
    const owner = principalKey(principal);
    const requestHash = sha256Hex(`${request.method} ${request.routeOptions.url ?? ''}\n${JSON.stringify(request.params ?? null)}\n${JSON.stringify(request.body ?? null)}`);
    const claim = await this.repository.claim(owner, key, requestHash, this.nowMs(), this.ttlMs);
    if (!claim.claimed) {
      const existing = claim.existing;
      if (existing.requestHash !== requestHash) {
        throw new RestError('GW_ERR_REST_IDEMPOTENCY_MISMATCH', 'this Idempotency-Key was used with a different request', { details: { idempotencyKey: key } });
      }
      if (existing.statusCode === null) {
        throw new RestError('GW_ERR_REST_IDEMPOTENCY_IN_PROGRESS', 'the first request with this Idempotency-Key is still running', { details: { idempotencyKey: key } });
      }
      return reply.status(existing.statusCode).header('idempotent-replayed', 'true').send(existing.body);
    }
    let body: unknown;
    try {
      body = await work();
    } catch (e: unknown) {
      await this.repository.release(owner, key);
      throw e;
    }
    await this.repository.complete(owner, key, statusCode, body);
    return reply.status(statusCode).send(body);
  }
}
