import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import { defineInstrument } from '../../../engine/model';
import { FixOrderEntry } from '../../../gateway/fix/translate';
import { OrderPath, RiskDesk } from '../../../gateway/order-path';
import { riskRoutes } from '../../../gateway/rest/routes/risk-routes';
import { PreTradeRisk } from '../../../risk';
import { databaseBackends } from '../../support/databases';
import { GATEWAY, sessionConfig, startHarness, type Harness } from '../../support/fix-harness';
import { FixTestClient, fixTime } from '../../support/fix-test-client';
import { openHarness, type RestHarness } from './rest-harness';

const [backend] = databaseBackends();

describe('REST: kill switch and live limits, seen on a FIX session', function () {
  this.timeout(30_000);
  let fix: Harness;
  let rest: RestHarness;
  let client: FixTestClient;

  beforeEach(async () => {
    const engine = new MatchingEngine([defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' })]);
    const nowUs = (): bigint => BigInt(Date.now()) * 1000n;
    const risk = new PreTradeRisk((s) => engine.instrument(s));
    const orderPath = new OrderPath(engine, risk);
    fix = await startHarness([sessionConfig({ account: 'A1', firm: 'F1' })], { orderEntry: new FixOrderEntry(orderPath, nowUs), orderPath, nowUs });
    if (backend === undefined) throw new Error('no database backend');
    rest = await openHarness(backend, { routes: [riskRoutes(new RiskDesk(risk, orderPath, null, nowUs))] });
    client = await FixTestClient.connect(fix.port, { beginString: 'FIX.4.4', senderCompId: 'CLIENT1', targetCompId: GATEWAY });
    client.logon();
    await client.expect('A');
  });
  afterEach(async () => {
    client.close();
    await fix.close();
    await rest.close();
  });

  const order = (id: string, qty = '10'): [number, string | number][] => [[11, id], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, qty], [40, '2'], [44, '5.00']];

  it('kill cancels the account\'s resting orders and refuses new ones until a risk officer releases it', async () => {
    const riskKey = await rest.apiKey(['risk']);
    const traderKey = await rest.apiKey(['trader'], { accounts: ['A1'] });
    client.send('D', order('R1'));
    expect((await client.expect('8')).get(150)).to.equal('0');

    expect((await rest.request('POST', '/api/v1/risk/kill', { auth: traderKey, body: { scope: 'account', id: 'A1' } })).statusCode).to.equal(403);
    const kill = await rest.request('POST', '/api/v1/risk/kill', { auth: riskKey, body: { scope: 'account', id: 'A1' } });
    expect(kill.statusCode, kill.body).to.equal(200);
    expect(kill.json()).to.deep.equal({ cancelled: 1 });
    const cancelled = await client.expect('8');
    expect([cancelled.get(150), cancelled.get(11)]).to.deep.equal(['4', 'R1']);

    client.send('D', order('R2'));
    const refused = await client.expect('8');
    expect([refused.get(150), refused.get(103)]).to.deep.equal(['8', '0']);
    expect(refused.get(58)).to.match(/kill switch active for account A1/);

    expect((await rest.request('POST', '/api/v1/risk/release', { auth: riskKey, body: { scope: 'account', id: 'A1' } })).statusCode).to.equal(200);
    client.send('D', order('R3'));
    expect((await client.expect('8')).get(150)).to.equal('0');
  });

  it('a limit set over REST is in force for the next FIX order', async () => {
    const riskKey = await rest.apiKey(['risk']);
    const set = await rest.request('PUT', '/api/v1/risk/limits/account/A1', { auth: riskKey, body: { maxOrderQty: '5' } });
    expect(set.statusCode, set.body).to.equal(200);
    expect((await rest.request('GET', '/api/v1/risk/limits/account/A1', { auth: riskKey })).json()).to.deep.equal({ maxOrderQty: '5' });
    client.send('D', order('L1', '6'));
    const refused = await client.expect('8');
    expect([refused.get(150), refused.get(103), refused.get(58)]).to.deep.equal(['8', '3', 'max order quantity 5 exceeded for account A1 (order 6)']);
    const numeric = await rest.request('PUT', '/api/v1/risk/limits/account/A1', { auth: riskKey, body: { maxOrderQty: 5 } });
    expect(numeric.statusCode).to.equal(400);
  });
});
