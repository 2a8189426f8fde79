import type { EngineEvent, Fill, OrderState, OrderTerms, Trade, TradeAmended } from '../../engine/model';

/**
 * The `orders`, `order_event` and `execution` rows of the journal's events (migrations 0009, 0010): their columns
 * and the values of a row, read straight from the event's own snapshots (an audit record keeps references to them,
 * no copy), in the engine's integers.
 */

/** A table's columns with their Postgres types, in the order of the values given for each row. */
export type Columns = readonly (readonly [name: string, type: string])[];

/** The order an event leaves behind: its terms and state after the event. */
export interface OrderAfter {
  readonly terms: OrderTerms;
  readonly state: OrderState;
}

/** One side of a trade. */
export interface TradeSide {
  readonly trade: Trade;
  readonly fill: Fill;
}

/** One side of a trade cancelled or corrected by operations, for its `execution_amendment` row. */
export interface AmendedSide {
  readonly amendment: TradeAmended;
  readonly fill: Fill;
}

/**
 * The order an event (other than a trade) leaves, if any: accepted orders only. A refusal leaves none (the order
 * never lived, or it is still as it was: a refused replace), nor does a status report (nothing changed).
 */
export function orderAfter(event: EngineEvent): OrderAfter | undefined {
  switch (event.kind) {
    case 'OrderAccepted':
    case 'OrderReplaced':
    case 'OrderCancelled':
    case 'OrderRestated':
    case 'OrderExpired':
    case 'OrderTriggered':
      return { terms: event.order, state: event };
    default:
      return undefined;
  }
}

const text = (value: bigint | undefined): string | null => (value === undefined ? null : value.toString());

export const ORDER_COLUMNS: Columns = [
  ['order_id', 'bigint'], ['cl_ord_id', 'text'], ['orig_cl_ord_id', 'text'], ['session_id', 'text'], ['channel', 'text'], ['account', 'text'],
  ['firm', 'text'], ['symbol', 'text'], ['side', 'text'], ['ord_type', 'text'], ['time_in_force', 'text'], ['price_ticks', 'bigint'],
  ['stop_price_ticks', 'bigint'], ['qty_lots', 'bigint'], ['display_qty_lots', 'bigint'], ['min_qty_lots', 'bigint'], ['expire_time_us', 'bigint'],
  ['post_only', 'boolean'], ['self_trade_prevention', 'text'], ['client_id', 'text'], ['investment_decision', 'text'], ['execution_decision', 'text'],
  ['algo_id', 'text'], ['trading_capacity', 'text'], ['dea', 'boolean'], ['liquidity_provision', 'boolean'], ['status', 'text'],
  ['cum_qty_lots', 'bigint'], ['leaves_qty_lots', 'bigint'], ['notional_ticks_lots', 'numeric'], ['received_at_us', 'bigint'], ['updated_at_us', 'bigint'],
  ['last_seq', 'bigint'],
];

export function orderValues({ terms: o, state }: OrderAfter, tsUs: bigint, seq: bigint): unknown[] {
  const m = o.mifid;
  return [
    o.orderId, o.clientOrderId, o.origClientOrderId ?? null, o.sessionId, o.channel, o.account, o.firm, o.symbol, o.side, o.type, o.timeInForce,
    o.priceTicks ?? null, o.stopPriceTicks ?? null, o.qtyLots, o.displayQtyLots ?? null, o.minQtyLots ?? null, text(o.expireTimeUs), o.postOnly,
    o.selfTradePrevention, m.clientId ?? null, m.investmentDecisionMaker ?? null, m.executionDecisionMaker ?? null, m.algoId ?? null, m.tradingCapacity,
    m.directElectronicAccess, m.liquidityProvision, state.status, state.cumQtyLots, state.leavesQtyLots, state.notionalTicksLots.toString(),
    o.acceptedUs.toString(), tsUs.toString(), seq.toString(),
  ];
}

export const ORDER_EVENT_COLUMNS: Columns = [
  ['chain_id', 'smallint'], ['seq', 'bigint'], ['order_id', 'bigint'], ['cl_ord_id', 'text'], ['event_code', 'text'], ['event_ts_us', 'bigint'],
  ['status', 'text'], ['price_ticks', 'bigint'], ['stop_price_ticks', 'bigint'], ['qty_lots', 'bigint'], ['leaves_qty_lots', 'bigint'],
  ['display_qty_lots', 'bigint'], ['traded_qty_lots', 'bigint'], ['trade_price_ticks', 'bigint'], ['liquidity', 'text'], ['trade_id', 'bigint'],
];

/** An order event's row; a fill's, or an amendment's, with the trade as it stands after it (a cancel's quantity is 0). */
export function orderEventValues({ terms: o, state }: OrderAfter, side: TradeSide | AmendedSide | undefined, chainId: number, seq: bigint, eventType: string, tsUs: bigint): unknown[] {
  const trade = side === undefined ? undefined : 'trade' in side ? side.trade : side.amendment;
  return [
    chainId, seq.toString(), o.orderId, o.clientOrderId, eventType, tsUs.toString(), state.status, o.priceTicks ?? null, o.stopPriceTicks ?? null, o.qtyLots,
    state.leavesQtyLots, o.displayQtyLots ?? null, trade?.qtyLots ?? null, trade?.priceTicks ?? null, side?.fill.liquidity ?? null, trade?.tradeId ?? null,
  ];
}

export const EXECUTION_COLUMNS: Columns = [
  ['exec_id', 'text'], ['trade_id', 'bigint'], ['order_id', 'bigint'], ['account', 'text'], ['side', 'text'], ['liquidity', 'text'],
  ['symbol', 'text'], ['price_ticks', 'bigint'], ['qty_lots', 'bigint'], ['exec_ts_us', 'bigint'], ['chain_id', 'smallint'], ['seq', 'bigint'],
];

export function executionValues({ trade, fill }: TradeSide, execId: string, chainId: number, seq: bigint): unknown[] {
  const o = fill.order;
  return [execId, trade.tradeId, o.orderId, o.account, o.side, fill.liquidity, trade.symbol, trade.priceTicks, trade.qtyLots, trade.tsUs.toString(), chainId, seq.toString()];
}

export const AMENDMENT_COLUMNS: Columns = [
  ['exec_id', 'text'], ['ref_exec_id', 'text'], ['trade_id', 'bigint'], ['order_id', 'bigint'], ['liquidity', 'text'], ['action', 'text'],
  ['was_price_ticks', 'bigint'], ['was_qty_lots', 'bigint'], ['price_ticks', 'bigint'], ['qty_lots', 'bigint'], ['actor', 'text'], ['reason', 'text'],
  ['exec_ts_us', 'bigint'], ['chain_id', 'smallint'], ['seq', 'bigint'],
];

/** The ExecID of one side of the trade (or amendment) event with gateway seq `seq`: E<seq>M for the maker, E<seq>T for the taker. */
export function sideExecId(seq: number | bigint, liquidity: Fill['liquidity']): string {
  return `E${seq}${liquidity === 'MAKER' ? 'M' : 'T'}`;
}

export function amendmentValues({ amendment: a, fill }: AmendedSide, execId: string, chainId: number, seq: bigint): unknown[] {
  return [
    execId, sideExecId(a.amendsEventSeq, fill.liquidity), a.tradeId, fill.order.orderId, fill.liquidity, a.action, a.wasPriceTicks, a.wasQtyLots, a.priceTicks, a.qtyLots, a.actor, a.reason,
    a.tsUs.toString(), chainId, seq.toString(),
  ];
}
