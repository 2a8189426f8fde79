import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import { OrderType, priceTicks, qtyLots, Side, TradingStatus } from '../../../engine/model';
import type { EngineCommand } from '../../../engine/model';
import { TEST_INSTRUMENTS } from './command-generator';
import type { Scenario } from './scenario-harness';
import { buy, cancel, replace, runScenario, sell, START_US, statusOf } from './scenario-harness';

const massCancel = (filter: Extract<EngineCommand, { kind: 'MassCancel' }>['filter']): EngineCommand => ({
  kind: 'MassCancel',
  sessionId: 'OPS',
  requestId: 'mc1',
  filter,
});

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'replace: a quantity decrease keeps time priority',
    steps: [
      { command: buy('b1', 5, 10000), expect: ['accepted b1'] },
      { command: buy('b2', 5, 10000), expect: ['accepted b2'] },
      { command: replace('b1', 'b1-2', 3, undefined), expect: ['replaced b1 kept priority'], book: 'bids 10000x8 | asks' },
      { command: sell('s1', 3, 10000), expect: ['accepted s1', 'trade 3@10000 b1/s1'] },
    ],
  },
  {
    name: 'replace: a quantity increase loses time priority',
    steps: [
      { command: buy('b1', 5, 10000), expect: ['accepted b1'] },
      { command: buy('b2', 5, 10000), expect: ['accepted b2'] },
      { command: replace('b1', 'b1-2', 8, undefined), expect: ['replaced b1 lost priority'], book: 'bids 10000x13 | asks' },
      { command: sell('s1', 3, 10000), expect: ['accepted s1', 'trade 3@10000 b2/s1'] },
    ],
  },
  {
    name: 'replace: a price change loses time priority and trades if it now crosses',
    steps: [
      { command: buy('b1', 5, 9999), expect: ['accepted b1'] },
      { command: sell('s1', 3, 10000), expect: ['accepted s1'] },
      { command: replace('b1', 'b1-2', 5, 10000), expect: ['replaced b1 lost priority', 'trade 3@10000 s1/b1'], book: 'bids 10000x2 | asks' },
      { command: statusOf('b1-2'), expect: ['status b1 PARTIALLY_FILLED 3/2'] },
    ],
  },
  {
    name: 'replace: at or below the filled quantity cancels the order',
    steps: [
      { command: buy('b1', 10, 10000), expect: ['accepted b1'] },
      { command: sell('s1', 6, 10000), expect: ['accepted s1', 'trade 6@10000 b1/s1'] },
      { command: replace('b1', 'b1-2', 6, undefined), expect: ['cancelled b1 REPLACED_BELOW_FILLED'], book: 'bids | asks' },
    ],
  },
  {
    name: 'replace and cancel refused: unknown order, wrong side, another session, duplicate new id, halted',
    steps: [
      { command: buy('b1', 5, 10000), expect: ['accepted b1'] },
      { command: buy('b2', 5, 9999), expect: ['accepted b2'] },
      { command: cancel('nope'), expect: ['rejected UnknownOrder'] },
      { command: cancel('b1', Side.Sell), expect: ['rejected OrderMismatch'] },
      { command: cancel('b1', Side.Buy, 'S2'), expect: ['rejected UnknownOrder'] },
      { command: replace('b1', 'b2', 4, undefined), expect: ['rejected DuplicateClientOrderId'] },
      { command: replace('b1', 'b1-2', 0, undefined), expect: ['rejected InvalidQuantity'] },
      { command: { kind: 'SetTradingStatus', symbol: 'ACME', status: TradingStatus.Halted }, expect: ['ACME halted'] },
      { command: replace('b1', 'b1-2', 4, undefined), expect: ['rejected InstrumentHalted'] },
      { command: cancel('b1'), expect: ['cancelled b1 CLIENT_REQUEST'], book: 'bids 9999x5 | asks' },
    ],
  },
  {
    name: 'halt: new orders refused while halted, accepted again after resume; closed refuses too',
    steps: [
      { command: { kind: 'SetTradingStatus', symbol: 'ACME', status: TradingStatus.Halted }, expect: ['ACME halted'] },
      { command: buy('b1', 5, 10000), expect: ['rejected InstrumentHalted'] },
      { command: { kind: 'SetTradingStatus', symbol: 'ACME', status: TradingStatus.Open }, expect: ['ACME open'] },
      { command: buy('b2', 5, 10000), expect: ['accepted b2'] },
      { command: { kind: 'SetTradingStatus', symbol: 'ACME', status: TradingStatus.Closed }, expect: ['ACME closed'] },
      { command: sell('s1', 5, 10000), expect: ['rejected InstrumentClosed'], book: 'bids 10000x5 | asks' },
    ],
  },
  {
    name: 'mass cancel by session',
    steps: [
      { command: buy('b1', 5, 10000), expect: ['accepted b1'] },
      { command: buy('b2', 5, 9999, { sessionId: 'S2' }), expect: ['accepted b2'] },
      { command: sell('s1', 5, 10005), expect: ['accepted s1'] },
      { command: massCancel({ sessionId: 'S1' }), expect: ['cancelled b1 MASS_CANCEL', 'cancelled s1 MASS_CANCEL', 'mass cancel 2'], book: 'bids 9999x5 | asks' },
    ],
  },
  {
    name: 'mass cancel by account and side',
    steps: [
      { command: buy('b1', 5, 10000), expect: ['accepted b1'] },
      { command: buy('b2', 5, 9999, { account: 'A2' }), expect: ['accepted b2'] },
      { command: sell('s1', 5, 10005), expect: ['accepted s1'] },
      { command: massCancel({ account: 'A1', side: Side.Buy }), expect: ['cancelled b1 MASS_CANCEL', 'mass cancel 1'], book: 'bids 9999x5 | asks 10005x5' },
    ],
  },
  {
    name: 'mass cancel by instrument (stops included), leaving other instruments alone',
    steps: [
      { command: buy('b1', 5, 10000), expect: ['accepted b1'] },
      { command: buy('b2', 5, 2000, { symbol: 'BOLT' }), expect: ['accepted b2'] },
      { command: sell('st', 5, 9990, { type: OrderType.StopLimit, stopPriceTicks: priceTicks(9995) }), expect: ['accepted st'] },
      { command: massCancel({ symbol: 'ACME' }), expect: ['cancelled b1 MASS_CANCEL', 'cancelled st MASS_CANCEL', 'mass cancel 2'], book: 'bids | asks' },
    ],
  },
];

describe('engine: cancel/replace, mass cancel, halts (scenario tables)', () => {
  for (const scenario of SCENARIOS) it(scenario.name, () => void runScenario(scenario));

  it('a replace keeps the replace chain: new client order id, the previous one as origClientOrderId', () => {
    const engine = new MatchingEngine(TEST_INSTRUMENTS);
    engine.execute(buy('b1', 5, 10000), START_US);
    const [event] = engine.execute(replace('b1', 'b1-2', 4, undefined), START_US + 1n);
    expect(event?.kind).to.equal('OrderReplaced');
    if (event?.kind !== 'OrderReplaced') return;
    expect(event.order.clientOrderId).to.equal('b1-2');
    expect(event.order.origClientOrderId).to.equal('b1');
    expect(event.previous.clientOrderId).to.equal('b1');
    expect(event.order.orderId).to.equal(event.previous.orderId);
    expect(engine.findOrder('S1', 'b1')).to.equal(undefined);
    expect(engine.findOrder('S1', 'b1-2')?.leavesQtyLots).to.equal(qtyLots(4));
  });

  it('order ids are monotonic and rejected commands use none', () => {
    const engine = new MatchingEngine(TEST_INSTRUMENTS, { firstOrderId: 100 });
    const ids = [buy('a', 1, 1), buy('b', 0, 1), buy('c', 1, 2)].flatMap((c) =>
      engine.execute(c, START_US).flatMap((e) => (e.kind === 'OrderAccepted' ? [e.order.orderId] : [])),
    );
    expect(ids).to.deep.equal([100, 101]);
  });
});
