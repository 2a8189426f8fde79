import { expect } from 'chai';
import { type Database, RiskKillRepository, RiskLimitRepository, RiskReferencePriceRepository } from '../../../db';
import { MatchingEngine } from '../../../engine';
import { defineInstrument } from '../../../engine/model';
import { sessionIdOf } from '../../../gateway/fix/session/session-config';
import { FixOrderEntry } from '../../../gateway/fix/translate';
import { OrderPath, RiskDesk, timerPacing } from '../../../gateway/order-path';
import { riskRoutes } from '../../../gateway/rest/routes/risk-routes';
import { LiveRiskLimits, PreTradeRisk } from '../../../risk';
import { databaseBackends } from '../../support/databases';
import { GATEWAY, sessionConfig, startHarness, type Harness } from '../../support/fix-harness';
import { FixTestClient, fixTime } from '../../support/fix-test-client';
import { openHarness, type RestHarness } from './rest-harness';

const [backend] = databaseBackends();
const SESSION = sessionIdOf(sessionConfig());
const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' });

async function eventually(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The desk of a process over the database: limits, kill switches and reference prices from their stores. */
function deskOver(db: Database, risk: PreTradeRisk, orderPath: OrderPath, nowUs: () => bigint): RiskDesk {
  return new RiskDesk(risk, new LiveRiskLimits(risk, new RiskLimitRepository(db), nowUs, new RiskKillRepository(db), new RiskReferencePriceRepository(db)), orderPath, null, nowUs);
}

describe('REST: kill switch and live limits, stored and audited, seen on a FIX session', function () {
  this.timeout(30_000);
  let fix: Harness;
  let rest: RestHarness;
  let client: FixTestClient;
  let engine: MatchingEngine;
  let risk: PreTradeRisk;
  let orderPath: OrderPath;
  let desk: RiskDesk;
  const nowUs = (): bigint => BigInt(Date.now()) * 1000n;

  beforeEach(async () => {
    if (backend === undefined) throw new Error('no database backend');
    // The routes mount before the desk exists (it needs the harness's database): they reach it through this proxy.
    const current = new Proxy({} as RiskDesk, { get: (_target, name) => Reflect.get(desk, name, desk) as unknown });
    rest = await openHarness(backend, { routes: [riskRoutes(current)] });
    engine = new MatchingEngine([ACME]);
    risk = new PreTradeRisk(engine);
    orderPath = new OrderPath(engine, risk, null, 1, timerPacing(nowUs));
    desk = deskOver(rest.db, risk, orderPath, nowUs);
    await desk.load();
    fix = await startHarness([sessionConfig({ account: 'A1', firm: 'F1' })], { orderEntry: new FixOrderEntry(orderPath, nowUs, (id) => risk.cancelsOnDisconnect(id)), orderPath, nowUs });
    client = await connect();
  });
  afterEach(async () => {
    client.close();
    await fix.close();
    await rest.close();
  });

  async function connect(): Promise<FixTestClient> {
    const c = await FixTestClient.connect(fix.port, { beginString: 'FIX.4.4', senderCompId: 'CLIENT1', targetCompId: GATEWAY });
    c.logon();
    await c.expect('A');
    return c;
  }

  const order = (id: string, qty = '10', price = '5.00'): [number, string | number][] => [[11, id], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, qty], [40, '2'], [44, price]];

  it('kill cancels the account\'s resting orders and refuses new ones until a risk officer releases it; both stored with who and why', async () => {
    const riskKey = await rest.apiKey(['risk']);
    const traderKey = await rest.apiKey(['trader'], { accounts: ['A1'] });
    client.send('D', order('R1'));
    expect((await client.expect('8')).get(150)).to.equal('0');

    expect((await rest.request('POST', '/api/v1/risk/kill', { auth: traderKey, body: { scope: 'account', id: 'A1' } })).statusCode).to.equal(403);
    const kill = await rest.request('POST', '/api/v1/risk/kill', { auth: riskKey, body: { scope: 'account', id: 'A1', reason: 'runaway algo' } });
    expect(kill.statusCode, kill.body).to.equal(200);
    expect(kill.json()).to.deep.equal({ cancelled: 1 });
    const cancelled = await client.expect('8');
    expect([cancelled.get(150), cancelled.get(11)]).to.deep.equal(['4', 'R1']);

    client.send('D', order('R2'));
    const refused = await client.expect('8');
    expect([refused.get(150), refused.get(103)]).to.deep.equal(['8', '0']);
    expect(refused.get(58)).to.match(/kill switch active for account A1/);

    expect((await rest.request('POST', '/api/v1/risk/release', { auth: riskKey, body: { scope: 'account', id: 'A1' } })).statusCode).to.equal(200);
    const again = await rest.request('POST', '/api/v1/risk/release', { auth: riskKey, body: { scope: 'account', id: 'A1' } });
    expect([again.statusCode, again.json().code]).to.deep.equal([409, 'GW_ERR_RISK_NOT_ENGAGED']);
    client.send('D', order('R3'));
    expect((await client.expect('8')).get(150)).to.equal('0');

    const stored = await rest.db.query<{ action: string; scope: string; scope_id: string; actor: string; reason: string | null }>('SELECT action, scope, scope_id, actor, reason FROM risk_kill_event ORDER BY event_id');
    expect(stored.rows).to.have.length(2);
    expect(stored.rows.map((r) => [r.action, r.scope, r.scope_id, r.reason])).to.deep.equal([['KILL', 'account', 'A1', 'runaway algo'], ['RELEASE', 'account', 'A1', null]]);
    expect(stored.rows[0]?.actor).to.be.a('string').and.not.equal('unknown');
  });

  it('a kill switch engaged before a restart is engaged after it', async () => {
    const riskKey = await rest.apiKey(['risk']);
    expect((await rest.request('POST', '/api/v1/risk/kill', { auth: riskKey, body: { scope: 'global' } })).statusCode).to.equal(200);
    const restarted = new PreTradeRisk(engine);
    const restartedPath = new OrderPath(new MatchingEngine([ACME]), restarted);
    await deskOver(rest.db, restarted, restartedPath, nowUs).load();
    expect(restarted.isKilled({ scope: 'global' })).to.equal(true);
  });

  it('a limit set over REST is stored with who and why and in force for the next FIX order; a bad one is refused with its code', async () => {
    const riskKey = await rest.apiKey(['risk']);
    const set = await rest.request('PUT', '/api/v1/risk/limits/account/A1?reason=intraday%20cut', { auth: riskKey, body: { maxOrderQty: '5' } });
    expect(set.statusCode, set.body).to.equal(200);
    expect((await rest.request('GET', '/api/v1/risk/limits/account/A1', { auth: riskKey })).json()).to.deep.equal({ maxOrderQty: '5' });
    // The list of every limit in force names each level, and the instrument of a per-instrument one.
    const perSymbol = await rest.request('PUT', '/api/v1/risk/limits/account/A1?symbol=ACME', { auth: riskKey, body: { maxOrderNotional: '1000' } });
    expect(perSymbol.statusCode, perSymbol.body).to.equal(200);
    const listed = (await rest.request('GET', '/api/v1/risk/limits', { auth: riskKey })).json() as { scope: string; id: string; symbol?: string }[];
    expect(listed.filter((l) => l.scope === 'account' && l.id === 'A1')).to.deep.equal([
      { scope: 'account', id: 'A1', limits: { maxOrderQty: '5' } },
      { scope: 'account', id: 'A1', symbol: 'ACME', limits: { maxOrderNotional: '1000' } },
    ]);
    expect((await rest.request('DELETE', '/api/v1/risk/limits/account/A1?symbol=ACME', { auth: riskKey })).statusCode).to.equal(204);
    client.send('D', order('L1', '6'));
    const refused = await client.expect('8');
    expect([refused.get(150), refused.get(103), refused.get(58)]).to.deep.equal(['8', '3', 'max order quantity 5 exceeded for account A1 (order 6)']);
    const history = await new RiskLimitRepository(rest.db).history('account', 'A1');
    // Every change is audited: the per-instrument limit's setting and its removal too.
    expect(history.map((h) => [h.newLimits, h.reason])).to.deep.equal([[{ maxOrderQty: '5' }, 'intraday cut'], [{ maxOrderNotional: '1000' }, null], [null, null]]);

    const numeric = await rest.request('PUT', '/api/v1/risk/limits/account/A1', { auth: riskKey, body: { maxOrderQty: 5 } });
    expect([numeric.statusCode, numeric.json().code]).to.deep.equal([400, 'GW_ERR_REST_VALIDATION']);
    const negative = await rest.request('PUT', '/api/v1/risk/limits/account/A1', { auth: riskKey, body: { maxOpenOrders: 0 } });
    expect([negative.statusCode, negative.json().code]).to.deep.equal([400, 'GW_ERR_RISK_INVALID_LIMIT']);
    expect(negative.json().message).to.match(/maxOpenOrders must be a positive integer/);

    const removed = await rest.request('DELETE', '/api/v1/risk/limits/account/A1', { auth: riskKey });
    expect(removed.statusCode).to.equal(204);
    client.send('D', order('L2', '6'));
    expect((await client.expect('8')).get(150)).to.equal('0');
    expect((await rest.request('GET', '/api/v1/risk/limits/account/A1', { auth: riskKey })).statusCode).to.equal(404);
  });

  it('an external reference price set over REST is stored with who and why and collars the next FIX order; withdrawn, the collar refuses again; bad ones are refused with their codes', async () => {
    const riskKey = await rest.apiKey(['risk']);
    const traderKey = await rest.apiKey(['trader'], { accounts: ['A1'] });
    expect((await rest.request('PUT', '/api/v1/risk/limits/account/A1', { auth: riskKey, body: { priceCollarPercent: 5, collarReference: 'external' } })).statusCode).to.equal(200);
    // No reference yet: a collar around one refuses rather than letting every price through.
    client.send('D', order('X1', '10', '5.00'));
    const missing = await client.expect('8');
    expect([missing.get(150), missing.get(58)]).to.deep.equal(['8', 'no external reference price for ACME to apply the price collar of account A1']);

    expect((await rest.request('PUT', '/api/v1/risk/reference-prices/ACME', { auth: traderKey, body: { price: '5.00' } })).statusCode).to.equal(403);
    const set = await rest.request('PUT', '/api/v1/risk/reference-prices/ACME', { auth: riskKey, body: { price: '5.00', reason: 'primary market close' } });
    expect(set.statusCode, set.body).to.equal(200);
    const body = set.json() as { symbol: string; price: string; setBy: string; setAt: string; reason: string };
    expect([body.symbol, body.price, body.reason]).to.deep.equal(['ACME', '5.00', 'primary market close']);
    expect(body.setBy).to.be.a('string').and.not.equal('unknown');
    expect((await rest.request('GET', '/api/v1/risk/reference-prices', { auth: riskKey })).json()).to.deep.equal([body]);

    client.send('D', order('X2', '10', '5.26'));
    const outside = await client.expect('8');
    expect([outside.get(150), outside.get(58)]).to.deep.equal(['8', 'price 5.26 outside the 5% collar around 5.00 (external) for account A1']);
    client.send('D', order('X3', '10', '5.25'));
    expect((await client.expect('8')).get(150)).to.equal('0');

    for (const [price, code] of [['5.001', 'GW_ERR_RISK_INVALID_REFERENCE'], ['0', 'GW_ERR_RISK_INVALID_REFERENCE'], ['-1', 'GW_ERR_REST_VALIDATION']] as const) {
      const bad = await rest.request('PUT', '/api/v1/risk/reference-prices/ACME', { auth: riskKey, body: { price } });
      expect([price, bad.statusCode, bad.json().code]).to.deep.equal([price, 400, code]);
    }
    const unknown = await rest.request('PUT', '/api/v1/risk/reference-prices/NOPE', { auth: riskKey, body: { price: '1.00' } });
    expect([unknown.statusCode, unknown.json().message]).to.deep.equal([400, 'unknown instrument NOPE']);
    expect(risk.referencePriceTicks('ACME')).to.equal(500);

    expect((await rest.request('DELETE', '/api/v1/risk/reference-prices/ACME?reason=stale', { auth: riskKey })).statusCode).to.equal(204);
    expect((await rest.request('DELETE', '/api/v1/risk/reference-prices/ACME', { auth: riskKey })).statusCode).to.equal(404);
    expect((await rest.request('GET', '/api/v1/risk/reference-prices', { auth: riskKey })).json()).to.deep.equal([]);
    client.send('D', order('X4', '10', '5.00'));
    expect((await client.expect('8')).get(58)).to.equal('no external reference price for ACME to apply the price collar of account A1');

    const history = (await rest.db.query<{ price: string | null; reason: string | null }>("SELECT price::text AS price, reason FROM risk_reference_price_event WHERE symbol = 'ACME' ORDER BY event_id DESC")).rows;
    expect(history.map((h) => [h.price, h.reason])).to.deep.equal([[null, 'stale'], ['5.00', 'primary market close']]);
  });

  it('a reference price stored before a restart is in force after it, and one stored by another process (the CLI) once the desk refreshes', async () => {
    const riskKey = await rest.apiKey(['risk']);
    expect((await rest.request('PUT', '/api/v1/risk/reference-prices/ACME', { auth: riskKey, body: { price: '5.10' } })).statusCode).to.equal(200);
    const restarted = new PreTradeRisk(engine);
    const restartedDesk = deskOver(rest.db, restarted, new OrderPath(new MatchingEngine([ACME]), restarted), nowUs);
    await restartedDesk.load();
    expect(restarted.referencePriceTicks('ACME')).to.equal(510);
    // Positions are marked at the reference rather than at the last trade.
    expect(restarted.markPriceTicks('ACME')).to.equal(510);
    await new RiskReferencePriceRepository(rest.db).record('ACME', '4.90', 'ro-cli', null);
    await restartedDesk.refresh();
    expect(restarted.referencePriceTicks('ACME')).to.equal(490);
    expect(restartedDesk.referencePrices().map((r) => [r.symbol, r.price, r.actor])).to.deep.equal([['ACME', '4.90', 'ro-cli']]);
  });

  it('referenceMaxAgeMs: a reference stored two minutes ago is too old for a one-minute limit and the collar refuses; a fresh one set over REST lets the order through', async () => {
    const riskKey = await rest.apiKey(['risk']);
    const limits = { priceCollarPercent: 5, collarReference: 'external', referenceMaxAgeMs: 60_000 };
    expect((await rest.request('PUT', '/api/v1/risk/limits/account/A1', { auth: riskKey, body: limits })).statusCode).to.equal(200);
    expect((await rest.request('GET', '/api/v1/risk/limits/account/A1', { auth: riskKey })).json()).to.deep.equal(limits);
    // Stored by a feed (or the CLI) two minutes ago.
    await rest.db.query("INSERT INTO risk_reference_price_event (symbol, price, actor, at) VALUES ('ACME', 5.00, 'feed', clock_timestamp() - interval '2 minutes')");
    await desk.refresh();
    client.send('D', order('AG1', '10', '5.00'));
    const stale = await client.expect('8');
    expect(stale.get(150)).to.equal('8');
    expect(stale.get(58)).to.match(/^the external reference price of ACME is 1[12]\d{4} ms old, over the 60000 ms its price collar allows for account A1$/);
    expect((await rest.request('PUT', '/api/v1/risk/reference-prices/ACME', { auth: riskKey, body: { price: '5.00' } })).statusCode).to.equal(200);
    client.send('D', order('AG2', '10', '5.00'));
    expect((await client.expect('8')).get(150)).to.equal('0');
  });

  it('a session latched by the duplicate-order control is listed, refuses orders, and takes them again once a risk officer releases it', async () => {
    const riskKey = await rest.apiKey(['risk']);
    const traderKey = await rest.apiKey(['trader'], { accounts: ['A1'] });
    const set = await rest.request('PUT', `/api/v1/risk/limits/session/${encodeURIComponent(SESSION)}`, { auth: riskKey, body: { duplicateMaxRepeats: 2, duplicateWindowMs: 60_000 } });
    expect(set.statusCode, set.body).to.equal(200);
    // The same order three times: the third is the second repeat, which latches the session.
    for (const id of ['P1', 'P2']) {
      client.send('D', order(id));
      expect((await client.expect('8')).get(150)).to.equal('0');
    }
    client.send('D', order('P3'));
    const latched = await client.expect('8');
    expect([latched.get(11), latched.get(150)]).to.deep.equal(['P3', '8']);
    expect(latched.get(58)).to.match(/repeated automated execution: 2 repeats of the same order within 60000 ms/);
    const listed = await rest.request('GET', '/api/v1/risk/latches', { auth: riskKey });
    expect(listed.json()).to.deep.equal([{ sessionId: SESSION, text: latched.get(58) }]);
    // Any order now, not only a repeat, until released.
    client.send('D', order('Q1', '1', '4.00'));
    expect((await client.expect('8')).get(150)).to.equal('8');

    const path = `/api/v1/risk/latches/${encodeURIComponent(SESSION)}/release`;
    expect((await rest.request('POST', path, { auth: traderKey })).statusCode).to.equal(403);
    const released = await rest.request('POST', path, { auth: riskKey });
    expect([released.statusCode, released.json()]).to.deep.equal([200, { released: true }]);
    const again = await rest.request('POST', path, { auth: riskKey });
    expect([again.statusCode, again.json().code]).to.deep.equal([409, 'GW_ERR_REST_CONFLICT']);
    expect((await rest.request('GET', '/api/v1/risk/latches', { auth: riskKey })).json()).to.deep.equal([]);
    client.send('D', order('Q2', '1', '4.00'));
    expect((await client.expect('8')).get(150)).to.equal('0');
  });

  it('a limit stored by another process (the CLI) is in force once the desk refreshes', async () => {
    await new RiskLimitRepository(rest.db).change({ scope: 'session', scopeId: SESSION, symbol: 'ACME', limits: { maxOrderNotional: '100' }, changedBy: 'ro-cli' });
    await desk.refresh();
    client.send('D', order('N1', '21', '5.00'));
    const refused = await client.expect('8');
    expect([refused.get(150), refused.get(103)]).to.deep.equal(['8', '3']);
    expect(refused.get(58)).to.equal(`max order value 100 exceeded for session ${SESSION} (ACME) (order 105)`);
  });

  it('usage over REST: open orders against the account\'s limit', async () => {
    const riskKey = await rest.apiKey(['risk']);
    await rest.request('PUT', '/api/v1/risk/limits/account/A1', { auth: riskKey, body: { maxOpenOrders: 4 } });
    for (const id of ['U1', 'U2', 'U3']) {
      client.send('D', order(id));
      expect((await client.expect('8')).get(150)).to.equal('0');
    }
    const usage = await rest.request('GET', '/api/v1/risk/usage', { auth: riskKey });
    expect(usage.json()).to.deep.equal([{ limit: 'maxOpenOrders', scope: 'account A1', used: 3, max: 4 }]);
  });

  it('cancel on disconnect asked by the session\'s limits: its resting orders are cancelled when it drops', async () => {
    const riskKey = await rest.apiKey(['risk']);
    expect((await rest.request('PUT', `/api/v1/risk/limits/session/${encodeURIComponent(SESSION)}`, { auth: riskKey, body: { cancelOnDisconnect: true } })).statusCode).to.equal(200);
    client.send('D', order('D1'));
    expect((await client.expect('8')).get(150)).to.equal('0');
    expect(engine.liveOrderCount).to.equal(1);
    client.close();
    await eventually(() => engine.liveOrderCount === 0, 'the cancel on disconnect');
  });

  it('a queueing throttle paces a burst through in order instead of refusing it', async () => {
    const riskKey = await rest.apiKey(['risk']);
    const set = await rest.request('PUT', `/api/v1/risk/limits/session/${encodeURIComponent(SESSION)}`, { auth: riskKey, body: { maxMessagesPerSecond: 5, throttleMode: 'queue', maxQueueDelayMs: 5_000 } });
    expect(set.statusCode, set.body).to.equal(200);
    const ids = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8'];
    for (const id of ids) client.send('D', order(id));
    const answers: [string | undefined, string | undefined][] = [];
    for (let i = 0; i < ids.length; i += 1) {
      const report = await client.expect('8');
      answers.push([report.get(11), report.get(150)]);
    }
    expect(answers).to.deep.equal(ids.map((id) => [id, '0']));
  });

  it('a queueing throttle still refuses what would wait longer than its bound', async () => {
    const riskKey = await rest.apiKey(['risk']);
    await rest.request('PUT', `/api/v1/risk/limits/session/${encodeURIComponent(SESSION)}`, { auth: riskKey, body: { maxMessagesPerSecond: 2, throttleMode: 'queue', maxQueueDelayMs: 100 } });
    for (const id of ['T1', 'T2', 'T3']) client.send('D', order(id));
    const answers: [string | undefined, string | undefined][] = [];
    for (let i = 0; i < 3; i += 1) {
      const report = await client.expect('8');
      answers.push([report.get(11), report.get(150)]);
    }
    expect(answers).to.deep.equal([['T1', '0'], ['T2', '0'], ['T3', '8']]);
  });
});
