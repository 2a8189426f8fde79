import { expect } from 'chai';
import { OrderType, priceTicks, qtyLots, RejectCode, Side, TimeInForce } from '../../../engine/model';
import { accepted, counterparty, officer, order, rejected, setup, T } from './risk-fixture';

describe('pre-trade risk: order limits', function () {
  this.timeout(5_000);

  it('max order quantity in quantity units: lot size 10, limit "100" is 10 lots', () => {
    const { submit } = setup([{ scope: 'account', id: 'A1', limits: { maxOrderQty: '100' } }]);
    expect(accepted(submit(order({ symbol: 'BOLT', qtyLots: qtyLots(10), priceTicks: priceTicks(20) })))).to.equal(true);
    const r = rejected(submit(order({ symbol: 'BOLT', qtyLots: qtyLots(11), priceTicks: priceTicks(20) })));
    expect(r?.code).to.equal(RejectCode.MaxOrderQuantityExceeded);
    expect(r?.text).to.equal('max order quantity 100 exceeded for account A1 (order 110)');
  });

  it('max order value names the limit and the order value, exactly', () => {
    const { submit } = setup([{ scope: 'session', id: 'S1', limits: { maxOrderNotional: '2500' } }]);
    expect(accepted(submit(order({ qtyLots: qtyLots(250), priceTicks: priceTicks(1000) })))).to.equal(true); // 250 x 10.00
    const r = rejected(submit(order({ qtyLots: qtyLots(251), priceTicks: priceTicks(1000) })));
    expect(r).to.deep.equal({ code: RejectCode.MaxNotionalExceeded, text: 'max order value 2500 exceeded for session S1 (order 2510)' });
  });

  it('max order value of a market order uses its protection price, or the last trade price', () => {
    const { submit } = setup([{ scope: 'firm', id: 'F1', limits: { maxOrderNotional: '100' } }]);
    const market = { type: OrderType.Market, timeInForce: TimeInForce.ImmediateOrCancel };
    expect(rejected(submit(order({ ...market, priceTicks: priceTicks(1001) })))?.code).to.equal(RejectCode.MaxNotionalExceeded);
    submit(counterparty({ side: Side.Sell, priceTicks: priceTicks(900), qtyLots: qtyLots(1) }));
    submit(counterparty({ sessionId: 'CP2', account: 'CPB', side: Side.Buy, priceTicks: priceTicks(900), qtyLots: qtyLots(1) })); // last 9.00
    expect(accepted(submit(order({ ...market, priceTicks: undefined, qtyLots: qtyLots(11) })))).to.equal(true); // 99
    expect(rejected(submit(order({ ...market, priceTicks: undefined, qtyLots: qtyLots(12) })))?.code).to.equal(RejectCode.MaxNotionalExceeded);
  });

  it('price collar in ticks: at the band passes, one tick outside fails, and a market order is checked at its protection price', () => {
    const { risk, submit } = setup([{ scope: 'account', id: 'A1', limits: { priceCollarTicks: 20, collarReference: 'external' } }]);
    risk.setReferencePrice('ACME', 1000);
    expect(accepted(submit(order({ priceTicks: priceTicks(980) })))).to.equal(true);
    expect(accepted(submit(order({ side: Side.Sell, priceTicks: priceTicks(1020) })))).to.equal(true);
    const r = rejected(submit(order({ priceTicks: priceTicks(979) })));
    expect(r?.code).to.equal(RejectCode.PriceCollarBreached);
    expect(r?.text).to.equal('price 9.79 outside the 20-tick collar around 10.00 (external) for account A1');
    const market = rejected(submit(order({ type: OrderType.Market, timeInForce: TimeInForce.ImmediateOrCancel, priceTicks: priceTicks(1021) })));
    expect(market?.code).to.equal(RejectCode.PriceCollarBreached);
  });

  it('a collar around an external reference refuses while none is set (fail closed), and again once it is withdrawn; a collar around the last trade has nothing to measure before the first trade and lets the order through', () => {
    const { risk, submit } = setup([
      { scope: 'account', id: 'A1', limits: { priceCollarPercent: 5, collarReference: 'external' } },
      { scope: 'account', id: 'A2', limits: { priceCollarPercent: 5, collarReference: 'last' } },
    ]);
    const missing = rejected(submit(order({ priceTicks: priceTicks(1000) })));
    expect(missing).to.deep.equal({ code: RejectCode.RiskLimitsMissing, text: 'no external reference price for ACME to apply the price collar of account A1' });
    expect(accepted(submit(order({ account: 'A2', priceTicks: priceTicks(5000) })))).to.equal(true);
    risk.setReferencePrice('ACME', 1000);
    expect(risk.referencePriceTicks('ACME')).to.equal(1000);
    expect(accepted(submit(order({ priceTicks: priceTicks(1050) })))).to.equal(true);
    expect(rejected(submit(order({ priceTicks: priceTicks(1051) })))?.code).to.equal(RejectCode.PriceCollarBreached);
    risk.setReferencePrice('ACME', Number.NaN);
    expect(rejected(submit(order({ priceTicks: priceTicks(1000) })))?.code).to.equal(RejectCode.RiskLimitsMissing);
  });

  it('a collar around an external reference with referenceMaxAgeMs: a reference set up to that long ago passes, one a millisecond older refuses (fail closed), a fresh one passes again; the tightest level\'s age applies', () => {
    const { risk, submit } = setup([
      { scope: 'account', id: 'A1', limits: { priceCollarPercent: 5, collarReference: 'external', referenceMaxAgeMs: 60_000 } },
      { scope: 'firm', id: 'F1', limits: { referenceMaxAgeMs: 600_000, collarReference: 'external', priceCollarPercent: 50 } },
    ]);
    risk.setReferencePrice('ACME', 1000, Number(T) - 60_000_000);
    expect(accepted(submit(order({ priceTicks: priceTicks(1050) })))).to.equal(true);
    risk.setReferencePrice('ACME', 1000, Number(T) - 60_001_000);
    expect(rejected(submit(order({ priceTicks: priceTicks(1050) })))).to.deep.equal({ code: RejectCode.RiskLimitsMissing, text: 'the external reference price of ACME is 60001 ms old, over the 60000 ms its price collar allows for account A1' });
    risk.setReferencePrice('ACME', 1000, Number(T));
    expect(accepted(submit(order({ priceTicks: priceTicks(1050) })))).to.equal(true);
    expect(rejected(submit(order({ priceTicks: priceTicks(1051) })))?.code).to.equal(RejectCode.PriceCollarBreached);
    // A reference set without a time counts as too old where an age limit applies.
    risk.setReferencePrice('ACME', 1000);
    expect(rejected(submit(order({ priceTicks: priceTicks(1000) })))?.code).to.equal(RejectCode.RiskLimitsMissing);
  });

  it('price collar around the mid of the best bid and offer', () => {
    const { risk, submit } = setup([{ scope: 'firm', id: 'F1', limits: { priceCollarPercent: 10, collarReference: 'mid' } }]);
    risk.setBestPrices('ACME', 990, 1010); // mid 10.00
    expect(accepted(submit(order({ priceTicks: priceTicks(1100) })))).to.equal(true);
    expect(rejected(submit(order({ priceTicks: priceTicks(1101) })))?.text).to.match(/outside the 10% collar around 10.00 \(mid\) for firm F1/);
  });

  it('restricted list and permitted instruments: per account, and a global restricted list', () => {
    const { risk, submit } = setup([{ scope: 'account', id: 'A1', limits: { permittedSymbols: ['ACME'] } }]);
    expect(accepted(submit(order({ symbol: 'ACME' })))).to.equal(true);
    const notPermitted = rejected(submit(order({ symbol: 'BOLT', priceTicks: priceTicks(20) })));
    expect(notPermitted).to.deep.equal({ code: RejectCode.InstrumentNotPermitted, text: 'instrument BOLT is not permitted for account A1' });
    expect(accepted(submit(order({ account: 'A2', symbol: 'BOLT', priceTicks: priceTicks(20) })))).to.equal(true);
    risk.setLimits({ scope: 'global', id: '*', limits: { restrictedSymbols: ['ACME'] } }, officer, T);
    const restricted = rejected(submit(order({ account: 'A2' })));
    expect(restricted).to.deep.equal({ code: RejectCode.RestrictedInstrument, text: 'instrument ACME is on the restricted list of global' });
    risk.clearLimits('global', '*', undefined, officer, T);
    expect(accepted(submit(order({ account: 'A2' })))).to.equal(true);
  });

  it('per-instrument limits apply with the general ones, the tighter deciding', () => {
    const { submit } = setup([
      { scope: 'account', id: 'A1', limits: { maxOrderQty: '100' } },
      { scope: 'account', id: 'A1', symbol: 'ACME', limits: { maxOrderQty: '20' } },
    ]);
    expect(accepted(submit(order({ qtyLots: qtyLots(20) })))).to.equal(true);
    expect(rejected(submit(order({ qtyLots: qtyLots(21) })))?.text).to.equal('max order quantity 20 exceeded for account A1 (ACME) (order 21)');
    expect(accepted(submit(order({ symbol: 'BOLT', qtyLots: qtyLots(10), priceTicks: priceTicks(20) })))).to.equal(true); // 100
  });

  it('a replace is checked with its new quantity and price; a cancel always passes the limits', () => {
    const { submit } = setup([{ scope: 'account', id: 'A1', limits: { maxOrderQty: '50' } }]);
    const placed = order({ qtyLots: qtyLots(40) });
    submit(placed);
    const replace = { kind: 'ReplaceOrder', sessionId: 'S1', clientOrderId: 'R1', origClientOrderId: placed.clientOrderId, symbol: 'ACME', side: Side.Buy, qtyLots: qtyLots(51) } as const;
    expect(rejected(submit(replace))?.code).to.equal(RejectCode.MaxOrderQuantityExceeded);
    expect(accepted(submit({ ...replace, qtyLots: qtyLots(50) }))).to.equal(true);
    expect(accepted(submit({ kind: 'CancelOrder', sessionId: 'S1', clientOrderId: 'X1', origClientOrderId: 'R1', symbol: 'ACME', side: Side.Buy }))).to.equal(true);
  });

  it('max open orders: the boundary, and a place freed when an order fills', () => {
    const { risk, submit } = setup([{ scope: 'session', id: 'S1', limits: { maxOpenOrders: 1 } }]);
    expect(accepted(submit(order({ side: Side.Sell, priceTicks: priceTicks(1000) })))).to.equal(true);
    expect(rejected(submit(order({ priceTicks: priceTicks(900) })))?.text).to.equal('max open orders 1 reached for session S1');
    submit(counterparty({ side: Side.Buy, priceTicks: priceTicks(1000) })); // fills it
    expect(risk.exposure('session', 'S1').openOrders).to.equal(0);
    expect(accepted(submit(order({ priceTicks: priceTicks(900) })))).to.equal(true);
  });

  it('invalid limits are refused with the problems listed', () => {
    const { risk } = setup();
    expect(() => risk.setLimits({ scope: 'account', id: 'A1', limits: { maxOrderQty: '-5', maxOpenOrders: 0 } }, officer, T)).to.throw(/maxOrderQty must be a non-negative decimal string.*maxOpenOrders must be a positive integer/);
    expect(risk.limitsOf('account', 'A1')).to.equal(undefined);
  });
});
