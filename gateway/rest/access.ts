import type { AuthRole } from '../../db';

export type Role = AuthRole;

/** Roles that act for the accounts they are bound to; the others are gateway-wide. */
export const ACCOUNT_BOUND_ROLES: readonly Role[] = ['trader', 'viewer'];
export const ALL_ROLES: readonly Role[] = ['trader', 'viewer', 'risk', 'compliance', 'admin'];

/** Who is calling: a console user (after password + TOTP) or a program with an API key. */
export interface Principal {
  readonly kind: 'user' | 'apiKey';
  /** user id or key id */
  readonly id: string;
  /** username or key label, for logs and audit */
  readonly name: string;
  readonly roles: readonly Role[];
  readonly firmId: string | null;
  readonly accounts: readonly string[];
  /** The JWT's id and expiry for a user (what logout revokes); null for an API key. */
  readonly session: { readonly jti: string; readonly expiresAtMs: number } | null;
}

/** Where an account-scoped route finds the account a request is about. */
export interface AccountLocation {
  readonly in: 'params' | 'query' | 'body';
  readonly field: string;
}

/**
 * What every route under /api/v1 declares in `config.access`: either public (authentication is its own business,
 * as for login), or the roles that may call it and, when it is about one account, where that account is.
 */
export type RouteAccess =
  | { readonly public: true }
  | { readonly public?: false; readonly roles: readonly Role[]; readonly account?: AccountLocation };

/**
 * Which accounts a request may touch: every account for gateway-wide roles (risk, compliance, admin), or the
 * principal's own for traders and viewers. Routes that list or filter use it to narrow what they return.
 */
export type AccountScope = { readonly all: true } | { readonly all: false; readonly accounts: readonly string[] };

export function isPublic(access: RouteAccess): access is { readonly public: true } {
  return access.public === true;
}

/** The roles of `principal` that `access` admits. */
export function admittedRoles(principal: Principal, roles: readonly Role[]): readonly Role[] {
  return principal.roles.filter((r) => roles.includes(r));
}

/** A principal admitted by a gateway-wide role sees all accounts; otherwise only its own. */
export function accountScopeOf(principal: Principal, admitted: readonly Role[]): AccountScope {
  return admitted.some((r) => !ACCOUNT_BOUND_ROLES.includes(r)) ? { all: true } : { all: false, accounts: principal.accounts };
}

export function scopeAllows(scope: AccountScope, accountId: string): boolean {
  return scope.all || scope.accounts.includes(accountId);
}

/** The principal's key for per-principal state (rate limits, idempotency). */
export function principalKey(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}
