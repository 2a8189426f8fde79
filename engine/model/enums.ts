/** Side of an order. */
export enum Side {
  Buy = 'BUY',
  Sell = 'SELL',
}

/** Order types the engine understands. Stop orders trigger on the last trade price of their instrument. */
export enum OrderType {
  Limit = 'LIMIT',
  /** Executes against the book up to its protection price (given, or derived from the best price); the rest is cancelled. */
  Market = 'MARKET',
  /** Becomes a market order when triggered. */
  Stop = 'STOP',
  /** Becomes a limit order when triggered. */
  StopLimit = 'STOP_LIMIT',
}

export enum TimeInForce {
  Day = 'DAY',
  GoodTillCancel = 'GTC',
  ImmediateOrCancel = 'IOC',
  FillOrKill = 'FOK',
  GoodTillDate = 'GTD',
}

/** What happens when an order would trade against an order of the same account (or firm; see SelfTradeScope). */
export enum SelfTradePrevention {
  None = 'NONE',
  CancelResting = 'CANCEL_RESTING',
  CancelAggressor = 'CANCEL_AGGRESSOR',
  CancelBoth = 'CANCEL_BOTH',
  /** The smaller order is cancelled; the larger one is reduced by the smaller one's quantity. No trade. */
  Decrement = 'DECREMENT',
}

/** Which orders count as "the same owner" for self-trade prevention. */
export enum SelfTradeScope {
  Account = 'ACCOUNT',
  Firm = 'FIRM',
}

/** The state of an order after an event (OrdStatus at the FIX edge). An untriggered stop order is New. */
export enum OrderStatus {
  New = 'NEW',
  PartiallyFilled = 'PARTIALLY_FILLED',
  Filled = 'FILLED',
  Cancelled = 'CANCELLED',
  Expired = 'EXPIRED',
  Rejected = 'REJECTED',
}

/** Trading status of an instrument (the same strings as the config file and the database). */
export enum TradingStatus {
  Open = 'open',
  Halted = 'halted',
  Closed = 'closed',
}

/** MiFID II trading capacity (RTS 24 field 7). */
export enum TradingCapacity {
  DealingOnOwnAccount = 'DEAL',
  MatchedPrincipal = 'MTCH',
  AnyOtherCapacity = 'AOTC',
}

/** The way an order came in. */
export enum Channel {
  Fix = 'FIX',
  Rest = 'REST',
  WebSocket = 'WS',
  Admin = 'ADMIN',
}

/** Why an order was cancelled without being asked to (or by whom). */
export enum CancelReason {
  /** CancelOrder from the client. */
  ClientRequest = 'CLIENT_REQUEST',
  MassCancel = 'MASS_CANCEL',
  /** The rest of an IOC order, or of a market order (no more liquidity within its protection price). */
  ImmediateRemainder = 'IMMEDIATE_REMAINDER',
  /** A FOK order that could not be filled whole at once. */
  FillOrKill = 'FILL_OR_KILL',
  /** Less than the order's minimum quantity could be filled on arrival. */
  MinQuantity = 'MIN_QUANTITY',
  SelfTradePrevention = 'SELF_TRADE_PREVENTION',
  /** A replace asked for a quantity at or below the quantity already filled. */
  ReplacedBelowFilled = 'REPLACED_BELOW_FILLED',
}

/** Maker or taker of a fill (LastLiquidityInd at the FIX edge; RTS 24 field 44 PASV/AGRE). */
export enum Liquidity {
  Maker = 'MAKER',
  Taker = 'TAKER',
}
