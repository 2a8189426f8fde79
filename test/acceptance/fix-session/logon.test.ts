import { expect } from 'chai';
import { FixTestClient, fixTime } from '../../support/fix-test-client';
import { MemorySessionStore, type SessionSequences } from '../../../db';
import { GATEWAY, hashPassword, sessionConfig, startHarness, type Harness } from '../../support/fix-harness';

const client1 = { beginString: 'FIX.4.4', senderCompId: 'CLIENT1', targetCompId: GATEWAY };

/** A schedule open for one second a day, twelve hours from now (UTC): closed whenever the test runs. */
function closedNow(): { start: string; end: string; timeZone: string } {
  const hour = String((new Date().getUTCHours() + 12) % 24).padStart(2, '0');
  return { start: `${hour}:00:00`, end: `${hour}:00:01`, timeZone: 'UTC' };
}

describe('FIX session: logon (test cases 1B)', function () {
  this.timeout(20_000);
  let harness: Harness;
  const clients: FixTestClient[] = [];
  const connect = async (identity = client1): Promise<FixTestClient> => {
    const c = await FixTestClient.connect(harness.port, identity);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    const password = await hashPassword('pw-1');
    harness = await startHarness(
      [
        sessionConfig(),
        sessionConfig({ targetCompId: 'SECURE', credentials: { username: 'alice', passwordHash: password }, heartbeatSec: { min: 5, max: 60 } }),
        sessionConfig({ beginString: 'FIX.4.2', targetCompId: 'OLD' }),
        sessionConfig({ beginString: 'FIXT.1.1', targetCompId: 'NEW', defaultApplVerId: 'FIX.5.0SP2' }),
        sessionConfig({ targetCompId: 'CLOSED', schedule: closedNow() }),
      ],
      { logonTimeoutMs: 500 },
    );
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await harness.close();
  });

  it('1B-a valid Logon: answered with a Logon carrying the same HeartBtInt, then heartbeats flow', async () => {
    const c = await connect();
    c.logon(30);
    const logon = await c.expect('A');
    expect(logon.get(108)).to.equal('30');
    expect(logon.get(98)).to.equal('0');
    expect(logon.get(49)).to.equal(GATEWAY);
    expect(logon.get(56)).to.equal('CLIENT1');
    expect(logon.seq).to.equal(1);
    c.send('1', [[112, 'PING']]);
    const hb = await c.expect('0');
    expect(hb.get(112)).to.equal('PING');
    expect(hb.seq).to.equal(2);
  });

  it('1B-b first message not a Logon: disconnected without an answer', async () => {
    const c = await connect();
    c.send('0');
    expect(await c.waitClosed()).to.equal(true);
    expect(c.pending()).to.deep.equal([]);
  });

  it('1B-c Logon for an unknown CompID or BeginString: disconnected', async () => {
    const unknown = await connect({ beginString: 'FIX.4.4', senderCompId: 'NOBODY', targetCompId: GATEWAY });
    unknown.logon();
    expect(await unknown.waitClosed()).to.equal(true);
    const wrongVersion = await connect({ beginString: 'FIX.4.3', senderCompId: 'CLIENT1', targetCompId: GATEWAY });
    wrongVersion.logon();
    expect(await wrongVersion.waitClosed()).to.equal(true);
  });

  it('1B-d Logon with a wrong password: Logout saying why, then disconnect', async () => {
    const c = await connect({ beginString: 'FIX.4.4', senderCompId: 'SECURE', targetCompId: GATEWAY });
    c.logon(30, [[98, 0], [553, 'alice'], [554, 'wrong']]);
    const logout = await c.expect('5');
    expect(logout.get(58)).to.match(/invalid Username\(553\) or Password\(554\)/);
    expect(await c.waitClosed()).to.equal(true);
    const ok = await connect({ beginString: 'FIX.4.4', senderCompId: 'SECURE', targetCompId: GATEWAY });
    ok.logon(30, [[98, 0], [553, 'alice'], [554, 'pw-1']]);
    expect((await ok.expect('A')).get(108)).to.equal('30');
  });

  it('1B-e HeartBtInt outside the accepted range: Logout naming the range', async () => {
    const c = await connect({ beginString: 'FIX.4.4', senderCompId: 'SECURE', targetCompId: GATEWAY });
    c.logon(1, [[98, 0], [553, 'alice'], [554, 'pw-1']]);
    expect((await c.expect('5')).get(58)).to.match(/HeartBtInt\(108\) 1 outside the accepted range 5-60/);
    expect(await c.waitClosed()).to.equal(true);
  });

  it('1B-f a second Logon for an active session: the new connection is refused, the first goes on', async () => {
    const first = await connect();
    first.logon();
    await first.expect('A');
    const second = await connect();
    second.logon();
    expect(await second.waitClosed()).to.equal(true);
    first.send('1', [[112, 'STILL']]);
    expect((await first.expect('0')).get(112)).to.equal('STILL');
  });

  it('1B-g a connection that sends nothing is closed after the logon timeout', async () => {
    const c = await connect();
    expect(await c.waitClosed(3_000)).to.equal(true);
  });

  it('1B-h Logon with MsgSeqNum lower than expected: Logout and disconnect', async () => {
    const c = await connect();
    c.logon();
    await c.expect('A');
    c.send('5');
    await c.expect('5');
    await c.waitClosed();
    const again = await connect();
    again.logon(); // MsgSeqNum 1 again, while 3 is expected
    expect((await again.expect('5')).get(58)).to.match(/MsgSeqNum too low, expecting 3 but received 1/);
  });

  it('1B-i ResetSeqNumFlag=Y starts both sides at 1', async () => {
    const c = await connect();
    c.logon();
    await c.expect('A');
    c.send('5');
    await c.expect('5');
    await c.waitClosed();
    const again = await connect();
    again.logon(30, [[98, 0], [141, 'Y']]);
    const logon = await again.expect('A');
    expect(logon.get(141)).to.equal('Y');
    expect(logon.seq).to.equal(1);
  });

  it('1B-j Logon with MsgSeqNum higher than expected: Logon, then a ResendRequest for the gap', async () => {
    const c = await connect();
    c.nextSeq = 5;
    c.logon();
    await c.expect('A');
    const resend = await c.expect('2');
    expect([resend.get(7), resend.get(16)]).to.deep.equal(['1', '0']);
  });

  it('1B-k FIX.4.2 and FIXT.1.1 sessions log on; FIXT answers with DefaultApplVerID', async () => {
    const old = await connect({ beginString: 'FIX.4.2', senderCompId: 'OLD', targetCompId: GATEWAY });
    old.logon();
    expect((await old.expect('A')).get(8)).to.equal('FIX.4.2');
    const fixt = await connect({ beginString: 'FIXT.1.1', senderCompId: 'NEW', targetCompId: GATEWAY });
    fixt.logon(30, [[98, 0], [1137, '9']]);
    const logon = await fixt.expect('A');
    expect(logon.get(1137)).to.equal('9');
    const missing = await connect({ beginString: 'FIXT.1.1', senderCompId: 'NEW', targetCompId: GATEWAY });
    missing.logon();
    expect(await missing.waitClosed()).to.equal(true);
  });

  it('1B-m a FIXT.1.1 Logon without DefaultApplVerID: Logout naming the field', async () => {
    const fixt = await connect({ beginString: 'FIXT.1.1', senderCompId: 'NEW', targetCompId: GATEWAY });
    fixt.logon();
    expect((await fixt.expect('5')).get(58)).to.equal('DefaultApplVerID(1137) missing on a FIXT.1.1 Logon');
    expect(await fixt.waitClosed()).to.equal(true);
  });

  it('1B-n Logon whose NextExpectedMsgSeqNum is beyond what we sent: Logout naming both', async () => {
    const c = await connect();
    c.logon(30, [[98, 0], [789, 50]]);
    expect((await c.expect('5')).get(58)).to.equal('NextExpectedMsgSeqNum(789) 50 is beyond the last message sent (0)');
    expect(await c.waitClosed()).to.equal(true);
  });

  it('1B-o Logon outside the session\'s schedule: Logout saying so', async () => {
    const c = await connect({ beginString: 'FIX.4.4', senderCompId: 'CLOSED', targetCompId: GATEWAY });
    c.logon();
    expect((await c.expect('5')).get(58)).to.match(/^session CLOSED is outside its schedule \(\d\d:00:00-\d\d:00:01 UTC\)$/);
    expect(await c.waitClosed()).to.equal(true);
  });

  it('a session whose schedule ends while it is logged on is logged out at the end, saying why', async () => {
    // Far enough from midnight (UTC) that the window below does not wrap.
    const msOfDay = Date.now() % 86_400_000;
    if (msOfDay > 86_400_000 - 10_000 || msOfDay < 10_000) await new Promise((resolve) => setTimeout(resolve, 20_000));
    const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
    await harness.close();
    harness = await startHarness([sessionConfig({ targetCompId: 'ENDING', schedule: { start: clock(Date.now() - 5_000), end: clock(Date.now() + 2_000), timeZone: 'UTC' } })]);
    const c = await connect({ beginString: 'FIX.4.4', senderCompId: 'ENDING', targetCompId: GATEWAY });
    c.logon();
    await c.expect('A');
    expect((await c.expect('5', 6_000)).get(58)).to.equal('end of the session schedule');
  });

  it('1B-l Logon whose SendingTime is far from our clock: Logout', async () => {
    const c = await connect();
    c.send('A', [[98, 0], [108, 30]], { sendingTime: fixTime(new Date(Date.now() - 600_000)) });
    expect((await c.expect('5')).get(58)).to.match(/SendingTime\(52\) accuracy problem/);
  });
});

/** A session store whose database is down while `down` is set. */
class FlakyStore extends MemorySessionStore {
  down = true;

  override async load(sessionId: string): Promise<SessionSequences> {
    if (this.down) throw new Error('connection refused');
    return super.load(sessionId);
  }
}

describe('FIX session: the acceptor under faults', function () {
  this.timeout(20_000);
  const clients: FixTestClient[] = [];
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  /** A client connected to `port` that has sent its Logon (kept for afterEach). */
  const loggingOn = async (port: number, identity: typeof client1): Promise<FixTestClient> => {
    const client = await FixTestClient.connect(port, identity);
    clients.push(client);
    client.logon();
    return client;
  };

  it('a Logon while the session store is unreachable is not answered and the connection closed; once the store is back the session logs on', async () => {
    const store = new FlakyStore();
    const harness = await startHarness([sessionConfig()], { store });
    try {
      const first = await loggingOn(harness.port, client1);
      expect(await first.waitClosed()).to.equal(true);
      store.down = false;
      const second = await loggingOn(harness.port, client1);
      expect((await second.expect('A')).get(108)).to.equal('30');
    } finally {
      await harness.close();
    }
  });

  it('past maxConnections a new connection is closed at once, unanswered; the ones open go on, and room is made when one leaves', async () => {
    const harness = await startHarness([sessionConfig(), sessionConfig({ targetCompId: 'CLIENT2' })], { maxConnections: 2 });
    const client2 = { beginString: 'FIX.4.4', senderCompId: 'CLIENT2', targetCompId: GATEWAY };
    try {
      const first = await FixTestClient.connect(harness.port, client1);
      const idle = await FixTestClient.connect(harness.port, client1);
      clients.push(first, idle);
      first.logon();
      await first.expect('A');
      const third = await loggingOn(harness.port, client2);
      expect(await third.waitClosed()).to.equal(true);
      first.send('1', [[112, 'STILL-UP']]);
      expect((await first.expect('0')).get(112)).to.equal('STILL-UP');
      idle.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const fourth = await loggingOn(harness.port, client2);
      expect((await fourth.expect('A')).get(56)).to.equal('CLIENT2');
    } finally {
      await harness.close();
    }
  });
});
