import { expect } from 'chai';
import { type AmendTrade, type Fill, priceTicks, qtyLots, Side, type Trade } from '../../../engine/model';
import { counterparty, order, setup, T } from './risk-fixture';

describe('pre-trade risk: reads for the portfolio', function () {
  this.timeout(5_000);

  it('lists an account\'s instruments in the order first seen, and the mark price once there is one', () => {
    const { risk, submit } = setup();
    expect(risk.accountSymbols('A1')).to.deep.equal([]);
    expect(risk.markPriceTicks('ACME')).to.equal(undefined);
    submit(order({ symbol: 'BOLT', side: Side.Buy, qtyLots: qtyLots(10), priceTicks: priceTicks(20) }));
    submit(counterparty({ side: Side.Sell, qtyLots: qtyLots(3), priceTicks: priceTicks(1000) }));
    submit(order({ side: Side.Buy, qtyLots: qtyLots(3), priceTicks: priceTicks(1000) }));
    expect(risk.accountSymbols('A1')).to.deep.equal(['BOLT', 'ACME']);
    expect(risk.accountSymbols('CPA')).to.deep.equal(['ACME']);
    expect(risk.markPriceTicks('ACME')).to.equal(1000);
    risk.setReferencePrice('ACME', 1010);
    expect(risk.markPriceTicks('ACME'), 'the external reference wins').to.equal(1010);
    expect(risk.position('A1', 'ACME').positionLots).to.equal(3);
  });
});

describe('pre-trade risk: trades cancelled and corrected by the venue', function () {
  this.timeout(5_000);

  it('takes a corrected trade at its new price and a cancelled one out of both accounts\' positions and the day\'s P&L; a working order\'s quantity given back is open again', () => {
    const { risk, submit, run } = setup();
    submit(counterparty({ side: Side.Sell, qtyLots: qtyLots(10), priceTicks: priceTicks(1000) }));
    const trade = submit(order({ side: Side.Buy, qtyLots: qtyLots(15), priceTicks: priceTicks(1000) })).events.find((e): e is Trade => e.kind === 'Trade');
    if (trade === undefined) throw new Error('no trade');
    expect(risk.position('A1', 'ACME')).to.deep.equal({ positionLots: 10, openBuyLots: 5, openSellLots: 0, dailyPnl: 0 });
    const amend = (action: 'cancel' | 'correct', price: number, qty: number, was: { price: number; qty: number }, buyer: Fill): AmendTrade => ({
      kind: 'AmendTrade', action, requestId: 'OPS', actor: 'ops1', reason: 'test', tradeId: trade.tradeId, symbol: 'ACME',
      wasPriceTicks: priceTicks(was.price), wasQtyLots: qtyLots(was.qty), priceTicks: priceTicks(price), qtyLots: qtyLots(qty), amendsEventSeq: 1,
      maker: { orderId: trade.maker.order.orderId, finished: { terms: trade.maker.order, state: trade.maker } },
      taker: { orderId: buyer.order.orderId },
    });
    // 10 bought at 9.90 rather than 10.00 (the mark stays the last trade, 10.00): A1 made 1.00, the seller lost it.
    run(amend('correct', 990, 10, { price: 1000, qty: 10 }, trade.taker), T + 1n);
    expect(risk.position('A1', 'ACME')).to.deep.equal({ positionLots: 10, openBuyLots: 5, openSellLots: 0, dailyPnl: 1 });
    expect(risk.position('CPA', 'ACME')).to.deep.include({ positionLots: -10, dailyPnl: -1 });
    run(amend('cancel', 990, 0, { price: 990, qty: 10 }, trade.taker), T + 2n);
    expect(risk.position('A1', 'ACME')).to.deep.equal({ positionLots: 0, openBuyLots: 15, openSellLots: 0, dailyPnl: 0 });
    expect(risk.position('CPA', 'ACME')).to.deep.include({ positionLots: 0, dailyPnl: 0 });
    expect(risk.exposure('account', 'A1').openOrders).to.equal(1);
  });

  it('a cancelled trade of the day comes off the day\'s trade count of both sides\' levels (the order-to-trade ratio); a correction, a trade of an earlier day, or an amendment without the trade\'s time leave the count', () => {
    const { risk, submit, run } = setup();
    const DAY = 86_400_000_000n;
    const tradeAt = (now: bigint): Trade => {
      submit(counterparty({ clientOrderId: `S${now}`, side: Side.Sell, qtyLots: qtyLots(10), priceTicks: priceTicks(1000) }), now);
      const trade = submit(order({ clientOrderId: `B${now}`, side: Side.Buy, qtyLots: qtyLots(10), priceTicks: priceTicks(1000) }), now).events.find((e): e is Trade => e.kind === 'Trade');
      if (trade === undefined) throw new Error('no trade');
      return trade;
    };
    const amend = (trade: Trade, action: 'cancel' | 'correct', tradedUs: bigint | undefined): AmendTrade => ({
      kind: 'AmendTrade', action, requestId: 'OPS', actor: 'ops1', reason: 'test', tradeId: trade.tradeId, symbol: 'ACME',
      wasPriceTicks: priceTicks(1000), wasQtyLots: qtyLots(10), priceTicks: priceTicks(action === 'cancel' ? 1000 : 990), qtyLots: qtyLots(action === 'cancel' ? 0 : 10), amendsEventSeq: 1,
      ...(tradedUs === undefined ? {} : { tradedUs }),
      maker: { orderId: trade.maker.order.orderId, finished: { terms: trade.maker.order, state: trade.maker } },
      taker: { orderId: trade.taker.order.orderId, finished: { terms: trade.taker.order, state: trade.taker } },
    });
    const amended = (command: AmendTrade, now: bigint): void => {
      expect(run(command, now).map((e) => e.kind)).to.deep.equal(['TradeAmended']);
    };
    const trades = (): number[] => [risk.exposure('account', 'A1').tradesToday, risk.exposure('account', 'CPA').tradesToday, risk.exposure('firm', 'F1').tradesToday, risk.exposure('session', 'CP').tradesToday];
    const yesterday = tradeAt(T);
    const first = tradeAt(T + DAY);
    const second = tradeAt(T + DAY + 1n);
    expect(trades(), 'two trades today (yesterday\'s was counted on its own day)').to.deep.equal([2, 2, 2, 2]);
    amended(amend(first, 'correct', first.tsUs), T + DAY + 2n);
    expect(trades(), 'a correction').to.deep.equal([2, 2, 2, 2]);
    amended(amend(yesterday, 'cancel', yesterday.tsUs), T + DAY + 3n);
    expect(trades(), 'yesterday\'s trade cancelled').to.deep.equal([2, 2, 2, 2]);
    amended(amend(second, 'cancel', undefined), T + DAY + 4n);
    expect(trades(), 'an amendment journaled without the trade\'s time').to.deep.equal([2, 2, 2, 2]);
    amended(amend(first, 'cancel', first.tsUs), T + DAY + 5n);
    expect(trades(), 'today\'s trade cancelled').to.deep.equal([1, 1, 1, 1]);
  });
});
