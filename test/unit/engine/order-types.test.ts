import { expect } from 'chai';
import { OrderType, priceTicks, qtyLots, TimeInForce } from '../../../engine/model';
import type { Scenario } from './scenario-harness';
import { buy, cancel, replace, runScenario, sell, statusOf } from './scenario-harness';

const DAY_US = 86_400_000_000n;

/** Scenario tables of the matching rules for each order type and time in force. */
const SCENARIOS: readonly Scenario[] = [
  {
    name: 'limit: better price first, then earlier order; the taker trades at the resting prices',
    steps: [
      { command: sell('s1', 5, 10001), expect: ['accepted s1'] },
      { command: sell('s2', 5, 10000), expect: ['accepted s2'] },
      { command: sell('s3', 5, 10000), expect: ['accepted s3'], book: 'bids | asks 10000x10 10001x5' },
      {
        command: buy('b1', 12, 10001),
        expect: ['accepted b1', 'trade 5@10000 s2/b1', 'trade 5@10000 s3/b1', 'trade 2@10001 s1/b1'],
        book: 'bids | asks 10001x3',
      },
    ],
  },
  {
    name: 'limit: a partial fill rests the remainder at its price',
    steps: [
      { command: buy('b1', 10, 9999), expect: ['accepted b1'] },
      { command: sell('s1', 4, 9990), expect: ['accepted s1', 'trade 4@9999 b1/s1'], book: 'bids 9999x6 | asks' },
      { command: statusOf('b1'), expect: ['status b1 PARTIALLY_FILLED 4/6'] },
    ],
  },
  {
    name: 'market: the given protection price stops the sweep, the rest is cancelled',
    steps: [
      { command: sell('s1', 5, 10000), expect: ['accepted s1'] },
      { command: sell('s2', 5, 10005), expect: ['accepted s2'] },
      { command: sell('s3', 5, 10020), expect: ['accepted s3'] },
      {
        command: buy('m1', 15, 10010, { type: OrderType.Market }),
        expect: ['accepted m1', 'trade 5@10000 s1/m1', 'trade 5@10005 s2/m1', 'cancelled m1 IMMEDIATE_REMAINDER'],
        book: 'bids | asks 10020x5',
      },
    ],
  },
  {
    name: 'market: without a price it goes at most 5% past the best price',
    steps: [
      { command: sell('s1', 5, 10000), expect: ['accepted s1'] },
      { command: sell('s2', 5, 10400), expect: ['accepted s2'] },
      { command: sell('s3', 5, 10600), expect: ['accepted s3'] },
      {
        command: buy('m1', 15, undefined),
        expect: ['accepted m1', 'trade 5@10000 s1/m1', 'trade 5@10400 s2/m1', 'cancelled m1 IMMEDIATE_REMAINDER'],
        book: 'bids | asks 10600x5',
      },
      { command: sell('m2', 5, undefined), expect: ['accepted m2', 'cancelled m2 IMMEDIATE_REMAINDER'] },
    ],
  },
  {
    name: 'stop: a buy stop waits, triggers on the last trade price reaching it, then trades as a market order',
    steps: [
      { command: sell('s1', 10, 10000), expect: ['accepted s1'] },
      { command: buy('st', 5, undefined, { type: OrderType.Stop, stopPriceTicks: priceTicks(10000) }), expect: ['accepted st'], book: 'bids | asks 10000x10' },
      {
        command: buy('b1', 2, 10000),
        expect: ['accepted b1', 'trade 2@10000 s1/b1', 'triggered st at 10000', 'trade 5@10000 s1/st'],
        book: 'bids | asks 10000x3',
      },
    ],
  },
  {
    name: 'stop-limit: a sell stop-limit triggered by a fall rests at its limit price',
    steps: [
      { command: buy('b1', 5, 10000), expect: ['accepted b1'] },
      { command: sell('stl', 10, 9999, { type: OrderType.StopLimit, stopPriceTicks: priceTicks(10000) }), expect: ['accepted stl'] },
      {
        command: sell('s1', 5, 10000),
        expect: ['accepted s1', 'trade 5@10000 b1/s1', 'triggered stl at 10000'],
        book: 'bids | asks 9999x10',
      },
      { command: sell('st2', 1, undefined, { type: OrderType.Stop, stopPriceTicks: priceTicks(10005) }), expect: ['accepted st2', 'triggered st2 at 10000', 'cancelled st2 IMMEDIATE_REMAINDER'] },
    ],
  },
  {
    name: 'IOC: trades what it can at once, the rest is cancelled',
    steps: [
      { command: sell('s1', 3, 10000), expect: ['accepted s1'] },
      { command: buy('i1', 5, 10000, { timeInForce: TimeInForce.ImmediateOrCancel }), expect: ['accepted i1', 'trade 3@10000 s1/i1', 'cancelled i1 IMMEDIATE_REMAINDER'], book: 'bids | asks' },
    ],
  },
  {
    name: 'FOK: all or nothing; hidden iceberg quantity counts',
    steps: [
      { command: sell('s1', 6, 10000, { displayQtyLots: qtyLots(2) }), expect: ['accepted s1'] },
      { command: sell('s2', 3, 10001), expect: ['accepted s2'], book: 'bids | asks 10000x2 10001x3' },
      { command: buy('f1', 10, 10001, { timeInForce: TimeInForce.FillOrKill }), expect: ['accepted f1', 'cancelled f1 FILL_OR_KILL'], book: 'bids | asks 10000x2 10001x3' },
      {
        command: buy('f2', 9, 10001, { timeInForce: TimeInForce.FillOrKill }),
        expect: ['accepted f2', 'trade 2@10000 s1/f2', 'trade 2@10000 s1/f2', 'trade 2@10000 s1/f2', 'trade 3@10001 s2/f2'],
        book: 'bids | asks',
      },
    ],
  },
  {
    name: 'DAY expires at the end of the trading day, GTC does not',
    steps: [
      { command: buy('d1', 5, 10000), expect: ['accepted d1'] },
      { command: buy('g1', 5, 9999, { timeInForce: TimeInForce.GoodTillCancel }), expect: ['accepted g1'] },
      { command: { kind: 'ExpireOrders' }, atUs: DAY_US - 1n, expect: [] },
      { command: { kind: 'ExpireOrders' }, atUs: DAY_US, expect: ['expired d1'], book: 'bids 9999x5 | asks' },
    ],
  },
  {
    // DAY orders are counted in their expiry bucket and GTD orders listed in it: both kinds in one bucket, one of
    // them moved in by a replace, one cancelled, must still expire together in order of acceptance.
    name: 'DAY and GTD orders due at the same time expire together, in order of acceptance',
    steps: [
      { command: buy('g3', 5, 9990, { timeInForce: TimeInForce.GoodTillDate, expireTimeUs: START_PLUS(500n) }), expect: ['accepted g3'] },
      { command: buy('d1', 5, 10000), expect: ['accepted d1'] },
      { command: buy('g1', 5, 9999, { timeInForce: TimeInForce.GoodTillDate, expireTimeUs: START_PLUS(DAY_US) }), expect: ['accepted g1'] },
      { command: buy('d2', 5, 9998), expect: ['accepted d2'] },
      { command: buy('g2', 5, 9997, { timeInForce: TimeInForce.GoodTillDate, expireTimeUs: START_PLUS(DAY_US) }), expect: ['accepted g2'] },
      { command: buy('d3', 5, 9996), expect: ['accepted d3'] },
      { command: replace('g3', 'g3b', 5, 9990, undefined, { expireTimeUs: START_PLUS(DAY_US) }), expect: ['replaced g3 kept priority'] },
      { command: cancel('d2'), expect: ['cancelled d2 CLIENT_REQUEST'] },
      { command: { kind: 'ExpireOrders' }, atUs: 500n, expect: [] },
      { command: { kind: 'ExpireOrders' }, atUs: DAY_US - 1n, expect: [] },
      { command: { kind: 'ExpireOrders' }, atUs: DAY_US, expect: ['expired g3', 'expired d1', 'expired g1', 'expired g2', 'expired d3'], book: 'bids | asks' },
      { command: { kind: 'ExpireOrders' }, atUs: DAY_US + 1n, expect: [] },
    ],
  },
  {
    name: 'GTD expires at its own time; an expiry in the past is refused',
    steps: [
      { command: buy('g1', 5, 10000, { timeInForce: TimeInForce.GoodTillDate, expireTimeUs: START_PLUS(1_000n) }), expect: ['accepted g1'] },
      { command: { kind: 'ExpireOrders' }, atUs: 999n, expect: [] },
      { command: { kind: 'ExpireOrders' }, atUs: 1_000n, expect: ['expired g1'] },
      { command: buy('g2', 5, 10000, { timeInForce: TimeInForce.GoodTillDate, expireTimeUs: START_PLUS(10n) }), expect: ['rejected InvalidExpireTime'] },
    ],
  },
  {
    name: 'post-only: refused if it would trade, rests otherwise; not allowed on IOC',
    steps: [
      { command: sell('s1', 5, 10001), expect: ['accepted s1'] },
      { command: buy('p1', 5, 10001, { postOnly: true }), expect: ['rejected PostOnlyWouldTrade'] },
      { command: buy('p2', 5, 10000, { postOnly: true }), expect: ['accepted p2'], book: 'bids 10000x5 | asks 10001x5' },
      { command: buy('p3', 5, 10000, { postOnly: true, timeInForce: TimeInForce.ImmediateOrCancel }), expect: ['rejected InvalidFlagCombination'] },
    ],
  },
  {
    name: 'iceberg: shows its peak; each refill goes to the back of the queue',
    steps: [
      { command: sell('ice', 10, 10000, { displayQtyLots: qtyLots(4) }), expect: ['accepted ice'] },
      { command: sell('s2', 5, 10000), expect: ['accepted s2'], book: 'bids | asks 10000x9' },
      { command: buy('b1', 6, 10000), expect: ['accepted b1', 'trade 4@10000 ice/b1', 'trade 2@10000 s2/b1'], book: 'bids | asks 10000x7' },
      { command: buy('b2', 4, 10000), expect: ['accepted b2', 'trade 3@10000 s2/b2', 'trade 1@10000 ice/b2'], book: 'bids | asks 10000x3' },
    ],
  },
  {
    name: 'minimum quantity: less than it available on arrival cancels the order; enough trades and rests the rest',
    steps: [
      { command: sell('s1', 3, 10000), expect: ['accepted s1'] },
      { command: buy('mq1', 10, 10000, { minQtyLots: qtyLots(5) }), expect: ['accepted mq1', 'cancelled mq1 MIN_QUANTITY'], book: 'bids | asks 10000x3' },
      { command: buy('mq2', 10, 10000, { minQtyLots: qtyLots(3) }), expect: ['accepted mq2', 'trade 3@10000 s1/mq2'], book: 'bids 10000x7 | asks' },
    ],
  },
  {
    name: 'validation: bad quantity, missing price, unknown instrument, duplicate client order id',
    steps: [
      { command: buy('v1', 0, 10000), expect: ['rejected InvalidQuantity'] },
      { command: buy('v2', 5, undefined, { type: OrderType.Limit }), expect: ['rejected MissingField'] },
      { command: buy('v3', 5, 10000, { symbol: 'NOPE' }), expect: ['rejected UnknownInstrument'] },
      { command: buy('v4', 5, 10000), expect: ['accepted v4'] },
      { command: buy('v4', 5, 10000), expect: ['rejected DuplicateClientOrderId'] },
      { command: buy('v5', 5, 10000, { displayQtyLots: qtyLots(6) }), expect: ['rejected InvalidDisplayQuantity'] },
    ],
  },
];

function START_PLUS(us: bigint): bigint {
  return 1_767_225_600_000_000n + us;
}

describe('engine: order types and time in force (scenario tables)', () => {
  for (const scenario of SCENARIOS) it(scenario.name, () => void runScenario(scenario));

  it('every event carries the order state after it: average price as an exact ratio', () => {
    const engine = runScenario({
      name: 'two fills',
      steps: [
        { command: sell('s1', 1, 10000), expect: ['accepted s1'] },
        { command: sell('s2', 2, 10001), expect: ['accepted s2'] },
      ],
    });
    const events = engine.execute(buy('b1', 5, 10001), 1_767_225_600_000_100n);
    const last = events[events.length - 1];
    expect(last?.kind).to.equal('Trade');
    if (last?.kind !== 'Trade') return;
    expect(last.taker.cumQtyLots).to.equal(3);
    expect(last.taker.leavesQtyLots).to.equal(2);
    expect(last.taker.notionalTicksLots).to.equal(10000n + 2n * 10001n);
    expect(last.taker.status).to.equal('PARTIALLY_FILLED');
    expect(last.maker.status).to.equal('FILLED');
    expect(last.maker.liquidity).to.equal('MAKER');
  });

  it('the notional stays exact past 2^53: fills summed as numbers while safe, as bigints after', () => {
    // 2^40 ticks x 10,000 lots is past 2^53 in one fill; (2^40 + 1) x 2,000 (safe) then x 8,000 crosses it in the sum.
    const price = 2 ** 40;
    const engine = runScenario({
      name: 'huge notionals',
      steps: [
        { command: sell('s1', 10000, price), expect: ['accepted s1'] },
        { command: sell('s2', 10000, price + 1), expect: ['accepted s2'] },
      ],
    });
    const first = engine.execute(buy('b1', 10000, price), 1_767_225_600_000_100n);
    const big = first.find((event) => event.kind === 'Trade');
    expect(big?.kind).to.equal('Trade');
    if (big?.kind !== 'Trade') return;
    expect(big.taker.notionalTicksLots).to.equal(BigInt(price) * 10000n);
    expect(big.maker.notionalTicksLots).to.equal(BigInt(price) * 10000n);
    engine.execute(buy('b2', 2000, price + 1), 1_767_225_600_000_200n);
    const last = engine.execute(buy('b3', 8000, price + 1), 1_767_225_600_000_300n);
    const crossing = last.find((event) => event.kind === 'Trade');
    expect(crossing?.kind).to.equal('Trade');
    if (crossing?.kind !== 'Trade') return;
    expect(crossing.maker.notionalTicksLots).to.equal(BigInt(price + 1) * 10000n);
    expect(crossing.maker.notionalTicksLots > BigInt(Number.MAX_SAFE_INTEGER)).to.equal(true);
  });
});
