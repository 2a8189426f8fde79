import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import { defineInstrument, type EngineEvent, type Fill, OrderType, type PlaceOrder, priceTicks, qtyLots, Side, TimeInForce, type TradeAmended } from '../../../engine/model';
import { type EventBarrier, OrderPath } from '../../../gateway/order-path';
import { MarketData, MarketDataError, TradeRing } from '../../../marketdata';

const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' });
const BOLT = defineInstrument({ symbol: 'BOLT', currency: 'EUR', tickSize: '0.5', lotSize: '10' });
const DAY_US = 86_400_000_000n;
/** 2030-01-02T00:00:00Z in µs, and 10:00 that day. */
const DAY0 = BigInt(Date.UTC(2030, 0, 2)) * 1000n;
const T = DAY0 + 36_000_000_000n;

let next = 0;
function order(side: Side, qty: number, price: number, overrides: Partial<PlaceOrder> = {}): PlaceOrder {
  next += 1;
  return {
    kind: 'PlaceOrder',
    sessionId: side === Side.Buy ? 'BUYER' : 'SELLER',
    clientOrderId: `C${next}`,
    account: side === Side.Buy ? 'A1' : 'B1',
    firm: side === Side.Buy ? 'F1' : 'F2',
    symbol: 'ACME',
    side,
    type: OrderType.Limit,
    timeInForce: TimeInForce.GoodTillCancel,
    qtyLots: qtyLots(qty),
    priceTicks: priceTicks(price),
    ...overrides,
  };
}

/** The real engine, its events released to market data as the order path releases them (with a sequence). */
function setup(maxTradesPerInstrument?: number) {
  const engine = new MatchingEngine([ACME, BOLT]);
  const md = new MarketData({
    instrument: (s) => engine.instrument(s),
    depth: (s, levels) => engine.depth(s, levels),
    symbols: ['BOLT', 'ACME'],
    ...(maxTradesPerInstrument === undefined ? {} : { maxTradesPerInstrument }),
  });
  let seq = 0;
  const run = (command: PlaceOrder, nowUs = T): readonly EngineEvent[] => {
    const events = engine.execute(command, nowUs);
    md.deliver(events.map((event) => ({ seq: (seq += 1), event })));
    return events;
  };
  /** A resting sell, then a buy that takes it: one trade at `price`, the buyer the aggressor. */
  const trade = (qty: number, price: number, nowUs = T, aggressor: Side = Side.Buy): void => {
    const maker = aggressor === Side.Buy ? Side.Sell : Side.Buy;
    run(order(maker, qty, price), nowUs);
    run(order(aggressor, qty, price), nowUs);
  };
  return { engine, md, run, trade };
}

describe('MarketData: tickers and recent trades from the released events', function () {
  this.timeout(5_000);

  it('lists every known instrument before it trades, with empty day figures', () => {
    const { md } = setup();
    expect(md.symbols()).to.deep.equal(['ACME', 'BOLT']);
    const ticker = md.ticker('ACME', T);
    expect(ticker).to.include({ symbol: 'ACME', last: undefined, openTicks: undefined, volumeLots: 0n, tradeCount: 0, bestBid: undefined, bestAsk: undefined });
    expect(md.ticker('NOPE')).to.equal(undefined);
    expect(md.trades('NOPE', 10)).to.equal(undefined);
    expect(md.trades('BOLT', 10)).to.deep.equal([]);
  });

  it('keeps last, open, high, low, volume, turnover and count of the UTC day; best prices come from the book', () => {
    const { md, run, trade } = setup();
    trade(10, 1000);
    trade(5, 1010, T + 1n, Side.Sell);
    trade(7, 990, T + 2n);
    run(order(Side.Buy, 3, 980));
    run(order(Side.Sell, 4, 1020));
    const ticker = md.ticker('ACME', T + 3n);
    expect(ticker?.last).to.deep.equal({ tradeId: 3, priceTicks: 990, qtyLots: 7, aggressor: Side.Buy, tsUs: T + 2n });
    expect(ticker).to.include({ dayStartUs: DAY0, openTicks: 1000, highTicks: 1010, lowTicks: 990, volumeLots: 22n, tradeCount: 3 });
    expect(ticker?.turnoverTicksLots).to.equal(10n * 1000n + 5n * 1010n + 7n * 990n);
    expect(ticker?.bestBid).to.deep.equal({ priceTicks: 980, qtyLots: 3 });
    expect(ticker?.bestAsk).to.deep.equal({ priceTicks: 1020, qtyLots: 4 });
    expect(md.ticker('BOLT', T)?.tradeCount).to.equal(0);
    expect(md.tickers(T).map((t) => t.symbol)).to.deep.equal(['ACME', 'BOLT']);
  });

  it('starts the day figures afresh on the next UTC day, and hides a past day\'s once the day has turned', () => {
    const { md, trade } = setup();
    trade(10, 1000);
    trade(2, 1100);
    const nextDay = T + DAY_US;
    const stale = md.ticker('ACME', nextDay);
    expect(stale).to.include({ dayStartUs: undefined, openTicks: undefined, highTicks: undefined, volumeLots: 0n, tradeCount: 0 });
    expect(stale?.last?.priceTicks, 'the last trade stays').to.equal(1100);
    expect(md.ticker('ACME')?.tradeCount, 'without a time: the last trading day').to.equal(2);
    trade(1, 1050, nextDay);
    expect(md.ticker('ACME', nextDay)).to.include({ dayStartUs: DAY0 + DAY_US, openTicks: 1050, highTicks: 1050, lowTicks: 1050, volumeLots: 1n, tradeCount: 1 });
  });

  it('keeps the latest trades per instrument in a bounded ring, newest first, with the aggressor side', () => {
    const { md, trade } = setup(3);
    for (let i = 0; i < 5; i += 1) trade(1 + i, 1000 + i, T + BigInt(i), i % 2 === 0 ? Side.Buy : Side.Sell);
    const trades = md.trades('ACME', 10) ?? [];
    expect(trades.map((t) => t.tradeId)).to.deep.equal([5, 4, 3]);
    expect(trades.map((t) => t.aggressor)).to.deep.equal([Side.Buy, Side.Sell, Side.Buy]);
    expect(trades[0]).to.deep.equal({ tradeId: 5, priceTicks: 1004, qtyLots: 5, aggressor: Side.Buy, tsUs: T + 4n });
    expect(md.trades('ACME', 2)?.map((t) => t.tradeId)).to.deep.equal([5, 4]);
    expect(md.trades('ACME', 0)).to.deep.equal([]);
    expect(md.ticker('ACME', T)?.tradeCount, 'the day counts every trade, not only the kept ones').to.equal(5);
  });

  it('counts one trade once however many levels an order sweeps, and ignores other events', () => {
    const { md, run } = setup();
    run(order(Side.Sell, 2, 1000));
    run(order(Side.Sell, 3, 1001));
    run(order(Side.Buy, 5, 1001));
    run({ ...order(Side.Buy, 1, 900), symbol: 'BOLT' });
    expect(md.trades('ACME', 10)?.map((t) => [t.priceTicks, t.qtyLots])).to.deep.equal([[1001, 3], [1000, 2]]);
    expect(md.ticker('ACME', T)).to.include({ tradeCount: 2, volumeLots: 5n, highTicks: 1001, lowTicks: 1000 });
    expect(md.ticker('BOLT', T)?.bestBid).to.deep.equal({ priceTicks: 900, qtyLots: 1 });
  });

  it('sees a trade only once the order path releases it (after the journal commit)', () => {
    const engine = new MatchingEngine([ACME]);
    const md = new MarketData({ instrument: (s) => engine.instrument(s), depth: (s, n) => engine.depth(s, n) });
    const held: (() => void)[] = [];
    const barrier: EventBarrier = { record: (_command, _events, release) => held.push(release) };
    const orderPath = new OrderPath(engine, undefined, barrier);
    orderPath.subscribe(md);
    orderPath.submit(order(Side.Sell, 5, 1000), T);
    orderPath.submit(order(Side.Buy, 5, 1000), T);
    expect(md.trades('ACME', 10)).to.deep.equal([]);
    expect(md.ticker('ACME', T)?.last).to.equal(undefined);
    for (const release of held) release();
    expect(md.trades('ACME', 10)?.map((t) => t.qtyLots)).to.deep.equal([5]);
    expect(md.ticker('ACME', T)?.last?.priceTicks).to.equal(1000);
  });

  it('refuses a ring size that is not a positive integer', () => {
    expect(() => setup(0)).to.throw(MarketDataError).with.property('code', 'GW_ERR_MARKETDATA_INVALID_OPTION');
    expect(() => setup(1.5)).to.throw(MarketDataError);
  });

  it('a trade cancelled by the venue leaves the latest trades and the day\'s volume, turnover and count; a corrected one shows its new price and quantity', () => {
    const { md, trade } = setup();
    trade(5, 1000);
    trade(3, 1010);
    trade(2, 1020);
    const [first, second, third] = [...(md.trades('ACME', 10) ?? [])].reverse();
    if (first === undefined || second === undefined || third === undefined) throw new Error('three trades expected');
    const amended = (tradeId: number, action: 'cancel' | 'correct', was: [number, number], now: [number, number]): TradeAmended => {
      const fill = {} as Fill; // market data reads the trade's figures only
      return { kind: 'TradeAmended', tsUs: T + 1n, action, tradeId, symbol: 'ACME', wasPriceTicks: priceTicks(was[0]), wasQtyLots: qtyLots(was[1]), priceTicks: priceTicks(now[0]), qtyLots: qtyLots(now[1]), amendsEventSeq: 1, maker: fill, taker: fill, requestId: 'OPS', actor: 'ops1', reason: 'test' };
    };
    md.deliver([{ event: amended(third.tradeId, 'cancel', [1020, 2], [1020, 0]) }]);
    md.deliver([{ event: amended(first.tradeId, 'correct', [1000, 5], [990, 4]) }]);
    expect(md.trades('ACME', 10)?.map((t) => [t.tradeId, t.priceTicks, t.qtyLots])).to.deep.equal([
      [second.tradeId, 1010, 3],
      [first.tradeId, 990, 4],
    ]);
    const ticker = md.ticker('ACME', T);
    expect([ticker?.last?.tradeId, ticker?.volumeLots, ticker?.turnoverTicksLots, ticker?.tradeCount]).to.deep.equal([second.tradeId, 7n, 4n * 990n + 3n * 1010n, 2]);
  });

  it('TradeRing wraps round and gives the newest first', () => {
    const ring = new TradeRing(2);
    expect(ring.last()).to.equal(undefined);
    for (let i = 1; i <= 3; i += 1) ring.push({ tradeId: i, priceTicks: priceTicks(i), qtyLots: qtyLots(1), aggressor: Side.Buy, tsUs: BigInt(i) });
    expect(ring.size).to.equal(2);
    expect(ring.last()?.tradeId).to.equal(3);
    expect(ring.recent(5).map((t) => t.tradeId)).to.deep.equal([3, 2]);
  });
});
