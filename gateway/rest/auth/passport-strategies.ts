import fastifyPassport from '@fastify/passport';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../access';
import { RestError } from '../errors';
import type { ApiKeyVerifier } from './api-key-verifier';
import type { SessionVerifier } from './session-verifier';

export const API_KEY_STRATEGY = 'gw-api-key';
export const BEARER_STRATEGY = 'gw-bearer';

/** What a strategy fails with when the request carries no credentials of its kind (as opposed to wrong ones). */
export const NO_CREDENTIALS = 'no-credentials';

const API_KEY_HEADER = /^ApiKey\s+([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)$/;
const BEARER_HEADER = /^Bearer\s+([A-Za-z0-9_.-]+)$/;

type Verification = Promise<Principal | RestError>;

/** A passport strategy that reads one Authorization scheme and hands the credentials to a verifier. */
abstract class HeaderStrategy extends fastifyPassport.Strategy {
  protected abstract readonly pattern: RegExp;
  protected abstract check(match: RegExpExecArray, request: FastifyRequest): Verification;

  override authenticate(request: FastifyRequest): void {
    const header = request.headers.authorization;
    const match = header === undefined ? null : this.pattern.exec(header);
    if (match === null) {
      this.fail(NO_CREDENTIALS, 401);
      return;
    }
    this.check(match, request).then(
      (result) => (result instanceof RestError ? this.fail(result, result.statusCode) : this.success(result)),
      (e: unknown) => this.error(e instanceof Error ? e : new Error(String(e))),
    );
  }
}

/** `Authorization: ApiKey <keyId>.<secret>` */
export class ApiKeyStrategy extends HeaderStrategy {
  protected readonly pattern = API_KEY_HEADER;

  constructor(private readonly verifier: ApiKeyVerifier) {
    super(API_KEY_STRATEGY);
  }

  protected check(match: RegExpExecArray, request: FastifyRequest): Verification {
    return this.verifier.verify(match[1] ?? '', match[2] ?? '', request.ip);
  }
}

/** `Authorization: Bearer <jwt>` */
export class BearerStrategy extends HeaderStrategy {
  protected readonly pattern = BEARER_HEADER;

  constructor(private readonly verifier: SessionVerifier) {
    super(BEARER_STRATEGY);
  }

  protected check(match: RegExpExecArray): Verification {
    return this.verifier.verify(match[1] ?? '');
  }
}
