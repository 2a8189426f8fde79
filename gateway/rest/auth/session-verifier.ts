import type { UserRepository } from '../../../db';
import type { Principal } from '../access';
import { RestError } from '../errors';
import type { TokenService } from './token-service';

/** Checks "Bearer <jwt>": signature, algorithm, audience and expiry, then that the user is active and the token not revoked. */
export class SessionVerifier {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UserRepository,
  ) {}

  async verify(token: string): Promise<Principal | RestError> {
    const verified = await this.tokens.verifyAccess(token);
    if (verified === 'expired') return new RestError('GW_ERR_AUTH_TOKEN_INVALID', 'the access token has expired; log in again');
    if (verified === 'invalid') return new RestError('GW_ERR_AUTH_TOKEN_INVALID', 'the access token is not valid');
    const view = await this.users.sessionView(verified.subject, verified.jti);
    if (view === null || view.user.disabled) return new RestError('GW_ERR_AUTH_TOKEN_INVALID', 'the access token belongs to no active user');
    if (view.revoked) return new RestError('GW_ERR_AUTH_TOKEN_REVOKED', 'the access token was revoked (logged out)');
    const user = view.user;
    return {
      kind: 'user',
      id: user.userId,
      name: user.username,
      roles: user.roles,
      firmId: user.firmId,
      accounts: user.accounts,
      session: { jti: verified.jti, expiresAtMs: verified.expiresAtMs },
    };
  }
}
