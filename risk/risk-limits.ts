/**
 * Limits as operators set them: globally, per firm, per account and per session (every level that sets a limit
 * must pass, so the tightest applies), optionally for one instrument only. Quantities are exact decimal strings in
 * the instrument's quantity units; amounts are exact decimal strings in the price currency; never floats at the edge.
 */
export type EntityScope = 'firm' | 'account' | 'session';
/** 'global' limits apply to every order (e.g. the firm-wide restricted list); their id is ignored ('*' by convention). */
export type LimitScope = 'global' | EntityScope;

/** What a collar is measured from: the last trade price, the mid of the best bid and offer, or an external reference. */
export type CollarReference = 'last' | 'mid' | 'external';

/** What the throttle does with a message over the rate: refuse it, or tell the caller to send it later (paced). */
export type ThrottleMode = 'reject' | 'queue';

export interface RiskLimits {
  /** Largest order quantity, e.g. "10000" (in the instrument's quantity units). RTS 6 Art. 15(1)(c). */
  readonly maxOrderQty?: string | undefined;
  /** Largest order value, price x quantity, in the price currency, e.g. "1000000". RTS 6 Art. 15(1)(b). */
  readonly maxOrderNotional?: string | undefined;
  /** Price collar in percent of the reference price (5 = 5%). RTS 6 Art. 15(1)(a). */
  readonly priceCollarPercent?: number | undefined;
  /** Price collar in ticks of the instrument around the reference price. */
  readonly priceCollarTicks?: number | undefined;
  /** The collar's reference price; 'last' by default. Without a reference price the collar is not applied. */
  readonly collarReference?: CollarReference | undefined;
  /** Largest long position of one instrument, counting the open buy orders and this order (quantity units). */
  readonly maxLongQty?: string | undefined;
  /** Largest short position of one instrument, counting the open sell orders and this order (quantity units). */
  readonly maxShortQty?: string | undefined;
  /** Largest net position value over all instruments, |sum of signed position values + this order| (currency). */
  readonly maxNetPositionValue?: string | undefined;
  /** Largest gross position value over all instruments, sum of |position values| + this order (currency). */
  readonly maxGrossPositionValue?: string | undefined;
  /** Credit: value of the open orders + gross position value + this order (currency). RTS 6 Art. 15(4). */
  readonly creditLimit?: string | undefined;
  /** Largest loss of the trading day, realised + unrealised against the reference price (currency). */
  readonly maxDailyLoss?: string | undefined;
  /** Open orders at most. */
  readonly maxOpenOrders?: number | undefined;
  /** Messages (new, replace and cancel) per second at most, as a token bucket of that size. RTS 6 Art. 15(1)(d). */
  readonly maxMessagesPerSecond?: number | undefined;
  /** Over the rate: 'reject' (default) or 'queue' (a delay decision the caller honours). */
  readonly throttleMode?: ThrottleMode | undefined;
  /** In 'queue' mode, the longest delay before a message is refused instead (default 1000 ms). */
  readonly maxQueueDelayMs?: number | undefined;
  /** Order-to-trade ratio: messages of the trading day per trade, at most. */
  readonly maxOrderToTradeRatio?: number | undefined;
  /** The ratio applies once this many messages were sent in the trading day (default 100). */
  readonly orderToTradeMinMessages?: number | undefined;
  /**
   * Repeated automated execution (RTS 6 Art. 15(3)): the Nth repeat of the same order (account, instrument, side,
   * type, quantity, price) within the window is refused and latches the session: every later new order of it is
   * refused until a named risk officer releases it.
   */
  readonly duplicateMaxRepeats?: number | undefined;
  /** The window of the duplicate-order control (default 1000 ms). */
  readonly duplicateWindowMs?: number | undefined;
  /**
   * The oldest an external reference price may be for a collar around it (`collarReference: external`): an order
   * checked against an older one is refused as if none were set (fail closed). Unset: no age limit.
   */
  readonly referenceMaxAgeMs?: number | undefined;
  /** Instruments that may not be traded (restricted list). */
  readonly restrictedSymbols?: readonly string[] | undefined;
  /** When set, only these instruments may be traded. */
  readonly permittedSymbols?: readonly string[] | undefined;
  /** Session level: cancel the session's open orders when it disconnects. */
  readonly cancelOnDisconnect?: boolean | undefined;
}

export interface ScopedLimits {
  readonly scope: LimitScope;
  /** The firm, account or session id ('*' for global). */
  readonly id: string;
  /** Limits for one instrument only (in force together with the scope's general limits). */
  readonly symbol?: string | undefined;
  readonly limits: RiskLimits;
}

/** Who acts on the kill switch or the limits: named, with roles (release needs the risk role). */
export interface RiskActor {
  readonly userId: string;
  readonly roles: readonly string[];
}

export type KillScope = { readonly scope: 'global' } | { readonly scope: EntityScope; readonly id: string };

/** What an operator action leaves for the audit trail (the journal writes it). */
export interface RiskAuditEvent {
  readonly kind: 'KILL' | 'KILL_RELEASE' | 'LIMIT_CHANGE' | 'LATCH' | 'LATCH_RELEASE' | 'REFERENCE_PRICE';
  readonly tsUs: bigint;
  readonly actor: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** The role that may release a kill switch or a latched session. */
export const RISK_ROLE = 'risk';
