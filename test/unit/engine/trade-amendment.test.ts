import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import { type AmendTrade, type EngineEvent, type Fill, OrderStatus, type PriceTicks, type QtyLots, RejectCode, type Trade, type TradeAmended, TimeInForce } from '../../../engine/model';
import { TEST_INSTRUMENTS } from './command-generator';
import { buy, cancel, sell, START_US } from './scenario-harness';

/** Operations cancel or correct a trade (AmendTrade): each side's executed quantity, notional, leaves and status. */
describe('engine: trades cancelled and corrected by operations (FIX Appendix D J)', () => {
  let engine: MatchingEngine;
  let now: bigint;
  const run = (command: Parameters<MatchingEngine['execute']>[0]): readonly EngineEvent[] => {
    now += 1n;
    return engine.execute(command, now);
  };
  const tradeOf = (events: readonly EngineEvent[]): Trade => {
    const trade = events.find((e): e is Trade => e.kind === 'Trade');
    if (trade === undefined) throw new Error('no trade');
    return trade;
  };
  /** The command that amends `trade`; a side whose order has ended is given as its last fill left it. */
  const amend = (trade: Trade, action: 'cancel' | 'correct', priceTicks: number, qtyLots: number, ended: { maker?: Fill; taker?: Fill } = {}): AmendTrade => ({
    kind: 'AmendTrade',
    action,
    requestId: 'OPS-1',
    actor: 'ops1',
    reason: 'erroneous trade',
    tradeId: trade.tradeId,
    symbol: trade.symbol,
    wasPriceTicks: trade.priceTicks,
    wasQtyLots: trade.qtyLots,
    priceTicks: priceTicks as PriceTicks,
    qtyLots: qtyLots as QtyLots,
    amendsEventSeq: 7,
    maker: { orderId: trade.maker.order.orderId, finished: ended.maker === undefined ? undefined : { terms: ended.maker.order, state: ended.maker } },
    taker: { orderId: trade.taker.order.orderId, finished: ended.taker === undefined ? undefined : { terms: ended.taker.order, state: ended.taker } },
  });
  const amended = (events: readonly EngineEvent[]): TradeAmended => {
    expect(events.map((e) => e.kind)).to.deep.equal(['TradeAmended']);
    return events[0] as TradeAmended;
  };
  const state = (f: Fill): [string, number, number, bigint] => [f.status, f.cumQtyLots, f.leavesQtyLots, f.notionalTicksLots];

  beforeEach(() => {
    engine = new MatchingEngine(TEST_INSTRUMENTS);
    now = START_US;
  });

  it('a cancel gives a working order its quantity back where it rests (J.1.a, J.1.c) and leaves a filled one cancelled, not put back on the book', () => {
    run(buy('B1', 10, 100));
    run(buy('B2', 5, 100)); // behind B1 in the queue
    const trade = tradeOf(run(sell('S1', 4, 100, { sessionId: 'S2', account: 'A2', timeInForce: TimeInForce.ImmediateOrCancel })));
    expect(state(trade.maker)).to.deep.equal([OrderStatus.PartiallyFilled, 4, 6, 400n]);
    expect(state(trade.taker)).to.deep.equal([OrderStatus.Filled, 4, 0, 400n]);

    const event = amended(run(amend(trade, 'cancel', trade.priceTicks, 0, { taker: trade.taker })));
    expect([event.action, event.tradeId, event.wasQtyLots, event.qtyLots, event.amendsEventSeq, event.requestId]).to.deep.equal(['cancel', trade.tradeId, 4, 0, 7, 'OPS-1']);
    expect(state(event.maker)).to.deep.equal([OrderStatus.New, 0, 10, 0n]);
    expect(state(event.taker)).to.deep.equal([OrderStatus.Cancelled, 0, 0, 0n]);
    expect([event.maker.liquidity, event.taker.liquidity]).to.deep.equal(['MAKER', 'TAKER']);
    // B1 rests with all of its 10 again, still ahead of B2; the book shows 15 at 100.
    expect(engine.depth('ACME', 1)?.bids).to.deep.equal([{ priceTicks: 100, qtyLots: 15, orderCount: 2 }]);
    expect(engine.checkInvariants()).to.deep.equal([]);
    const next = tradeOf(run(sell('S2', 10, 100, { sessionId: 'S2', account: 'A2' })));
    expect([next.maker.order.clientOrderId, next.qtyLots, next.maker.status]).to.deep.equal(['B1', 10, OrderStatus.Filled]);
  });

  it('a correction of the price changes both orders\' notional only: a filled order stays filled', () => {
    run(sell('S1', 5, 101, { sessionId: 'S2', account: 'A2' }));
    const trade = tradeOf(run(buy('B1', 5, 101)));
    const event = amended(run(amend(trade, 'correct', 99, 5, { maker: trade.maker, taker: trade.taker })));
    expect(state(event.maker)).to.deep.equal([OrderStatus.Filled, 5, 0, 495n]);
    expect(state(event.taker)).to.deep.equal([OrderStatus.Filled, 5, 0, 495n]);
    expect([event.wasPriceTicks, event.priceTicks, event.qtyLots]).to.deep.equal([101, 99, 5]);
  });

  it('a correction to a smaller quantity: a filled order, not put back, becomes cancelled with less executed; a cancelled one stays cancelled (J.1.b)', () => {
    run(sell('S1', 10, 100, { sessionId: 'S2', account: 'A2' }));
    const trade = tradeOf(run(buy('B1', 20, 100)));
    expect(state(trade.taker)).to.deep.equal([OrderStatus.PartiallyFilled, 10, 10, 1000n]);
    const done = run(cancel('B1'));
    expect(done.map((e) => e.kind)).to.deep.equal(['OrderCancelled']);
    const cancelled = done[0] as Extract<EngineEvent, { kind: 'OrderCancelled' }>;
    const event = amended(run(amend(trade, 'correct', 100, 6, { maker: trade.maker, taker: { ...trade.taker, ...cancelled, order: cancelled.order, liquidity: trade.taker.liquidity } })));
    expect(state(event.maker)).to.deep.equal([OrderStatus.Cancelled, 6, 0, 600n]);
    expect(state(event.taker)).to.deep.equal([OrderStatus.Cancelled, 6, 0, 600n]);
  });

  it('an iceberg gets the quantity back in reserve: its shown peak stays', () => {
    run(sell('S1', 30, 100, { sessionId: 'S2', account: 'A2', displayQtyLots: 10 as QtyLots }));
    const trade = tradeOf(run(buy('B1', 4, 100, { timeInForce: TimeInForce.ImmediateOrCancel })));
    const event = amended(run(amend(trade, 'cancel', 100, 0, { taker: trade.taker })));
    expect(state(event.maker)).to.deep.equal([OrderStatus.New, 0, 30, 0n]);
    expect(engine.depth('ACME', 1)?.asks).to.deep.equal([{ priceTicks: 100, qtyLots: 6, orderCount: 1 }]);
    expect(engine.checkInvariants()).to.deep.equal([]);
  });

  it('refuses what cannot be: a correction raising the quantity, a cancel leaving some, an order neither live nor given as it ended', () => {
    run(sell('S1', 5, 100, { sessionId: 'S2', account: 'A2' }));
    const trade = tradeOf(run(buy('B1', 5, 100)));
    const ended = { maker: trade.maker, taker: trade.taker };
    const refusal = (events: readonly EngineEvent[]): [RejectCode, string] => {
      expect(events.map((e) => e.kind)).to.deep.equal(['OrderRejected']);
      const e = events[0] as Extract<EngineEvent, { kind: 'OrderRejected' }>;
      return [e.code, e.text];
    };
    expect(refusal(run(amend(trade, 'correct', 100, 6, ended)))).to.deep.equal([RejectCode.InvalidQuantity, `a correction of trade ${trade.tradeId} may lower its quantity (not to 0: cancel it), not raise it`]);
    expect(refusal(run(amend(trade, 'cancel', 100, 2, ended)))[0]).to.equal(RejectCode.InvalidQuantity);
    expect(refusal(run(amend(trade, 'cancel', 100, 0, { maker: trade.maker })))).to.deep.equal([RejectCode.UnknownOrder, `order ${trade.taker.order.orderId} of trade ${trade.tradeId} is neither live nor given as it ended`]);
    expect(refusal(run(amend(trade, 'correct', 0, 5, ended)))[0]).to.equal(RejectCode.InvalidPrice);
  });
});
