import { expect } from 'chai';
import { FixSessionDirectory } from '../../../gateway/fix/session-directory';
import { fixSessionRoutes } from '../../../gateway/rest/routes/fix-session-routes';
import { databaseBackends } from '../../support/databases';
import { GATEWAY, sessionConfig, startHarness, type Harness } from '../../support/fix-harness';
import { FixTestClient } from '../../support/fix-test-client';
import { openHarness, type RestHarness } from './rest-harness';

const [backend] = databaseBackends();

describe('REST: FIX session administration', function () {
  this.timeout(30_000);
  let fix: Harness;
  let rest: RestHarness;
  let admin: string;
  let viewer: string;
  const id = 'FIX.4.4:GW->CLIENT1';

  beforeEach(async () => {
    fix = await startHarness([sessionConfig()]);
    const directory = new FixSessionDirectory(fix.sessions.map((session) => ({ session, store: fix.store })));
    if (backend === undefined) throw new Error('no database backend');
    rest = await openHarness(backend, { routes: [fixSessionRoutes(directory)] });
    admin = await rest.apiKey(['admin']);
    viewer = await rest.apiKey(['viewer'], { accounts: ['A1'] });
  });
  afterEach(async () => {
    await fix.close();
    await rest.close();
  });

  it('lists sessions with state and sequence numbers, resets a logged-out session, refuses one that is logged on', async () => {
    const list = await rest.request('GET', '/api/v1/admin/fix-sessions', { auth: admin });
    expect(list.json()).to.deep.equal([{ sessionId: id, role: 'order-entry', state: 'disconnected', nextSenderSeq: 1, nextTargetSeq: 1 }]);
    expect((await rest.request('GET', '/api/v1/admin/fix-sessions', { auth: viewer })).statusCode).to.equal(403);

    const c = await FixTestClient.connect(fix.port, { beginString: 'FIX.4.4', senderCompId: 'CLIENT1', targetCompId: GATEWAY });
    try {
      c.logon();
      await c.expect('A');
      const live = await rest.request('GET', `/api/v1/admin/fix-sessions/${encodeURIComponent(id)}`, { auth: admin });
      expect(live.json()).to.include({ state: 'active', nextSenderSeq: 2, nextTargetSeq: 2 });
      const refused = await rest.request('POST', `/api/v1/admin/fix-sessions/${encodeURIComponent(id)}/sequence-reset`, { auth: admin, body: { nextSenderSeq: 1, nextTargetSeq: 1 } });
      expect(refused.statusCode).to.equal(409);

      const out = await rest.request('POST', `/api/v1/admin/fix-sessions/${encodeURIComponent(id)}/logout`, { auth: admin });
      expect(out.statusCode).to.equal(200);
      expect((await c.expect('5')).get(58)).to.equal('logged out by the gateway operator');
      c.send('5');
      expect(await c.waitClosed()).to.equal(true);
    } finally {
      c.close();
    }
    const reset = await rest.request('POST', `/api/v1/admin/fix-sessions/${encodeURIComponent(id)}/sequence-reset`, { auth: admin, body: { nextSenderSeq: 10, nextTargetSeq: 20 } });
    expect(reset.statusCode, reset.body).to.equal(200);
    expect(reset.json()).to.include({ state: 'disconnected', nextSenderSeq: 10, nextTargetSeq: 20 });
    const again = await FixTestClient.connect(fix.port, { beginString: 'FIX.4.4', senderCompId: 'CLIENT1', targetCompId: GATEWAY });
    try {
      again.nextSeq = 20;
      again.logon();
      expect((await again.expect('A')).seq).to.equal(10);
    } finally {
      again.close();
    }
    const unknown = await rest.request('GET', '/api/v1/admin/fix-sessions/nope', { auth: admin });
    expect(unknown.statusCode).to.equal(404);
    expect(unknown.json()).to.include({ code: 'GW_ERR_REST_NOT_FOUND' });
  });
});
