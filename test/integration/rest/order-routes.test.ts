import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { DEFAULT_JOURNAL_OPTIONS, InstrumentRepository, JournalWriter, PostgresJournalStore, RiskKillRepository, RiskLimitRepository } from '../../../db';
import { MatchingEngine } from '../../../engine';
import { defineInstrument } from '../../../engine/model';
import { FixOrderEntry } from '../../../gateway/fix/translate';
import { JournalBarrier, OrderPath, RiskDesk, timerPacing } from '../../../gateway/order-path';
import { orderRoutes, RestOrderDesk } from '../../../gateway/rest';
import { riskRoutes } from '../../../gateway/rest/routes/risk-routes';
import { LiveRiskLimits, PreTradeRisk } from '../../../risk';
import { databaseBackends } from '../../support/databases';
import { mulberry32 } from '../../support/seeded-random';
import { GATEWAY, sessionConfig, startHarness, type Harness } from '../../support/fix-harness';
import { FixTestClient, fixTime } from '../../support/fix-test-client';
import { openHarness, type RestHarness } from './rest-harness';
import { GatedStore } from '../../support/gated-journal-store';
import { errorOf, late, limit, placeOrder, type OrderBody } from './rest-order-support';

const backends = databaseBackends();
/** The real Postgres server when DATABASE_URL is set, else the embedded one. */
const backend = backends.find((b) => b.name === 'postgres') ?? backends[0];
const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' });
const XBT = defineInstrument({ symbol: 'XBT', currency: 'USD', tickSize: '0.5', lotSize: '0.001' });

describe('REST orders: the one order path, answered after the journal commit', function () {
  this.timeout(30_000);
  let rest: RestHarness;
  let fix: Harness;
  let client: FixTestClient;
  let dropCopy: FixTestClient;
  let engine: MatchingEngine;
  let orderPath: OrderPath;
  let gated: GatedStore;
  let journal: JournalWriter;
  let riskDesk: RiskDesk;
  let orders: RestOrderDesk;
  /** Added to the journal's clock: how long its oldest uncommitted record seems to have waited. */
  let skewMs = 0;
  const nowUs = (): bigint => BigInt(Date.now()) * 1000n;

  beforeEach(async () => {
    if (backend === undefined) throw new Error('no database backend');
    // The routes mount before the desks exist (they need the harness's database): they reach them through proxies.
    const currentOrders = late(() => orders);
    const currentRisk = late(() => riskDesk);
    rest = await openHarness(backend, { routes: [orderRoutes(currentOrders), riskRoutes(currentRisk)] });
    engine = new MatchingEngine([ACME, XBT]);
    const risk = new PreTradeRisk(engine);
    gated = new GatedStore(new PostgresJournalStore(rest.db));
    skewMs = 0;
    journal = await JournalWriter.open(gated, 1, { ...DEFAULT_JOURNAL_OPTIONS, nowMs: () => Date.now() + skewMs });
    orderPath = new OrderPath(engine, risk, new JournalBarrier(journal), 1, timerPacing(nowUs));
    riskDesk = new RiskDesk(risk, new LiveRiskLimits(risk, new RiskLimitRepository(rest.db), nowUs, new RiskKillRepository(rest.db)), orderPath, journal, nowUs);
    await riskDesk.load();
    orders = new RestOrderDesk({ orderPath, engine, db: rest.db, nowUs });
    fix = await startHarness([sessionConfig({ account: 'A1', firm: 'F1' }), sessionConfig({ targetCompId: 'DROP', role: 'drop-copy' })], {
      orderEntry: new FixOrderEntry(orderPath, nowUs, (id) => risk.cancelsOnDisconnect(id)),
      orderPath,
      nowUs,
    });
    client = await connect('CLIENT1');
    dropCopy = await connect('DROP');
  });
  afterEach(async () => {
    gated.release();
    client.close();
    dropCopy.close();
    await fix.close();
    await journal.drained();
    await rest.close();
  });

  async function connect(compId: string): Promise<FixTestClient> {
    const c = await FixTestClient.connect(fix.port, { beginString: 'FIX.4.4', senderCompId: compId, targetCompId: GATEWAY });
    c.logon();
    await c.expect('A');
    return c;
  }

  const fixOrder = (id: string, side: '1' | '2', qty: string, price: string): [number, string | number][] => [[11, id], [55, 'ACME'], [54, side], [60, fixTime()], [38, qty], [40, '2'], [44, price]];
  const place = (auth: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse> => placeOrder(rest, auth, body, headers);

  it('places an order that rests, finds it again, replaces it and cancels it; every step journaled under the REST source', async () => {
    const trader = await rest.apiKey(['trader'], { accounts: ['A1'] });
    const placed = await place(trader, limit('A1', 'BUY', '10', '5.00', { clientOrderId: 'C1' }));
    expect(placed.statusCode, placed.body).to.equal(201);
    const order = placed.json<OrderBody>();
    expect(order).to.include({ clientOrderId: 'C1', account: 'A1', symbol: 'ACME', status: 'NEW', quantity: '10', price: '5.00', filledQty: '0', leavesQty: '10', avgPrice: '0' });
    expect(order.fills).to.deep.equal([]);

    const found = await rest.request('GET', `/api/v1/orders/${order.orderId}`, { auth: trader });
    expect(found.statusCode).to.equal(200);
    expect(found.json()).to.include({ orderId: order.orderId, status: 'NEW', leavesQty: '10' });

    const replaced = await rest.request('PUT', `/api/v1/orders/${order.orderId}`, { auth: trader, body: { quantity: '20', price: '5.10', clientOrderId: 'C1-R' } });
    expect(replaced.statusCode, replaced.body).to.equal(200);
    expect(replaced.json()).to.include({ orderId: order.orderId, clientOrderId: 'C1-R', origClientOrderId: 'C1', quantity: '20', price: '5.10', leavesQty: '20', status: 'NEW' });

    const cancelled = await rest.request('DELETE', `/api/v1/orders/${order.orderId}`, { auth: trader });
    expect(cancelled.statusCode, cancelled.body).to.equal(200);
    expect(cancelled.json()).to.include({ status: 'CANCELLED', leavesQty: '0', clientOrderId: 'C1-R' });
    expect(engine.liveOrderCount).to.equal(0);
    expect(errorOf(await rest.request('DELETE', `/api/v1/orders/${order.orderId}`, { auth: trader }))).to.deep.equal([409, 'GW_ERR_ORDER_ALREADY_DONE']);
    expect(errorOf(await rest.request('PUT', `/api/v1/orders/${order.orderId}`, { auth: trader, body: { quantity: '5' } }))).to.deep.equal([409, 'GW_ERR_ORDER_ALREADY_DONE']);
    expect((await rest.request('GET', `/api/v1/orders/${order.orderId}`, { auth: trader })).json()).to.include({ status: 'CANCELLED' });

    const rows = await rest.db.query<{ event_type: string; source: string }>('SELECT event_type, source FROM audit_event ORDER BY seq');
    expect(rows.rows.map((r) => r.event_type).filter((t) => t !== 'CMD')).to.deep.equal(['NEWO', 'REME', 'CAME']);
    expect(new Set(rows.rows.map((r) => r.source)).size).to.equal(1);
    expect(rows.rows[0]?.source).to.match(/^rest:apiKey:/);

    // The same statements kept the RTS 24 records: one per event, in the Annex's codes and the instrument's decimals.
    await new InstrumentRepository(rest.db).upsert({ symbol: 'ACME', isin: 'US0000000001', currency: 'USD', tickSize: '0.01', lotSize: '1', tradingStatus: 'open' });
    const rts24 = await rest.db.query<Record<string, string | boolean | null>>(
      'SELECT f09_event_time, f21_event, cl_ord_id, f32_buy_sell, f24_limit_price::text AS price, f36_initial_quantity::text AS qty, f37_remaining_quantity::text AS leaves, f10_validity_period, f33_order_status, f18_instrument_id, f29_price_currency, f07_trading_capacity FROM rts24_order_event ORDER BY seq',
    );
    expect(rts24.rows.map((r) => [r.f21_event, r.cl_ord_id, r.f32_buy_sell, r.price, r.qty, r.leaves, r.f10_validity_period, r.f33_order_status])).to.deep.equal([
      ['NEWO', 'C1', 'BUYI', '5.00', '10', '10', 'DAVY', 'ACTI'],
      ['REME', 'C1-R', 'BUYI', '5.10', '20', '20', 'DAVY', 'ACTI'],
      ['CAME', 'C1-R', 'BUYI', '5.10', '20', '0', 'DAVY', 'INAC'],
    ]);
    const newo = await rest.db.query<{ event_ts_us: string }>("SELECT event_ts_us FROM audit_event WHERE event_type = 'NEWO'");
    const us = BigInt(newo.rows[0]?.event_ts_us ?? '0');
    expect(rts24.rows[0]?.f09_event_time).to.equal(`${new Date(Number(us / 1000n)).toISOString().slice(0, 19)}.${String(us % 1_000_000n).padStart(6, '0')}Z`);
    expect([rts24.rows[0]?.f18_instrument_id, rts24.rows[0]?.f29_price_currency, rts24.rows[0]?.f07_trading_capacity]).to.deep.equal(['US0000000001', 'USD', 'DEAL']);
    const state = await rest.db.query<{ status: string; cl_ord_id: string; orig_cl_ord_id: string }>('SELECT status, cl_ord_id, orig_cl_ord_id FROM orders');
    expect(state.rows).to.deep.equal([{ status: 'CANCELLED', cl_ord_id: 'C1-R', orig_cl_ord_id: 'C1' }]);
  });

  it('answers only once the journal has committed the order (the durability barrier)', async () => {
    const trader = await rest.apiKey(['trader'], { accounts: ['A1'] });
    gated.hold();
    let answered = false;
    const pending = place(trader, limit('A1', 'BUY', '1', '5.00', { clientOrderId: 'HELD' })).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(engine.liveOrderCount, 'the engine has it').to.equal(1);
    expect(answered, 'but the client has not heard').to.equal(false);
    const repeat = await place(trader, limit('A1', 'BUY', '1', '5.00', { clientOrderId: 'HELD' }));
    expect(errorOf(repeat), 'a repeat of the id in flight').to.deep.equal([409, 'GW_ERR_ORDER_DUPLICATE_CLIENT_ID']);
    expect((await rest.db.query('SELECT 1 FROM audit_event')).rowCount).to.equal(0);
    gated.release();
    const response = await pending;
    expect(response.statusCode).to.equal(201);
    expect((await rest.db.query("SELECT 1 FROM audit_event WHERE event_type = 'NEWO'")).rowCount).to.equal(1);
  });

  it('while the journal does not commit, a new order gets 503 with the reason and is not run; it is taken once the journal is back', async () => {
    const trader = await rest.apiKey(['trader'], { accounts: ['A1'] });
    gated.hold();
    const first = place(trader, limit('A1', 'BUY', '1', '5.00', { clientOrderId: 'J1' }));
    for (let i = 0; i < 200 && engine.liveOrderCount === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
    expect(engine.liveOrderCount).to.equal(1);
    skewMs = 2_000;
    const refused = await place(trader, limit('A1', 'BUY', '1', '5.00', { clientOrderId: 'J2' }));
    expect(errorOf(refused)).to.deep.equal([503, 'GW_ERR_ORDER_JOURNAL_UNAVAILABLE']);
    expect(refused.json<{ message: string }>().message).to.match(/audit journal has not committed .* new orders are refused until it catches up/);
    expect(engine.liveOrderCount).to.equal(1);
    skewMs = 0;
    gated.release();
    expect((await first).statusCode).to.equal(201);
    const again = await place(trader, limit('A1', 'BUY', '1', '5.00', { clientOrderId: 'J2' }));
    expect(again.statusCode, again.body).to.equal(201);
  });

  it('fills against the book with exact decimal quantities and average price', async () => {
    const buyer = await rest.apiKey(['trader'], { accounts: ['A1'] });
    const seller = await rest.apiKey(['trader'], { accounts: ['A2'] });
    const xbt = (account: string, side: string, quantity: string, price: string) => ({ account, symbol: 'XBT', side, type: 'LIMIT', quantity, price });
    expect((await place(seller, xbt('A2', 'SELL', '0.003', '100.5'))).statusCode).to.equal(201);
    const resting = (await place(seller, xbt('A2', 'SELL', '0.004', '101'))).json<OrderBody>();
    const taken = await place(buyer, { ...xbt('A1', 'BUY', '0.005', '101'), timeInForce: 'IOC' });
    expect(taken.statusCode, taken.body).to.equal(201);
    const order = taken.json<OrderBody>();
    expect(order).to.include({ status: 'FILLED', filledQty: '0.005', leavesQty: '0.000', avgPrice: '100.70000' });
    expect(order.fills?.map((f) => [f.price, f.quantity, f.liquidity])).to.deep.equal([['100.5', '0.003', 'TAKER'], ['101.0', '0.002', 'TAKER']]);
    expect((await rest.request('GET', `/api/v1/orders/${resting.orderId}`, { auth: seller })).json()).to.include({ status: 'PARTIALLY_FILLED', filledQty: '0.002', leavesQty: '0.002', avgPrice: '101.00000' });
    const book = await rest.request('GET', '/api/v1/orderbook/XBT?depth=5', { auth: buyer });
    expect(book.json()).to.deep.equal({ symbol: 'XBT', bids: [], asks: [{ price: '101.0', quantity: '0.002', orders: 1 }] });
    expect(errorOf(await rest.request('GET', '/api/v1/orderbook/NOPE', { auth: buyer }))).to.deep.equal([404, 'GW_ERR_REST_NOT_FOUND']);
  });

  it('refuses bad input with a 400 and a stable code, never a crash', async () => {
    const trader = await rest.apiKey(['trader'], { accounts: ['A1'] });
    const refused = async (body: unknown): Promise<[number, string, number | undefined]> => {
      const response = await place(trader, body);
      const json = response.json<{ code: string; details: { rejectCode?: number } | null }>();
      return [response.statusCode, json.code, json.details?.rejectCode];
    };
    expect(await refused(limit('A1', 'BUY', '10', 5 as unknown as string))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION', undefined]);
    expect(await refused({ account: 'A1', symbol: 'ACME', side: 'BUY', type: 'LIMIT', price: '5.00' })).to.deep.equal([400, 'GW_ERR_REST_VALIDATION', undefined]);
    expect(await refused(limit('A1', 'buy' as 'BUY', '10', '5.00'))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION', undefined]);
    expect(await refused(limit('A1', 'BUY', '1e3', '5.00'))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION', undefined]);
    expect(await refused(limit('A1', 'BUY', '10', '5.00', { leverage: '10' }))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION', undefined]);
    expect(await refused(limit('A1', 'BUY', '10', '5.00', { mifid: { tradingCapacity: 'XXX' } }))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION', undefined]);
    expect(await refused(limit('A1', 'BUY', '10', '5.001'))).to.deep.equal([400, 'GW_ERR_ORDER_INVALID', 1006]);
    expect(await refused({ ...limit('A1', 'BUY', '10', '5.00'), symbol: 'NOPE' })).to.deep.equal([400, 'GW_ERR_ORDER_INVALID', 1001]);
    expect(await refused(limit('A1', 'BUY', '0', '5.00'))).to.deep.equal([400, 'GW_ERR_ORDER_INVALID', 1004]);
    expect(await refused(limit('A1', 'BUY', '1.5', '5.00'))).to.deep.equal([400, 'GW_ERR_ORDER_INVALID', 1007]);
    expect(await refused({ account: 'A1', symbol: 'ACME', side: 'BUY', type: 'LIMIT', quantity: '10' })).to.deep.equal([400, 'GW_ERR_ORDER_INVALID', 1015]);
    expect(await refused(limit('A1', 'BUY', '10', '5.00', { timeInForce: 'GTD' }))).to.deep.equal([400, 'GW_ERR_ORDER_INVALID', 1011]);
    expect(await refused(limit('A1', 'BUY', '10', '5.00', { expireTime: 'tomorrow' }))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION', undefined]);
    expect(await refused(limit('A1', 'BUY', '10', '5.00', { timeInForce: 'IOC', postOnly: true }))).to.deep.equal([400, 'GW_ERR_ORDER_INVALID', 1014]);
    expect(engine.liveOrderCount).to.equal(0);

    const malformed = await rest.request('POST', '/api/v1/orders', { auth: trader, body: '{"account":', headers: { 'content-type': 'application/json' } });
    expect(malformed.statusCode).to.equal(400);
    expect(errorOf(await rest.request('GET', '/api/v1/orders/abc', { auth: trader }))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION']);
    expect(errorOf(await rest.request('GET', '/api/v1/orders/999999', { auth: trader }))).to.deep.equal([404, 'GW_ERR_ORDER_NOT_FOUND']);
    expect(errorOf(await rest.request('DELETE', '/api/v1/orders/999999', { auth: trader }))).to.deep.equal([404, 'GW_ERR_ORDER_NOT_FOUND']);
    expect(errorOf(await rest.request('GET', '/api/v1/orders?limit=0', { auth: trader }))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION']);

    expect((await place(trader, limit('A1', 'BUY', '1', '5.00', { clientOrderId: 'DUP' }))).statusCode).to.equal(201);
    const duplicate = await place(trader, limit('A1', 'BUY', '1', '5.00', { clientOrderId: 'DUP' }));
    expect(errorOf(duplicate)).to.deep.equal([409, 'GW_ERR_ORDER_DUPLICATE_CLIENT_ID']);
  });

  it('400 seeded malformed order bodies: each gets its answer (201, or a 4xx with a GW_ERR code), never a 500, and the book stays sound', async () => {
    const trader = await rest.apiKey(['trader'], { accounts: ['A1'] });
    const random = mulberry32(20261206);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const odd: readonly unknown[] = [
      null, true, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, '', ' ', '1e3', '-5', '+5', '0', '0.000000000000000000001', '99999999999999999999999999',
      'NaN', 'Infinity', '５', '5.00.0', '00005.00', '5,00', '\u0000', 'é', 'x'.repeat(300), {}, [], ['5.00'], { value: '5' },
      'BUY', 'SELL', 'LIMIT', 'MARKET', 'STOP', 'STOP_LIMIT', 'IOC', 'FOK', 'GTD', 'DAY', 'GTC', '2030-01-02T09:00:00Z', '1999-01-01T00:00:00Z', 'A1', 'B1', 'ACME',
    ];
    const fields = ['account', 'symbol', 'side', 'type', 'quantity', 'price', 'stopPrice', 'timeInForce', 'expireTime', 'postOnly', 'displayQty', 'minQty', 'selfTradePrevention', 'clientOrderId', 'mifid', 'unknownField'];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 400; i += 1) {
      const body: Record<string, unknown> = { ...limit('A1', random() < 0.5 ? 'BUY' : 'SELL', String(1 + Math.floor(random() * 5)), `${4 + Math.floor(random() * 3)}.0${Math.floor(random() * 10)}`) };
      for (let m = 1 + Math.floor(random() * 3); m > 0; m -= 1) {
        const field = pick(fields);
        if (random() < 0.2) delete body[field];
        else body[field] = field === 'mifid' ? { tradingCapacity: pick(odd), clientId: pick(odd) } : pick(odd);
      }
      const answer = await place(trader, body);
      statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
      expect(answer.statusCode, `${JSON.stringify(body)} -> ${answer.body}`).to.be.oneOf([201, 400, 403, 404, 409, 422]);
      if (answer.statusCode !== 201) expect(answer.json<{ code: string }>().code, answer.body).to.match(/^GW_ERR_[A-Z_]+$/);
    }
    // Both ways are exercised: orders placed and bodies refused.
    expect(statuses.get(201) ?? 0).to.be.greaterThan(10);
    expect(statuses.get(400) ?? 0).to.be.greaterThan(100);
    expect(engine.checkInvariants()).to.deep.equal([]);
  });

  it('keeps other accounts\' orders out of reach, and replace or cancel by id to the client that placed the order', async () => {
    const a1 = await rest.apiKey(['trader'], { accounts: ['A1'] });
    const a1Other = await rest.apiKey(['trader'], { accounts: ['A1'] });
    const b1 = await rest.apiKey(['trader'], { accounts: ['B1'] });
    const viewer = await rest.apiKey(['viewer'], { accounts: ['A1'] });
    const order = (await place(a1, limit('A1', 'BUY', '10', '5.00'))).json<OrderBody>();

    expect(errorOf(await place(a1, limit('B1', 'BUY', '10', '5.00')))).to.deep.equal([403, 'GW_ERR_AUTH_ACCOUNT_FORBIDDEN']);
    expect(errorOf(await rest.request('GET', `/api/v1/orders/${order.orderId}`, { auth: b1 }))).to.deep.equal([404, 'GW_ERR_ORDER_NOT_FOUND']);
    expect(errorOf(await rest.request('DELETE', `/api/v1/orders/${order.orderId}`, { auth: b1 }))).to.deep.equal([404, 'GW_ERR_ORDER_NOT_FOUND']);
    expect(errorOf(await rest.request('PUT', `/api/v1/orders/${order.orderId}`, { auth: b1, body: { quantity: '1' } }))).to.deep.equal([404, 'GW_ERR_ORDER_NOT_FOUND']);
    expect((await rest.request('GET', '/api/v1/orders', { auth: b1 })).json()).to.deep.equal({ orders: [], nextCursor: null });
    expect(errorOf(await rest.request('GET', '/api/v1/orders?account=A1', { auth: b1 }))).to.deep.equal([403, 'GW_ERR_AUTH_ACCOUNT_FORBIDDEN']);
    expect(errorOf(await rest.request('DELETE', '/api/v1/orders?account=A1', { auth: b1 }))).to.deep.equal([403, 'GW_ERR_AUTH_ACCOUNT_FORBIDDEN']);

    expect(errorOf(await rest.request('DELETE', `/api/v1/orders/${order.orderId}`, { auth: a1Other }))).to.deep.equal([403, 'GW_ERR_ORDER_NOT_OWNER']);
    expect((await rest.request('GET', `/api/v1/orders/${order.orderId}`, { auth: viewer })).statusCode).to.equal(200);
    expect(errorOf(await place(viewer, limit('A1', 'BUY', '10', '5.00')))).to.deep.equal([403, 'GW_ERR_AUTH_FORBIDDEN']);
    expect(errorOf(await rest.request('DELETE', `/api/v1/orders/${order.orderId}`, { auth: viewer }))).to.deep.equal([403, 'GW_ERR_AUTH_FORBIDDEN']);
    expect(engine.liveOrderCount).to.equal(1);
  });

  it('lists with filters and cursor pages, and mass-cancels by account, symbol and side', async () => {
    const trader = await rest.apiKey(['trader'], { accounts: ['A1', 'A2'] });
    const risk = await rest.apiKey(['risk']);
    for (const [account, side, price] of [['A1', 'BUY', '4.00'], ['A1', 'BUY', '4.01'], ['A1', 'SELL', '6.00'], ['A2', 'BUY', '4.02'], ['A2', 'SELL', '6.01']] as const) {
      const placed = await place(trader, limit(account, side, '1', price));
      expect(placed.statusCode, placed.body).to.equal(201);
    }
    const first = (await rest.request('GET', '/api/v1/orders?limit=2', { auth: trader })).json<{ orders: OrderBody[]; nextCursor: string | null }>();
    expect(first.orders.map((o) => o.price)).to.deep.equal(['4.00', '4.01']);
    const second = (await rest.request('GET', `/api/v1/orders?limit=2&cursor=${first.nextCursor ?? ''}`, { auth: trader })).json<{ orders: OrderBody[]; nextCursor: string | null }>();
    expect(second.orders.map((o) => o.price)).to.deep.equal(['6.00', '4.02']);
    const third = (await rest.request('GET', `/api/v1/orders?limit=2&cursor=${second.nextCursor ?? ''}`, { auth: trader })).json<{ orders: OrderBody[]; nextCursor: string | null }>();
    expect([third.orders.map((o) => o.price), third.nextCursor]).to.deep.equal([['6.01'], null]);
    expect((await rest.request('GET', '/api/v1/orders?account=A2', { auth: trader })).json<{ orders: OrderBody[] }>().orders).to.have.length(2);

    expect(errorOf(await rest.request('DELETE', '/api/v1/orders', { auth: risk }))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION']);
    const buys = await rest.request('DELETE', '/api/v1/orders?account=A1&side=BUY', { auth: trader });
    expect(buys.statusCode, buys.body).to.equal(200);
    expect(buys.json<{ cancelled: number }>().cancelled).to.equal(2);
    const open = (await rest.request('GET', '/api/v1/orders?open=true', { auth: trader })).json<{ orders: OrderBody[] }>();
    expect(open.orders.map((o) => o.price)).to.deep.equal(['6.00', '4.02', '6.01']);
    const cancelledOnes = (await rest.request('GET', '/api/v1/orders?status=CANCELLED&account=A1', { auth: trader })).json<{ orders: OrderBody[] }>();
    expect(cancelledOnes.orders.map((o) => o.price)).to.deep.equal(['4.00', '4.01']);
    const everything = await rest.request('DELETE', '/api/v1/orders', { auth: trader });
    expect(everything.json<{ cancelled: number }>().cancelled).to.equal(3);
    expect(engine.liveOrderCount).to.equal(0);
  });

  it('refuses an order that breaks a risk limit with a 422, the RejectCode and risk\'s text, journaled as a risk reject', async () => {
    const riskKey = await rest.apiKey(['risk']);
    const trader = await rest.apiKey(['trader'], { accounts: ['A1'] });
    expect((await rest.request('PUT', '/api/v1/risk/limits/account/A1', { auth: riskKey, body: { maxOrderQty: '5' } })).statusCode).to.equal(200);
    const refused = await place(trader, limit('A1', 'BUY', '6', '5.00', { clientOrderId: 'BIG' }));
    expect(refused.statusCode).to.equal(422);
    expect(refused.json()).to.deep.equal({
      code: 'GW_ERR_ORDER_RISK_REJECTED',
      message: 'max order quantity 5 exceeded for account A1 (order 6)',
      details: { rejectCode: 2001, rejectReason: 'MaxOrderQuantityExceeded', text: 'max order quantity 5 exceeded for account A1 (order 6)', clientOrderId: 'BIG', orderId: null, status: 'REJECTED' },
    });
    expect((await place(trader, limit('A1', 'BUY', '5', '5.00'))).statusCode).to.equal(201);
    const rows = await rest.db.query<{ event_type: string }>('SELECT event_type FROM audit_event ORDER BY seq');
    expect(rows.rows.map((r) => r.event_type)).to.include('RISK_REJECT');
  });

  it('a queueing throttle on the REST source holds a burst and answers each order once it is paced through and durable', async () => {
    const riskKey = await rest.apiKey(['risk']);
    const trader = await rest.apiKey(['trader'], { accounts: ['A1'] });
    const source = `rest:apiKey:${/^ApiKey ([^.]+)\./.exec(trader)?.[1] ?? ''}`;
    const set = await rest.request('PUT', `/api/v1/risk/limits/session/${encodeURIComponent(source)}`, { auth: riskKey, body: { maxMessagesPerSecond: 2, throttleMode: 'queue', maxQueueDelayMs: 5_000 } });
    expect(set.statusCode, set.body).to.equal(200);
    const ids = ['Q1', 'Q2', 'Q3', 'Q4'];
    const pending = Promise.all(ids.map((id) => place(trader, limit('A1', 'BUY', '1', '5.00', { clientOrderId: id }))));
    const deadline = Date.now() + 3_000;
    while (orderPath.heldCount(source) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(orderPath.heldCount(source), 'held by the throttle').to.be.greaterThan(0);
    const answers = await pending;
    expect(answers.map((a) => [a.statusCode, a.json<OrderBody>().clientOrderId])).to.deep.equal(ids.map((id) => [201, id]));
    expect(engine.liveOrderCount).to.equal(4);
  });

  it('kill switch: cancels the open orders of FIX and REST alike, refuses new ones from both, and release lets both trade again', async () => {
    const riskKey = await rest.apiKey(['risk']);
    const trader = await rest.apiKey(['trader'], { accounts: ['A1'] });
    client.send('D', fixOrder('F1', '1', '10', '5.00'));
    expect((await client.expect('8')).get(150)).to.equal('0');
    const restOrder = (await place(trader, limit('A1', 'BUY', '10', '4.99'))).json<OrderBody>();
    expect(engine.liveOrderCount).to.equal(2);

    const kill = await rest.request('POST', '/api/v1/risk/kill', { auth: riskKey, body: { scope: 'account', id: 'A1', reason: 'test' } });
    expect(kill.json()).to.deep.equal({ cancelled: 2 });
    const cancelled = await client.expect('8');
    expect([cancelled.get(150), cancelled.get(11)]).to.deep.equal(['4', 'F1']);
    await journal.drained();
    expect((await rest.request('GET', `/api/v1/orders/${restOrder.orderId}`, { auth: trader })).json()).to.include({ status: 'CANCELLED' });

    client.send('D', fixOrder('F2', '1', '10', '5.00'));
    expect((await client.expect('8')).get(150)).to.equal('8');
    const refused = await place(trader, limit('A1', 'BUY', '10', '4.99'));
    expect(errorOf(refused)).to.deep.equal([422, 'GW_ERR_ORDER_RISK_REJECTED']);
    expect(refused.json<{ details: { rejectCode: number } }>().details.rejectCode).to.equal(2013);

    expect((await rest.request('POST', '/api/v1/risk/release', { auth: riskKey, body: { scope: 'account', id: 'A1' } })).statusCode).to.equal(200);
    client.send('D', fixOrder('F3', '1', '10', '5.00'));
    expect((await client.expect('8')).get(150)).to.equal('0');
    expect((await place(trader, limit('A1', 'BUY', '10', '4.99'))).statusCode).to.equal(201);
  });

  it('a REST order that crosses a FIX order: the FIX client gets its fill, and the drop copy sees the REST order', async () => {
    const trader = await rest.apiKey(['trader'], { accounts: ['A2'] });
    client.send('D', fixOrder('S1', '2', '10', '5.00'));
    expect((await client.expect('8')).get(150)).to.equal('0');
    expect((await dropCopy.expect('8')).get(11)).to.equal('S1');

    const taken = await place(trader, limit('A2', 'BUY', '4', '5.00', { clientOrderId: 'RB1' }));
    expect(taken.statusCode, taken.body).to.equal(201);
    expect(taken.json()).to.include({ status: 'FILLED', filledQty: '4', avgPrice: '5.000000' });
    const fill = await client.expect('8');
    expect([fill.get(150), fill.get(39), fill.get(11), fill.get(32), fill.get(31), fill.get(151)]).to.deep.equal(['F', '1', 'S1', '4', '5.00', '6']);

    const copies = [await dropCopy.expect('8'), await dropCopy.expect('8'), await dropCopy.expect('8')];
    expect(copies.map((m) => m.get(11)).sort()).to.deep.equal(['RB1', 'RB1', 'S1']);
    expect(copies.every((m) => m.get(797) === 'Y')).to.equal(true);
  });
});
