import { expect } from 'chai';
import { MemorySessionStore, migrate, PostgresSessionStore } from '../../../db';
import { databaseBackends, openIsolated } from '../../support/databases';
import { FixTestClient, fixTime } from '../../support/fix-test-client';
import { GATEWAY, sessionConfig, startHarness, type Harness } from '../../support/fix-harness';

const identity = { beginString: 'FIX.4.4', senderCompId: 'CLIENT1', targetCompId: GATEWAY };

describe('FIX session: heartbeats and test requests (test cases 4, 6)', function () {
  this.timeout(20_000);
  let harness: Harness;
  let c: FixTestClient;
  beforeEach(async () => {
    harness = await startHarness([sessionConfig()]);
    c = await FixTestClient.connect(harness.port, identity);
  });
  afterEach(async () => {
    c.close();
    await harness.close();
  });

  it('4a sends a Heartbeat when it has sent nothing for HeartBtInt', async () => {
    c.logon(1);
    await c.expect('A');
    const started = Date.now();
    const hb = await c.next(3_000);
    expect(hb.msgType).to.equal('0');
    expect(Date.now() - started).to.be.at.least(700);
  });

  it('6 sends a TestRequest when the client is silent, and disconnects when it is not answered', async () => {
    c.logon(1);
    await c.expect('A');
    let testRequest;
    for (;;) {
      const m = await c.next(4_000);
      if (m.msgType === '1') {
        testRequest = m;
        break;
      }
    }
    expect(testRequest.get(112)).to.match(/^TEST-\d+$/);
    const logout = await c.expect('5', 4_000);
    expect(logout.get(58)).to.match(/no answer to TestRequest/);
    expect(await c.waitClosed()).to.equal(true);
    expect(harness.app.disconnects.map((d) => d.reason)).to.deep.equal(['heartbeat-timeout']);
  });

  it('6b a TestRequest answered keeps the session up', async () => {
    c.logon(1);
    await c.expect('A');
    for (let i = 0; i < 3; i += 1) {
      const m = await c.next(4_000);
      if (m.msgType === '1') c.send('0', [[112, m.get(112) ?? '']]);
    }
    expect(c.closed).to.equal(false);
  });
});

for (const backend of databaseBackends()) {
  describe(`FIX session: resume after a crash with the store in ${backend.name}`, function () {
    this.timeout(60_000);

    it('keeps both sequence numbers and replays the ExecutionReports the client missed', async () => {
      const { db, drop } = await openIsolated(backend);
      await migrate(db);
      const config = sessionConfig({ store: 'database' });
      let harness = await startHarness([config], { store: new PostgresSessionStore(db) });
      let c = await FixTestClient.connect(harness.port, identity);
      try {
        c.logon();
        await c.expect('A');
        for (const id of ['R1', 'R2', 'R3']) c.send('D', [[11, id], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 5], [40, '2'], [44, '10']]);
        const reports = [await c.expect('8'), await c.expect('8'), await c.expect('8')];
        expect(reports.map((r) => r.seq)).to.deep.equal([2, 3, 4]);
        await harness.sessions[0]?.drained();
        await harness.crash();
        c.close();

        harness = await startHarness([config], { store: new PostgresSessionStore(db) });
        c = await FixTestClient.connect(harness.port, identity);
        c.nextSeq = 5;
        c.logon(30, [[98, 0], [789, 3]]); // the client saw our 1 and 2 only
        const logon = await c.expect('A');
        expect(logon.seq).to.equal(5);
        expect(logon.get(789)).to.equal('6');
        const replayed = [await c.next(), await c.next()];
        expect(replayed.map((m) => [m.seq, m.msgType, m.get(43), m.get(11)])).to.deep.equal([
          [3, '8', 'Y', 'R2'],
          [4, '8', 'Y', 'R3'],
        ]);
        c.send('1', [[112, 'AFTER']]);
        expect((await c.expect('0')).seq).to.equal(6);
      } finally {
        c.close();
        await harness.close();
        await drop();
      }
    });
  });
}

describe('FIX session: schedule (daily sequence reset at the session start)', function () {
  this.timeout(20_000);

  it('resets both sequence numbers at the first Logon of a new session period, and not again within it', async () => {
    const store = new MemorySessionStore();
    const first = await startHarness([sessionConfig()], { store });
    let c = await FixTestClient.connect(first.port, identity);
    c.logon();
    await c.expect('A');
    c.send('5');
    await c.expect('5');
    await c.waitClosed();
    c.close();
    await first.close();

    await new Promise((r) => setTimeout(r, 1_100));
    const hhmmss = (d: Date): string => d.toISOString().slice(11, 19);
    const now = new Date();
    const schedule = { start: hhmmss(now), end: hhmmss(new Date(now.getTime() + 2 * 3_600_000)), timeZone: 'UTC' };
    const second = await startHarness([sessionConfig({ schedule })], { store });
    try {
      c = await FixTestClient.connect(second.port, identity);
      c.logon(); // MsgSeqNum 1 although 3 was expected before the period began
      expect((await c.expect('A')).seq).to.equal(1);
      c.send('5');
      await c.expect('5');
      await c.waitClosed();
      c.close();
      c = await FixTestClient.connect(second.port, identity);
      c.nextSeq = 3;
      c.logon();
      expect((await c.expect('A')).seq).to.equal(3);
    } finally {
      c.close();
      await second.close();
    }
  });
});
