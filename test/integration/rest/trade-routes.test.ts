import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import { defineInstrument, type EngineCommand, type Trade } from '../../../engine/model';
import { OrderPath } from '../../../gateway/order-path';
import { tradeRoutes } from '../../../gateway/rest/routes/trade-routes';
import { PreTradeRisk } from '../../../risk';
import { databaseBackends } from '../../support/databases';
import { openHarness, type RestHarness } from './rest-harness';

const [backend] = databaseBackends();
const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' });

describe('REST: trades cancelled and corrected by the venue\'s operations (POST /api/v1/ops/trades/{id}/cancel, /correct)', function () {
  this.timeout(30_000);
  let rest: RestHarness;
  let orderPath: OrderPath;
  let risk: PreTradeRisk;
  const nowUs = (): bigint => BigInt(Date.now()) * 1000n;

  beforeEach(async () => {
    if (backend === undefined) throw new Error('no database backend');
    const engine = new MatchingEngine([ACME]);
    risk = new PreTradeRisk(engine);
    orderPath = new OrderPath(engine, risk);
    rest = await openHarness(backend, { routes: [tradeRoutes(orderPath, nowUs)] });
  });
  afterEach(async () => {
    await rest.close();
  });

  /** A buy of 10 at 5.00 resting (account A1), and a sell of `qty` (account B1) trading with it: the trade. */
  const trade = (qty: number): Trade => {
    const order = (sessionId: string, clientOrderId: string, account: string, side: 'BUY' | 'SELL', qtyLots: number): EngineCommand =>
      ({ kind: 'PlaceOrder', sessionId, clientOrderId, account, firm: 'F1', symbol: 'ACME', side, type: 'LIMIT', timeInForce: 'DAY', qtyLots, priceTicks: 500 }) as EngineCommand;
    orderPath.submit(order('S1', `B${qty}`, 'A1', 'BUY', 10) as never, nowUs());
    const events = orderPath.submit(order('S2', `S${qty}`, 'B1', 'SELL', qty) as never, nowUs());
    const made = events.map((e) => e.event).find((e): e is Trade => e.kind === 'Trade');
    if (made === undefined) throw new Error('no trade');
    return made;
  };
  const errorOf = (response: { statusCode: number; json: <T>() => T }): [number, string] => [response.statusCode, response.json<{ code: string }>().code];

  it('operations (admin) cancel a trade: answered with both orders after it; the buy works its 4 again; looked up, it stands cancelled; other roles may look, not act', async () => {
    const admin = await rest.apiKey(['admin']);
    const compliance = await rest.apiKey(['compliance']);
    const riskOfficer = await rest.apiKey(['risk']);
    const trader = await rest.apiKey(['trader'], { accounts: ['A1'] });
    const { tradeId } = trade(4);
    const looked = await rest.request('GET', `/api/v1/ops/trades/${tradeId}`, { auth: compliance });
    expect(looked.statusCode, looked.body).to.equal(200);
    expect(looked.json()).to.deep.include({ tradeId, symbol: 'ACME', price: '5.00', quantity: '4', cancelled: false });
    expect((await rest.request('GET', `/api/v1/ops/trades/${tradeId}`, { auth: trader })).statusCode).to.equal(403);
    expect((await rest.request('POST', `/api/v1/ops/trades/${tradeId}/cancel`, { auth: riskOfficer, body: { reason: 'x' } })).statusCode).to.equal(403);

    const cancelled = await rest.request('POST', `/api/v1/ops/trades/${tradeId}/cancel`, { auth: admin, body: { reason: 'erroneous trade' } });
    expect(cancelled.statusCode, cancelled.body).to.equal(200);
    expect(cancelled.json()).to.deep.equal({
      tradeId,
      action: 'cancel',
      symbol: 'ACME',
      price: '5.00',
      quantity: '0',
      was: { price: '5.00', quantity: '4' },
      maker: { orderId: 1, clientOrderId: 'B4', status: 'NEW', filledQuantity: '0', leavesQuantity: '10', averagePrice: null },
      taker: { orderId: 2, clientOrderId: 'S4', status: 'CANCELLED', filledQuantity: '0', leavesQuantity: '0', averagePrice: null },
    });
    expect(risk.position('A1', 'ACME')).to.deep.include({ positionLots: 0, openBuyLots: 10 });
    expect((await rest.request('GET', `/api/v1/ops/trades/${tradeId}`, { auth: admin })).json()).to.deep.include({ cancelled: true, quantity: '0' });
    expect(errorOf(await rest.request('POST', `/api/v1/ops/trades/${tradeId}/cancel`, { auth: admin, body: { reason: 'again' } }))).to.deep.equal([409, 'GW_ERR_TRADE_ALREADY_CANCELLED']);
  });

  it('a correction of the price and/or to a lower quantity; refused with a stable code: off the tick or a higher quantity (400), nothing to correct (400), an unknown trade (404)', async () => {
    const admin = await rest.apiKey(['admin']);
    const { tradeId } = trade(6);
    const correct = (body: Record<string, string>): ReturnType<RestHarness['request']> => rest.request('POST', `/api/v1/ops/trades/${tradeId}/correct`, { auth: admin, body: { reason: 'wrong price', ...body } });
    expect(errorOf(await correct({ price: '4.995' }))).to.deep.equal([400, 'GW_ERR_TRADE_INVALID_CORRECTION']);
    expect(errorOf(await correct({ quantity: '7' }))).to.deep.equal([400, 'GW_ERR_TRADE_INVALID_CORRECTION']);
    expect(errorOf(await correct({}))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION']);
    expect(errorOf(await rest.request('POST', '/api/v1/ops/trades/999/correct', { auth: admin, body: { price: '4.90', reason: 'x' } }))).to.deep.equal([404, 'GW_ERR_TRADE_NOT_FOUND']);

    const corrected = await correct({ price: '4.90', quantity: '5' });
    expect(corrected.statusCode, corrected.body).to.equal(200);
    expect(corrected.json()).to.deep.include({ action: 'correct', price: '4.90', quantity: '5', was: { price: '5.00', quantity: '6' } });
    expect(corrected.json<{ maker: unknown }>().maker).to.deep.equal({ orderId: 1, clientOrderId: 'B6', status: 'PARTIALLY_FILLED', filledQuantity: '5', leavesQuantity: '5', averagePrice: '4.900000' });
    expect(risk.position('B1', 'ACME').positionLots).to.equal(-5);
  });
});
