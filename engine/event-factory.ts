import { Liquidity, OrderStatus } from './model';
import type {
  CancelReason,
  EngineCommand,
  OrderAccepted,
  OrderCancelled,
  OrderExpired,
  OrderRejected,
  OrderReplaced,
  OrderRestated,
  OrderStatusReported,
  OrderTerms,
  OrderTriggered,
  PriceTicks,
  QtyLots,
  RejectCode,
  Trade,
  Fill,
} from './model';
import type { BookOrder } from './book/book-order';

/**
 * Builders of the engine's events, each with one fixed shape. The engine's quantities and prices are plain
 * integers inside; this is where they get their branded types back (the only casts of the engine).
 */
function lots(value: number): QtyLots {
  return value as QtyLots;
}

function ticks(value: number): PriceTicks {
  return value as PriceTicks;
}

export function accepted(order: BookOrder, tsUs: bigint): OrderAccepted {
  return {
    kind: 'OrderAccepted',
    tsUs,
    order: order.terms,
    status: order.status,
    cumQtyLots: lots(order.cumQty),
    leavesQtyLots: lots(order.leavesQty),
    notionalTicksLots: order.notionalTicksLots,
  };
}

export function rejected(command: EngineCommand, code: RejectCode, text: string, order: BookOrder | undefined, tsUs: bigint): OrderRejected {
  return {
    kind: 'OrderRejected',
    tsUs,
    code,
    text,
    command,
    order: order === undefined ? undefined : order.terms,
    status: order === undefined ? OrderStatus.Rejected : order.status,
    cumQtyLots: lots(order === undefined ? 0 : order.cumQty),
    leavesQtyLots: lots(order === undefined ? 0 : order.leavesQty),
    notionalTicksLots: order === undefined ? 0n : order.notionalTicksLots,
  };
}

export function replaced(order: BookOrder, previous: OrderTerms, priorityKept: boolean, tsUs: bigint): OrderReplaced {
  return {
    kind: 'OrderReplaced',
    tsUs,
    order: order.terms,
    previous,
    priorityKept,
    status: order.status,
    cumQtyLots: lots(order.cumQty),
    leavesQtyLots: lots(order.leavesQty),
    notionalTicksLots: order.notionalTicksLots,
  };
}

export function cancelled(order: BookOrder, reason: CancelReason, requestId: string | undefined, tsUs: bigint): OrderCancelled {
  return {
    kind: 'OrderCancelled',
    tsUs,
    order: order.terms,
    reason,
    requestId,
    status: order.status,
    cumQtyLots: lots(order.cumQty),
    leavesQtyLots: lots(order.leavesQty),
    notionalTicksLots: order.notionalTicksLots,
  };
}

export function restated(order: BookOrder, reason: CancelReason, reducedByLots: number, tsUs: bigint): OrderRestated {
  return {
    kind: 'OrderRestated',
    tsUs,
    order: order.terms,
    reason,
    reducedByLots: lots(reducedByLots),
    status: order.status,
    cumQtyLots: lots(order.cumQty),
    leavesQtyLots: lots(order.leavesQty),
    notionalTicksLots: order.notionalTicksLots,
  };
}

export function expired(order: BookOrder, tsUs: bigint): OrderExpired {
  return {
    kind: 'OrderExpired',
    tsUs,
    order: order.terms,
    status: order.status,
    cumQtyLots: lots(order.cumQty),
    leavesQtyLots: lots(order.leavesQty),
    notionalTicksLots: order.notionalTicksLots,
  };
}

export function triggered(order: BookOrder, lastPriceTicks: number, tsUs: bigint): OrderTriggered {
  return {
    kind: 'OrderTriggered',
    tsUs,
    order: order.terms,
    lastPriceTicks: ticks(lastPriceTicks),
    status: order.status,
    cumQtyLots: lots(order.cumQty),
    leavesQtyLots: lots(order.leavesQty),
    notionalTicksLots: order.notionalTicksLots,
  };
}

export function statusReported(order: BookOrder, requestId: string | undefined, tsUs: bigint): OrderStatusReported {
  return {
    kind: 'OrderStatusReported',
    tsUs,
    order: order.terms,
    requestId,
    status: order.status,
    cumQtyLots: lots(order.cumQty),
    leavesQtyLots: lots(order.leavesQty),
    notionalTicksLots: order.notionalTicksLots,
  };
}

/** One side of a trade: the order's terms and state now. */
export function fill(order: BookOrder, liquidity: Liquidity): Fill {
  return {
    order: order.terms,
    liquidity,
    status: order.status,
    cumQtyLots: lots(order.cumQty),
    leavesQtyLots: lots(order.leavesQty),
    notionalTicksLots: order.notionalTicksLots,
  };
}

export function trade(
  tradeId: number,
  priceTicks: number,
  qtyLots: number,
  maker: BookOrder,
  taker: BookOrder,
  tsUs: bigint,
): Trade {
  return {
    kind: 'Trade',
    tsUs,
    tradeId,
    symbol: maker.book.symbol,
    priceTicks: ticks(priceTicks),
    qtyLots: lots(qtyLots),
    maker: fill(maker, Liquidity.Maker),
    taker: fill(taker, Liquidity.Taker),
  };
}
