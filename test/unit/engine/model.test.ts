import { expect } from 'chai';
import {
  averagePriceToDecimal,
  defineInstrument,
  GatewayError,
  lotsToQty,
  ModelError,
  priceTicks,
  priceToTicks,
  qtyLots,
  qtyToLots,
  RejectCode,
  ticksToPrice,
  TradingStatus,
} from '../../../engine/model';

const acme = defineInstrument({ symbol: 'ACME', isin: 'US0000000001', currency: 'USD', tickSize: '0.05', lotSize: '0.001' });

describe('engine/model: instruments and exact conversions', () => {
  it('converts decimal prices to ticks exactly, and refuses a price off the tick', () => {
    expect(priceToTicks('100.25', acme)).to.deep.equal({ ok: true, value: 2005 });
    expect(priceToTicks('100.250000', acme)).to.deep.equal({ ok: true, value: 2005 });
    expect(priceToTicks('0.05', acme)).to.deep.equal({ ok: true, value: 1 });
    const off = priceToTicks('100.26', acme);
    expect(off.ok).to.equal(false);
    if (!off.ok) expect(off.code).to.equal(RejectCode.PriceOffTick);
    const bad = priceToTicks('1e3', acme);
    expect(bad.ok ? undefined : bad.code).to.equal(RejectCode.InvalidPrice);
    const huge = priceToTicks('999999999999999999999', acme);
    expect(huge.ok ? undefined : huge.code).to.equal(RejectCode.PriceOutOfRange);
  });

  it('a price that a float parse would round stays exact', () => {
    const fine = defineInstrument({ symbol: 'FINE', currency: 'USD', tickSize: '0.000001', lotSize: '1' });
    expect(priceToTicks('0.300001', fine)).to.deep.equal({ ok: true, value: 300001 });
    expect(ticksToPrice(300001, fine)).to.equal('0.300001');
  });

  it('converts quantities to lots exactly; off the lot, negative or not a number is refused', () => {
    expect(qtyToLots('1.5', acme)).to.deep.equal({ ok: true, value: 1500 });
    const off = qtyToLots('1.0005', acme);
    expect(off.ok ? undefined : off.code).to.equal(RejectCode.QuantityOffLot);
    const negative = qtyToLots('-1', acme);
    expect(negative.ok ? undefined : negative.code).to.equal(RejectCode.InvalidQuantity);
    expect(lotsToQty(1500, acme)).to.equal('1.500');
  });

  it('formats ticks back to the exact price string', () => {
    expect(ticksToPrice(2005, acme)).to.equal('100.25');
    expect(ticksToPrice(1, acme)).to.equal('0.05');
    expect(ticksToPrice(-3, acme)).to.equal('-0.15');
  });

  it('gives the average price of an exact ratio as a decimal, rounded half away from zero', () => {
    // 1 lot at 2005 ticks + 2 lots at 2006 ticks: (2005 + 4012) / 3 = 2005.666... ticks = 100.28333... in price
    expect(averagePriceToDecimal(6017n, 3, acme, 4)).to.equal('100.283333');
    expect(averagePriceToDecimal(0n, 0, acme)).to.equal('0');
  });

  it('normalizes sizes as the database returns them and refuses sizes that are not positive', () => {
    const fromDb = defineInstrument({ symbol: 'DB', isin: null, currency: 'EUR', tickSize: '0.0100', lotSize: '1.000', tradingStatus: 'halted' });
    expect(fromDb.tickSize).to.equal('0.01');
    expect(fromDb.priceScale).to.equal(2);
    expect(fromDb.lotSize).to.equal('1');
    expect(fromDb.tradingStatus).to.equal(TradingStatus.Halted);
    expect(fromDb.isin).to.equal(undefined);
    expect(() => defineInstrument({ symbol: 'X', currency: 'EUR', tickSize: '0', lotSize: '1' })).to.throw(ModelError);
    expect(() => defineInstrument({ symbol: 'X', currency: 'EUR', tickSize: '0.01', lotSize: 'abc' })).to.throw(/lotSize/);
  });

  it('branded constructors refuse values that are not whole numbers', () => {
    expect(priceTicks(5)).to.equal(5);
    expect(() => priceTicks(1.5)).to.throw(ModelError);
    expect(() => qtyLots(-1)).to.throw(ModelError);
    try {
      qtyLots(Number.NaN);
    } catch (error: unknown) {
      expect(error).to.be.instanceOf(GatewayError);
      if (error instanceof ModelError) expect(error.code).to.equal('GW_ERR_MODEL_INVALID_VALUE');
    }
  });
});

describe('engine/model: RejectCode', () => {
  const entries = Object.entries(RejectCode).filter((entry): entry is [string, number] => typeof entry[1] === 'number');

  it('every code is unique and in its range (1xxx, 2xxx, 3xxx, 4xxx, 9xxx)', () => {
    const values = entries.map(([, value]) => value);
    expect(new Set(values).size).to.equal(values.length);
    for (const value of values) expect([1, 2, 3, 4, 9]).to.include(Math.floor(value / 1000));
  });

  it('keeps its published numbers (never renumbered)', () => {
    expect(RejectCode.UnknownInstrument).to.equal(1001);
    expect(RejectCode.PriceOffTick).to.equal(1006);
    expect(RejectCode.MaxOrderQuantityExceeded).to.equal(2001);
    expect(RejectCode.KillSwitchActive).to.equal(2013);
    expect(RejectCode.UnknownOrder).to.equal(3001);
    expect(RejectCode.DuplicateClientOrderId).to.equal(3002);
    expect(RejectCode.PostOnlyWouldTrade).to.equal(3005);
    expect(RejectCode.VenueUnavailable).to.equal(4001);
    expect(RejectCode.InternalError).to.equal(9001);
  });
});
