import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import { OrderType, RejectCode, Side, TimeInForce } from '../../../engine/model';
import type { EngineCommand, EngineEvent, PlaceOrder, PriceTicks, QtyLots, ReplaceOrder } from '../../../engine/model';
import { TEST_INSTRUMENTS } from './command-generator';

/** One step of a scenario table: a command (or a time jump), the events expected in short form, the book after. */
export interface Step {
  readonly command: EngineCommand;
  /** Microseconds after the scenario start; default one more than the previous step. */
  readonly atUs?: bigint;
  readonly expect: readonly string[];
  /** "bids 100x5 99x3 | asks 101x2": the shown depth after the step, best first. */
  readonly book?: string;
}

export interface Scenario {
  readonly name: string;
  readonly steps: readonly Step[];
}

export const START_US = 1_767_225_600_000_000n; // 2026-01-01T00:00:00Z
const ids = new Map<string, number>();

/** The short form of an event, naming orders by client order id of their first version. */
export function summarize(event: EngineEvent): string {
  const name = (orderId: number): string => [...ids].find(([, id]) => id === orderId)?.[0] ?? `#${orderId}`;
  switch (event.kind) {
    case 'OrderAccepted':
      ids.set(event.order.clientOrderId, event.order.orderId);
      return `accepted ${event.order.clientOrderId}`;
    case 'OrderRejected':
      return `rejected ${RejectCode[event.code]}`;
    case 'Trade':
      return `trade ${event.qtyLots}@${event.priceTicks} ${name(event.maker.order.orderId)}/${name(event.taker.order.orderId)}`;
    case 'OrderCancelled':
      return `cancelled ${name(event.order.orderId)} ${event.reason}`;
    case 'OrderExpired':
      return `expired ${name(event.order.orderId)}`;
    case 'OrderReplaced':
      return `replaced ${name(event.order.orderId)} ${event.priorityKept ? 'kept' : 'lost'} priority`;
    case 'OrderRestated':
      return `restated ${name(event.order.orderId)} -${event.reducedByLots}`;
    case 'OrderTriggered':
      return `triggered ${name(event.order.orderId)} at ${event.lastPriceTicks}`;
    case 'OrderStatusReported':
      return `status ${name(event.order.orderId)} ${event.status} ${event.cumQtyLots}/${event.leavesQtyLots}`;
    case 'TradeAmended':
      return `trade ${event.tradeId} ${event.action === 'cancel' ? 'cancelled' : `corrected to ${event.qtyLots}@${event.priceTicks}`} ${name(event.maker.order.orderId)}/${name(event.taker.order.orderId)}`;
    case 'MassCancelCompleted':
      return `mass cancel ${event.cancelledCount}`;
    case 'TradingStatusChanged':
      return `${event.symbol} ${event.status}`;
  }
}

function depthText(engine: MatchingEngine): string {
  const depth = engine.depth('ACME', 10);
  if (depth === undefined) return '';
  const side = (levels: typeof depth.bids): string => levels.map((l) => `${l.priceTicks}x${l.qtyLots}`).join(' ');
  return `bids ${side(depth.bids)} | asks ${side(depth.asks)}`.replace(/ +/g, ' ').trim();
}

/** Runs a scenario table on a fresh engine, checking events, depth and the invariants after every step. */
export function runScenario(scenario: Scenario, engine = new MatchingEngine(TEST_INSTRUMENTS)): MatchingEngine {
  ids.clear();
  let nowUs = START_US;
  scenario.steps.forEach((step, index) => {
    nowUs = step.atUs === undefined ? nowUs + 1n : START_US + step.atUs;
    const events = engine.execute(step.command, nowUs);
    expect(events.map(summarize), `${scenario.name}, step ${index + 1}`).to.deep.equal(step.expect);
    if (step.book !== undefined) expect(depthText(engine), `${scenario.name}, book after step ${index + 1}`).to.equal(step.book.replace(/ +/g, ' '));
    expect(engine.checkInvariants(), `${scenario.name}, invariants after step ${index + 1}`).to.deep.equal([]);
  });
  return engine;
}

type Extra = Partial<Omit<PlaceOrder, 'kind' | 'clientOrderId' | 'side' | 'qtyLots' | 'priceTicks'>>;

function order(side: Side, clientOrderId: string, qty: number, price: number | undefined, extra: Extra): PlaceOrder {
  return {
    kind: 'PlaceOrder',
    sessionId: 'S1',
    account: 'A1',
    firm: 'F1',
    symbol: 'ACME',
    type: price === undefined ? OrderType.Market : OrderType.Limit,
    timeInForce: TimeInForce.Day,
    ...extra,
    clientOrderId,
    side,
    qtyLots: qty as QtyLots,
    priceTicks: price as PriceTicks | undefined,
  };
}

export const buy = (id: string, qty: number, price: number | undefined, extra: Extra = {}): PlaceOrder => order(Side.Buy, id, qty, price, extra);
export const sell = (id: string, qty: number, price: number | undefined, extra: Extra = {}): PlaceOrder => order(Side.Sell, id, qty, price, extra);

export function cancel(orig: string, side: Side = Side.Buy, sessionId = 'S1'): EngineCommand {
  return { kind: 'CancelOrder', sessionId, clientOrderId: `cxl-${orig}`, origClientOrderId: orig, symbol: 'ACME', side };
}

export function replace(
  orig: string,
  next: string,
  qty: number,
  price: number | undefined,
  side: Side = Side.Buy,
  extra: Partial<ReplaceOrder> = {},
): EngineCommand {
  return {
    kind: 'ReplaceOrder',
    sessionId: 'S1',
    clientOrderId: next,
    origClientOrderId: orig,
    symbol: 'ACME',
    side,
    qtyLots: qty as QtyLots,
    priceTicks: price as PriceTicks | undefined,
    ...extra,
  };
}

export function statusOf(clientOrderId: string): EngineCommand {
  return { kind: 'OrderStatusRequest', sessionId: 'S1', clientOrderId, symbol: 'ACME' };
}
