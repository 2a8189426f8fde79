import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { DEFAULT_JOURNAL_OPTIONS, JournalWriter, PostgresJournalStore } from '../../../db';
import { MatchingEngine } from '../../../engine';
import { defineInstrument } from '../../../engine/model';
import { JournalBarrier, OrderPath, timerPacing } from '../../../gateway/order-path';
import { orderRoutes, RestOrderDesk } from '../../../gateway/rest';
import { PreTradeRisk } from '../../../risk';
import { databaseBackends } from '../../support/databases';
import { openHarness, type RestHarness } from './rest-harness';
import { GatedStore } from '../../support/gated-journal-store';
import { errorOf, late, limit, placeOrder, type OrderBody } from './rest-order-support';

const backends = databaseBackends();
/** The real Postgres server when DATABASE_URL is set, else the embedded one. */
const backend = backends.find((b) => b.name === 'postgres') ?? backends[0];
const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' });

describe('REST orders with an Idempotency-Key: a repeat gets the first answer and the order is placed once', function () {
  this.timeout(30_000);
  let rest: RestHarness;
  let engine: MatchingEngine;
  let gated: GatedStore;
  let journal: JournalWriter;
  let orders: RestOrderDesk;
  const nowUs = (): bigint => BigInt(Date.now()) * 1000n;

  beforeEach(async () => {
    if (backend === undefined) throw new Error('no database backend');
    // The routes mount before the desk exists (it needs the harness's database): they reach it through a proxy.
    rest = await openHarness(backend, { routes: [orderRoutes(late(() => orders))] });
    engine = new MatchingEngine([ACME]);
    gated = new GatedStore(new PostgresJournalStore(rest.db));
    journal = await JournalWriter.open(gated, 1, DEFAULT_JOURNAL_OPTIONS);
    const orderPath = new OrderPath(engine, new PreTradeRisk(engine), new JournalBarrier(journal), 1, timerPacing(nowUs));
    orders = new RestOrderDesk({ orderPath, engine, db: rest.db, nowUs });
  });
  afterEach(async () => {
    gated.release();
    await journal.drained();
    await rest.close();
  });

  const place = (auth: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse> => placeOrder(rest, auth, body, headers);

  it('returns the first answer for a repeated Idempotency-Key and places the order once', async () => {
    const trader = await rest.apiKey(['trader'], { accounts: ['A1'] });
    const headers = { 'idempotency-key': 'order-0001' };
    const first = await place(trader, limit('A1', 'BUY', '3', '5.00'), headers);
    const again = await place(trader, limit('A1', 'BUY', '3', '5.00'), headers);
    expect([first.statusCode, again.statusCode]).to.deep.equal([201, 201]);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.json()).to.deep.equal(first.json());
    expect(engine.liveOrderCount).to.equal(1);
    expect(errorOf(await place(trader, limit('A1', 'BUY', '4', '5.00'), headers))).to.deep.equal([422, 'GW_ERR_REST_IDEMPOTENCY_MISMATCH']);
  });

  it('refuses a repeat while the first request with the key is still running (409), and answers it once the first is', async () => {
    const trader = await rest.apiKey(['trader'], { accounts: ['A1'] });
    const headers = { 'idempotency-key': 'order-held' };
    gated.hold();
    const first = place(trader, limit('A1', 'BUY', '3', '5.00'), headers);
    // The first is claimed and waits for its journal commit.
    while (engine.liveOrderCount === 0) await new Promise((r) => setTimeout(r, 5));
    expect(errorOf(await place(trader, limit('A1', 'BUY', '3', '5.00'), headers))).to.deep.equal([409, 'GW_ERR_REST_IDEMPOTENCY_IN_PROGRESS']);
    gated.release();
    const answered = await first;
    expect(answered.statusCode).to.equal(201);
    const again = await place(trader, limit('A1', 'BUY', '3', '5.00'), headers);
    expect([again.statusCode, again.headers['idempotent-replayed'], again.json<OrderBody>().orderId]).to.deep.equal([201, 'true', answered.json<OrderBody>().orderId]);
    expect(engine.liveOrderCount).to.equal(1);
  });

  it('an order placed whose answer could not be stored: the repeat finds that order (placed once) and stores the answer', async () => {
    const trader = await rest.apiKey(['trader'], { accounts: ['A1'] });
    const headers = { 'idempotency-key': 'order-unstored' };
    // The database refuses to store answers for a while (a fault of the database, not of the gateway's code).
    await rest.db.query(`CREATE FUNCTION refuse_answer() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.status_code IS NOT NULL THEN RAISE EXCEPTION 'answers refused for the test'; END IF; RETURN NEW; END; $$`);
    await rest.db.query('CREATE TRIGGER refuse_answer BEFORE UPDATE ON idempotency_key FOR EACH ROW EXECUTE FUNCTION refuse_answer()');
    // An offer of 2 for the keyed bid of 3 to trade with on arrival.
    expect((await place(trader, limit('A1', 'SELL', '2', '5.00'))).statusCode).to.equal(201);
    const first = await place(trader, limit('A1', 'BUY', '3', '5.00'), headers);
    expect(first.statusCode).to.equal(500);
    expect(engine.liveOrderCount, 'the order was placed (and traded) before its answer failed').to.equal(1);
    await rest.db.query('DROP TRIGGER refuse_answer ON idempotency_key');

    // Nothing of the first attempt is running: a repeat is not "still running" but answered with the order, and
    // with the fill it made on arrival, as the first answer would have been. Of two repeats at once, one takes the
    // claim over; the other is told it is in progress, or gets the answer the first stored.
    const repeats = await Promise.all([place(trader, limit('A1', 'BUY', '3', '5.00'), headers), place(trader, limit('A1', 'BUY', '3', '5.00'), headers)]);
    const again = repeats.find((r) => r.statusCode === 201);
    if (again === undefined) throw new Error(`no repeat answered: ${repeats.map((r) => r.body).join(' / ')}`);
    const other = repeats.find((r) => r !== again);
    expect(other?.statusCode === 201 ? 'answered' : errorOf(other as LightMyRequestResponse)[1]).to.be.oneOf(['answered', 'GW_ERR_REST_IDEMPOTENCY_IN_PROGRESS']);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    const order = again.json<OrderBody>();
    expect(order).to.deep.include({ account: 'A1', symbol: 'ACME', status: 'PARTIALLY_FILLED', quantity: '3', price: '5.00', filledQty: '2', leavesQty: '1', avgPrice: '5.000000' });
    expect(order.clientOrderId).to.match(/^I[0-9a-f]{20}$/);
    expect(order.fills?.map((f) => [f.price, f.quantity, f.liquidity])).to.deep.equal([['5.00', '2', 'TAKER']]);
    const journaled = await rest.db.query<{ trade_id: string }>('SELECT trade_id::text FROM execution WHERE order_id = $1', [order.orderId]);
    expect(order.fills?.map((f) => f.tradeId)).to.deep.equal(journaled.rows.map((r) => r.trade_id));
    expect(engine.liveOrderCount).to.equal(1);
    const third = await place(trader, limit('A1', 'BUY', '3', '5.00'), headers);
    expect([third.statusCode, third.headers['idempotent-replayed'], third.json<OrderBody>()]).to.deep.equal([201, 'true', order]);
    expect(engine.liveOrderCount).to.equal(1);
  });
});
