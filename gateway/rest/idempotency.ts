import { randomBytes } from 'node:crypto';
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
 *
 * A claim is made by one attempt of one gateway run (the run: a random id per process; the attempt: a counter). A
 * claim left without an answer by an attempt that is not running any more (the process died between doing the work
 * and storing its answer, or storing the answer failed) is not "still running": its repeat takes the claim over.
 * The route's `find` then looks for what the first attempt did (an order placed before a crash is in the journal,
 * and so in the book after the restart); found, that is the answer, stored and sent as a replay; not found, the
 * request runs now. The claim's token (from the principal, the key and the claim's time) is the same for every
 * attempt of one claim, so a route can name what it makes by it (the order route's client order id) and find it.
 */
export class IdempotencyKeys {
  /** This process's run: claims of other runs without an answer were cut off. */
  private readonly run = randomBytes(8).toString('hex');
  private attempts = 0;
  /** The attempts of this run still running (their claims are really in progress). */
  private readonly running = new Set<string>();

  constructor(
    private readonly repository: IdempotencyRepository,
    private readonly ttlMs: number,
    private readonly nowMs: () => number,
  ) {}

  /**
   * `work(token)`: the request's effect and its answer; `token` names the claim (undefined without a key).
   * `find(token)`: what an attempt of this claim cut off before its answer was stored did, as the answer, or
   * undefined when it did nothing (then `work` runs); without `find`, `work` runs again.
   */
  async respond(
    request: FastifyRequest,
    reply: FastifyReply,
    statusCode: number,
    work: (token: string | undefined) => Promise<unknown>,
    find?: (token: string) => Promise<unknown> | unknown,
  ): Promise<FastifyReply> {
    const key = request.headers[IDEMPOTENCY_HEADER];
    const principal = request.principal;
    if (typeof key !== 'string' || principal === null) return reply.status(statusCode).send(await work(undefined));
    const owner = principalKey(principal);
    const requestHash = sha256Hex(`${request.method} ${request.routeOptions.url ?? ''}\n${JSON.stringify(request.params ?? null)}\n${JSON.stringify(request.body ?? null)}`);
    // Marked running before the claim is made: a repeat that reads the claim meanwhile must see it as running.
    this.attempts += 1;
    const attempt = `${this.run}.${this.attempts}`;
    this.running.add(attempt);
    try {
      const claim = await this.repository.claim(owner, key, requestHash, this.nowMs(), this.ttlMs, attempt);
      if (claim.claimed) return await this.serve(reply, statusCode, owner, key, claimToken(owner, key, claim.createdAtMs), work);
      const existing = claim.existing;
      if (existing.requestHash !== requestHash) {
        throw new RestError('GW_ERR_REST_IDEMPOTENCY_MISMATCH', 'this Idempotency-Key was used with a different request', { details: { idempotencyKey: key } });
      }
      if (existing.statusCode !== null) return reply.status(existing.statusCode).header('idempotent-replayed', 'true').send(existing.body);
      const inProgress = new RestError('GW_ERR_REST_IDEMPOTENCY_IN_PROGRESS', 'the first request with this Idempotency-Key is still running', { details: { idempotencyKey: key } });
      if (existing.claimRun !== null && this.running.has(existing.claimRun)) throw inProgress;
      // Cut off: taken over by one repeat (another one at the same time gets the 409).
      if (!(await this.repository.takeOver(owner, key, existing, attempt))) throw inProgress;
      const token = claimToken(owner, key, existing.createdAtMs);
      const done = find === undefined ? undefined : await find(token);
      if (done === undefined) return await this.serve(reply, statusCode, owner, key, token, work);
      await this.repository.complete(owner, key, statusCode, done);
      return reply.status(statusCode).header('idempotent-replayed', 'true').send(done);
    } finally {
      this.running.delete(attempt);
    }
  }

  /** Runs the work of a claim this attempt holds, and stores its answer (or frees the key when it fails). */
  private async serve(reply: FastifyReply, statusCode: number, owner: string, key: string, token: string, work: (token: string) => Promise<unknown>): Promise<FastifyReply> {
    let body: unknown;
    try {
      body = await work(token);
    } catch (e: unknown) {
      await this.repository.release(owner, key);
      throw e;
    }
    await this.repository.complete(owner, key, statusCode, body);
    return reply.status(statusCode).send(body);
  }
}

/** The name of one claim of a key: the same for every attempt of that claim, another after the key is reused. */
function claimToken(owner: string, key: string, createdAtMs: number): string {
  return sha256Hex(`${owner}\u0000${key}\u0000${createdAtMs}`).slice(0, 20);
}
