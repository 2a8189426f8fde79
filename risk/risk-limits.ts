/**
 * Limits as operators set them: per firm, per account and per session (the tightest applies), amounts as exact
 * decimal strings in the instrument's units (quantity) or price currency (notional), never floats.
 */
export type LimitScope = 'firm' | 'account' | 'session';

export interface RiskLimits {
  /** Largest order quantity, e.g. "10000" (in the instrument's quantity units). */
  readonly maxOrderQty?: string | undefined;
  /** Largest order value, price x quantity, in the price currency, e.g. "1000000". */
  readonly maxOrderNotional?: string | undefined;
  /** Price collar: how far from the last trade price an order may be priced, in percent (e.g. 5 = 5%). */
  readonly priceCollarPercent?: number | undefined;
  /** Open orders at most. */
  readonly maxOpenOrders?: number | undefined;
  /** Messages (new, replace and cancel) per second at most (RTS 6 Art. 15(1)(d)). */
  readonly maxMessagesPerSecond?: number | undefined;
}

export interface ScopedLimits {
  readonly scope: LimitScope;
  /** The firm, account or session id. */
  readonly id: string;
  readonly limits: RiskLimits;
}

/** Who acts on the kill switch or the limits: named, with roles (release needs the risk role). */
export interface RiskActor {
  readonly userId: string;
  readonly roles: readonly string[];
}

export type KillScope = { readonly scope: 'global' } | { readonly scope: LimitScope; readonly id: string };

/** What an operator action leaves for the audit trail (the journal writes it). */
export interface RiskAuditEvent {
  readonly kind: 'KILL' | 'KILL_RELEASE' | 'LIMIT_CHANGE';
  readonly tsUs: bigint;
  readonly actor: string;
  readonly detail: Readonly<Record<string, unknown>>;
}
