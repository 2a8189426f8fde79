import type { AccountScope, Principal, RouteAccess } from './access';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route under /api/v1: registration fails without it. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Set by the authentication hook on every non-public route; null on public ones. */
    principal: Principal | null;
    /** Set with the principal: which accounts this request may touch. */
    accountScope: AccountScope | null;
  }
}

export {};
