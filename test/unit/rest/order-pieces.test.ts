import { expect } from 'chai';
import { Channel, defineInstrument, OrderStatus, OrderType, qtyLots, RejectCode, Side, TimeInForce, type EngineEvent, type OrderTerms, priceTicks } from '../../../engine/model';
import { REST_ERROR_STATUS } from '../../../gateway/rest';
import { buildPlaceOrder } from '../../../gateway/rest/routes/order-commands';
import { isoMicros, parseIsoMicros } from '../../../gateway/rest/routes/order-json';
import { REST_REJECT_ERROR, rejectError } from '../../../gateway/rest/routes/order-rejects';
import { RestOrderStore } from '../../../gateway/rest/routes/rest-order-store';

const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.05', lotSize: '0.001' });

function terms(orderId: number, sessionId = 'rest:apiKey:k1', clientOrderId = `C${orderId}`): OrderTerms {
  return {
    orderId,
    clientOrderId,
    origClientOrderId: undefined,
    sessionId,
    channel: Channel.Rest,
    account: 'A1',
    firm: 'F1',
    symbol: 'ACME',
    side: Side.Buy,
    type: OrderType.Limit,
    timeInForce: TimeInForce.Day,
    qtyLots: qtyLots(10),
    priceTicks: priceTicks(100),
    stopPriceTicks: undefined,
    displayQtyLots: undefined,
    minQtyLots: undefined,
    expireTimeUs: undefined,
    postOnly: false,
    selfTradePrevention: 'NONE' as OrderTerms['selfTradePrevention'],
    selfTradeScope: 'ACCOUNT' as OrderTerms['selfTradeScope'],
    mifid: { clientId: undefined, investmentDecisionMaker: undefined, executionDecisionMaker: undefined, algoId: undefined, tradingCapacity: 'DEAL' as OrderTerms['mifid']['tradingCapacity'], directElectronicAccess: false, liquidityProvision: false },
    acceptedUs: 1n,
  };
}

const accepted = (t: OrderTerms): EngineEvent => ({ kind: 'OrderAccepted', tsUs: 1n, order: t, status: OrderStatus.New, cumQtyLots: qtyLots(0), leavesQtyLots: t.qtyLots, notionalTicksLots: 0n });
const cancelled = (t: OrderTerms): EngineEvent => ({ kind: 'OrderCancelled', tsUs: 2n, order: t, reason: 'CLIENT_REQUEST' as never, requestId: undefined, status: OrderStatus.Cancelled, cumQtyLots: qtyLots(0), leavesQtyLots: qtyLots(0), notionalTicksLots: 0n });

describe('REST order pieces', () => {
  it('maps every RejectCode to an order error code with a 4xx status (503 only while the journal is not committing)', () => {
    for (const value of Object.values(RejectCode)) {
      if (typeof value !== 'number') continue;
      const code = REST_REJECT_ERROR[value];
      expect(code, RejectCode[value]).to.match(/^GW_ERR_ORDER_/);
      if (value === RejectCode.JournalUnavailable) expect([code, REST_ERROR_STATUS[code]]).to.deep.equal(['GW_ERR_ORDER_JOURNAL_UNAVAILABLE', 503]);
      else expect(REST_ERROR_STATUS[code], RejectCode[value]).to.be.within(400, 499);
    }
    const error = rejectError(RejectCode.PriceOffTick, 'off tick', { clientOrderId: 'C1' });
    expect([error.statusCode, error.code, error.details]).to.deep.equal([400, 'GW_ERR_ORDER_INVALID', { rejectCode: 1006, rejectReason: 'PriceOffTick', text: 'off tick', clientOrderId: 'C1', orderId: null, status: 'REJECTED' }]);
  });

  it('converts decimal strings exactly with the instrument, and refuses what is off the tick or lot', () => {
    const origin = { sessionId: 'rest:apiKey:k1', clientOrderId: 'C1', firm: 'F1' };
    const ok = buildPlaceOrder({ account: 'A1', symbol: 'ACME', side: 'SELL', type: 'LIMIT', quantity: '1.234', price: '100.35' }, ACME, origin);
    expect(ok.ok && [ok.command.qtyLots, ok.command.priceTicks, ok.command.channel, ok.command.timeInForce]).to.deep.equal([1234, 2007, Channel.Rest, TimeInForce.Day]);
    const offTick = buildPlaceOrder({ account: 'A1', symbol: 'ACME', side: 'SELL', type: 'LIMIT', quantity: '1', price: '100.33' }, ACME, origin);
    expect(!offTick.ok && offTick.code).to.equal(RejectCode.PriceOffTick);
    const offLot = buildPlaceOrder({ account: 'A1', symbol: 'ACME', side: 'SELL', type: 'LIMIT', quantity: '0.0005', price: '100' }, ACME, origin);
    expect(!offLot.ok && offLot.code).to.equal(RejectCode.QuantityOffLot);
    const gtd = buildPlaceOrder({ account: 'A1', symbol: 'ACME', side: 'BUY', type: 'LIMIT', timeInForce: 'GTD', quantity: '1', price: '100', expireTime: '2030-01-02T10:00:00.123456+01:00' }, ACME, origin);
    expect(gtd.ok && gtd.command.expireTimeUs).to.equal(BigInt(Date.UTC(2030, 0, 2, 9, 0, 0)) * 1000n + 123_456n);
    const stop = buildPlaceOrder({ account: 'A1', symbol: 'ACME', side: 'BUY', type: 'LIMIT', quantity: '1', price: '100', stopPrice: '99' }, ACME, origin);
    expect(!stop.ok && stop.code).to.equal(RejectCode.InvalidStopPrice);
  });

  it('writes and reads RFC 3339 timestamps with microseconds', () => {
    const us = BigInt(Date.UTC(2030, 0, 2, 9, 0, 0)) * 1000n + 7n;
    expect(isoMicros(us)).to.equal('2030-01-02T09:00:00.000007Z');
    expect(parseIsoMicros('2030-01-02T09:00:00.000007Z')).to.equal(us);
    expect(parseIsoMicros('2030-01-02 09:00')).to.equal(undefined);
  });

  it('keeps live orders and forgets the oldest finished ones past its bound, per source', () => {
    const store = new RestOrderStore(2);
    const events: EngineEvent[] = [];
    for (let id = 1; id <= 4; id += 1) events.push(accepted(terms(id)));
    events.push(accepted(terms(5, 'rest:apiKey:k2')));
    store.apply(events.map((event, i) => ({ seq: i + 1, event })));
    store.apply([1, 2, 3, 5].map((id, i) => ({ seq: 10 + i, event: cancelled(terms(id, id === 5 ? 'rest:apiKey:k2' : 'rest:apiKey:k1')) })));
    expect([...store.all()].map((r) => r.terms.orderId).sort()).to.deep.equal([2, 3, 4, 5]);
    expect(store.byClientOrderId('rest:apiKey:k1', 'C1')).to.equal(undefined);
    expect(store.byClientOrderId('rest:apiKey:k1', 'C4')?.state.status).to.equal(OrderStatus.New);
    expect(store.get(3)?.state.status).to.equal(OrderStatus.Cancelled);
  });
});
