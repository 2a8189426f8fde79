import type { EngineEvent, Fill, OrderState, OrderTerms, Trade } from '../../engine/model';

/** An order's row in `orders` after an event: its terms as they are now and its state (engine integers). */
export interface OrderRow {
  readonly orderId: number;
  readonly clOrdId: string;
  readonly origClOrdId: string | undefined;
  readonly sessionId: string;
  readonly channel: string;
  readonly account: string;
  readonly firm: string;
  readonly symbol: string;
  readonly side: string;
  readonly ordType: string;
  readonly timeInForce: string;
  readonly priceTicks: number | undefined;
  readonly stopPriceTicks: number | undefined;
  readonly qtyLots: number;
  readonly displayQtyLots: number | undefined;
  readonly minQtyLots: number | undefined;
  readonly expireTimeUs: bigint | undefined;
  readonly postOnly: boolean;
  readonly selfTradePrevention: string;
  readonly clientId: string | undefined;
  readonly investmentDecision: string | undefined;
  readonly executionDecision: string | undefined;
  readonly algoId: string | undefined;
  readonly tradingCapacity: string;
  readonly dea: boolean;
  readonly liquidityProvision: boolean;
  readonly status: string;
  readonly cumQtyLots: number;
  readonly leavesQtyLots: number;
  readonly notionalTicksLots: bigint;
  readonly receivedAtUs: bigint;
  readonly updatedAtUs: bigint;
}

/** One side of a trade, as a row of `execution`. */
export interface ExecutionRow {
  readonly execId: string;
  readonly tradeId: number;
  readonly orderId: number;
  readonly account: string;
  readonly side: string;
  readonly liquidity: string;
  readonly symbol: string;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly execTsUs: bigint;
}

export function orderRowOf(order: OrderTerms, state: OrderState, tsUs: bigint): OrderRow {
  return {
    orderId: order.orderId,
    clOrdId: order.clientOrderId,
    origClOrdId: order.origClientOrderId,
    sessionId: order.sessionId,
    channel: order.channel,
    account: order.account,
    firm: order.firm,
    symbol: order.symbol,
    side: order.side,
    ordType: order.type,
    timeInForce: order.timeInForce,
    priceTicks: order.priceTicks,
    stopPriceTicks: order.stopPriceTicks,
    qtyLots: order.qtyLots,
    displayQtyLots: order.displayQtyLots,
    minQtyLots: order.minQtyLots,
    expireTimeUs: order.expireTimeUs,
    postOnly: order.postOnly,
    selfTradePrevention: order.selfTradePrevention,
    clientId: order.mifid.clientId,
    investmentDecision: order.mifid.investmentDecisionMaker,
    executionDecision: order.mifid.executionDecisionMaker,
    algoId: order.mifid.algoId,
    tradingCapacity: order.mifid.tradingCapacity,
    dea: order.mifid.directElectronicAccess,
    liquidityProvision: order.mifid.liquidityProvision,
    status: state.status,
    cumQtyLots: state.cumQtyLots,
    leavesQtyLots: state.leavesQtyLots,
    notionalTicksLots: state.notionalTicksLots,
    receivedAtUs: order.acceptedUs,
    updatedAtUs: tsUs,
  };
}

export function executionRowOf(trade: Trade, fill: Fill, execId: string): ExecutionRow {
  return {
    execId,
    tradeId: trade.tradeId,
    orderId: fill.order.orderId,
    account: fill.order.account,
    side: fill.order.side,
    liquidity: fill.liquidity,
    symbol: trade.symbol,
    priceTicks: trade.priceTicks,
    qtyLots: trade.qtyLots,
    execTsUs: trade.tsUs,
  };
}

/**
 * The order row an event (other than a trade) leaves, if any: accepted orders only. A refusal leaves none (the
 * order never lived, or it is still as it was: a refused replace), nor does a status report (nothing changed).
 */
export function orderRowAfter(event: EngineEvent): OrderRow | undefined {
  switch (event.kind) {
    case 'OrderAccepted':
    case 'OrderReplaced':
    case 'OrderCancelled':
    case 'OrderRestated':
    case 'OrderExpired':
    case 'OrderTriggered':
      return orderRowOf(event.order, event, event.tsUs);
    default:
      return undefined;
  }
}
