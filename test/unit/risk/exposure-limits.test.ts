import { expect } from 'chai';
import { priceTicks, qtyLots, RejectCode, Side } from '../../../engine/model';
import { accepted, counterparty, officer, order, rejected, setup, T } from './risk-fixture';

const DAY_US = 86_400_000_000n;

/** A1 buys `lots` ACME at `ticks` from a counterparty resting order. */
function buyFill(submit: ReturnType<typeof setup>['submit'], lots: number, ticks: number, now = T): void {
  submit(counterparty({ side: Side.Sell, qtyLots: qtyLots(lots), priceTicks: priceTicks(ticks) }), now);
  submit(order({ side: Side.Buy, qtyLots: qtyLots(lots), priceTicks: priceTicks(ticks) }), now);
}

/** Two counterparties trade with each other: moves the last trade price (the mark) of ACME. */
function printTrade(submit: ReturnType<typeof setup>['submit'], ticks: number, now = T): void {
  submit(counterparty({ side: Side.Sell, qtyLots: qtyLots(1), priceTicks: priceTicks(ticks) }), now);
  submit(counterparty({ sessionId: 'CP2', account: 'CPB', firm: 'CPG', side: Side.Buy, qtyLots: qtyLots(1), priceTicks: priceTicks(ticks) }), now);
}

describe('pre-trade risk: positions, credit and loss', function () {
  this.timeout(5_000);

  it('keeps positions, open orders and P&L from the real engine\'s events', () => {
    const { risk, submit } = setup();
    buyFill(submit, 30, 1000);
    submit(order({ side: Side.Buy, qtyLots: qtyLots(5), priceTicks: priceTicks(990) }));
    submit(order({ side: Side.Sell, qtyLots: qtyLots(7), priceTicks: priceTicks(1050) }));
    expect(risk.position('A1', 'ACME')).to.deep.include({ positionLots: 30, openBuyLots: 5, openSellLots: 7 });
    expect(risk.position('CPA', 'ACME').positionLots).to.equal(-30);
    printTrade(submit, 1010);
    expect(risk.position('A1', 'ACME').dailyPnl).to.be.closeTo(3, 1e-9); // 30 x 0.10
    expect(risk.exposure('firm', 'F1')).to.deep.include({ openOrders: 2, tradesToday: 1 });
    expect(risk.exposure('firm', 'F1').openValue).to.be.closeTo(5 * 9.9 + 7 * 10.5, 1e-9);
  });

  it('max long position counts the position, the open buys and the order', () => {
    const { submit } = setup([{ scope: 'account', id: 'A1', limits: { maxLongQty: '50' } }]);
    buyFill(submit, 30, 1000);
    submit(order({ qtyLots: qtyLots(10), priceTicks: priceTicks(900) }));
    expect(accepted(submit(order({ qtyLots: qtyLots(10), priceTicks: priceTicks(900) })))).to.equal(true); // 30 + 10 + 10
    const r = rejected(submit(order({ qtyLots: qtyLots(1), priceTicks: priceTicks(900) })));
    expect(r?.code).to.equal(RejectCode.PositionLimitExceeded);
    expect(r?.text).to.equal('max long position 50 exceeded for account A1 (position 30 + open buys 20 + order 1)');
    expect(accepted(submit(order({ side: Side.Sell, qtyLots: qtyLots(100), priceTicks: priceTicks(1100) })))).to.equal(true); // sells reduce it
  });

  it('max short position, per instrument', () => {
    const { submit } = setup([{ scope: 'firm', id: 'F1', symbol: 'ACME', limits: { maxShortQty: '10' } }]);
    expect(accepted(submit(order({ side: Side.Sell, qtyLots: qtyLots(10), priceTicks: priceTicks(1100) })))).to.equal(true);
    expect(rejected(submit(order({ side: Side.Sell, qtyLots: qtyLots(1), priceTicks: priceTicks(1100) })))?.code).to.equal(RejectCode.PositionLimitExceeded);
    expect(accepted(submit(order({ symbol: 'BOLT', side: Side.Sell, qtyLots: qtyLots(5), priceTicks: priceTicks(20) })))).to.equal(true);
  });

  it('gross and net position value over instruments, at the mark price', () => {
    const { submit } = setup([{ scope: 'account', id: 'A1', limits: { maxGrossPositionValue: '500', maxNetPositionValue: '400' } }]);
    buyFill(submit, 30, 1000); // long 300
    expect(accepted(submit(order({ qtyLots: qtyLots(10), priceTicks: priceTicks(1000) })))).to.equal(true); // net 400, gross 400
    const net = rejected(submit(order({ qtyLots: qtyLots(11), priceTicks: priceTicks(1000) })));
    expect(net?.text).to.match(/^max net position value 400 exceeded for account A1/);
    const gross = rejected(submit(order({ side: Side.Sell, qtyLots: qtyLots(21), priceTicks: priceTicks(1000) })));
    expect(gross?.text).to.equal('max gross position value 500 exceeded for account A1 (positions 300 + order 210)');
  });

  it('credit limit on open orders plus positions: the boundary, and credit freed by a cancel', () => {
    const { submit } = setup([{ scope: 'account', id: 'A1', limits: { creditLimit: '2000' } }]);
    const first = order({ qtyLots: qtyLots(100), priceTicks: priceTicks(1000) });
    expect(accepted(submit(first))).to.equal(true);
    expect(accepted(submit(order({ qtyLots: qtyLots(100), priceTicks: priceTicks(1000) })))).to.equal(true); // 2000
    const r = rejected(submit(order({ qtyLots: qtyLots(1), priceTicks: priceTicks(1000) })));
    expect(r).to.deep.equal({ code: RejectCode.CreditLimitExceeded, text: 'credit limit 2000 exceeded for account A1 (open orders 2000 + positions 0 + order 10)' });
    submit({ kind: 'CancelOrder', sessionId: 'S1', clientOrderId: 'X', origClientOrderId: first.clientOrderId, symbol: 'ACME', side: Side.Buy });
    expect(accepted(submit(order({ qtyLots: qtyLots(100), priceTicks: priceTicks(1000) })))).to.equal(true);
  });

  it('daily loss, realised + unrealised: blocks at the limit, and resets at the trading day\'s start', () => {
    const { submit } = setup([{ scope: 'account', id: 'A1', limits: { maxDailyLoss: '100' } }]);
    buyFill(submit, 100, 1000);
    printTrade(submit, 901); // loss 99
    expect(accepted(submit(order({ qtyLots: qtyLots(1), priceTicks: priceTicks(800) })))).to.equal(true);
    printTrade(submit, 900); // loss 100
    const r = rejected(submit(order({ qtyLots: qtyLots(1), priceTicks: priceTicks(800) })));
    expect(r).to.deep.equal({ code: RejectCode.LossLimitExceeded, text: 'daily loss limit 100 reached for account A1 (loss today 100, realised + unrealised)' });
    const tomorrow = T + DAY_US;
    expect(accepted(submit(order({ qtyLots: qtyLots(1), priceTicks: priceTicks(800) }), tomorrow))).to.equal(true);
    printTrade(submit, 850, tomorrow); // loss today 100 x 0.50 = 50
    expect(accepted(submit(order({ qtyLots: qtyLots(1), priceTicks: priceTicks(800) }), tomorrow))).to.equal(true);
  });

  it('the trading day follows the configured day end', () => {
    const dayEndUs = (now: bigint): bigint => now - ((now - 3_600_000_000n) % DAY_US) + DAY_US; // 01:00 UTC
    const { risk, submit } = setup([{ scope: 'account', id: 'A1', limits: { maxDailyLoss: '10' } }], { dayEndUs });
    buyFill(submit, 100, 1000);
    printTrade(submit, 900);
    const midnight = T - (T % DAY_US) + DAY_US;
    expect(rejected(submit(order({ priceTicks: priceTicks(800) }), midnight + 1n))?.code).to.equal(RejectCode.LossLimitExceeded);
    expect(accepted(submit(order({ priceTicks: priceTicks(800) }), midnight + 3_600_000_000n))).to.equal(true);
    expect(risk.exposure('account', 'A1').dailyPnl).to.equal(0);
  });

  it('a live limit change takes effect on the next order', () => {
    const { risk, submit } = setup();
    buyFill(submit, 30, 1000);
    expect(accepted(submit(order({ qtyLots: qtyLots(10), priceTicks: priceTicks(900) })))).to.equal(true);
    const audit = risk.setLimits({ scope: 'account', id: 'A1', limits: { maxLongQty: '40' } }, officer, T);
    expect(audit.detail).to.deep.include({ scope: 'account', id: 'A1', previous: null, limits: { maxLongQty: '40' } });
    expect(rejected(submit(order({ qtyLots: qtyLots(1), priceTicks: priceTicks(900) })))?.code).to.equal(RejectCode.PositionLimitExceeded);
    risk.setLimits({ scope: 'account', id: 'A1', limits: { maxLongQty: '41' } }, officer, T);
    expect(accepted(submit(order({ qtyLots: qtyLots(1), priceTicks: priceTicks(900) })))).to.equal(true);
  });
});
