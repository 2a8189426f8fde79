import { expect } from 'chai';
import { buildMessage, FixTestClient, fixTime } from '../../support/fix-test-client';
import { GATEWAY, sessionConfig, startHarness, type Harness } from '../../support/fix-harness';

const identity = { beginString: 'FIX.4.4', senderCompId: 'CLIENT1', targetCompId: GATEWAY };
const order = (id: string): [number, string | number][] => [
  [11, id],
  [55, 'ACME'],
  [54, '1'],
  [60, fixTime()],
  [38, 10],
  [40, '2'],
  [44, '100.25'],
];

describe('FIX session: sequence numbers, resend, sequence reset (test cases 2, 8, 10, 11)', function () {
  this.timeout(20_000);
  let harness: Harness;
  let c: FixTestClient;

  beforeEach(async () => {
    harness = await startHarness([sessionConfig(), sessionConfig({ targetCompId: 'DROP', role: 'drop-copy' })]);
    c = await FixTestClient.connect(harness.port, identity);
    c.logon();
    await c.expect('A');
  });
  afterEach(async () => {
    c.close();
    await harness.close();
  });

  it('2b MsgSeqNum too high: ResendRequest, the early message is queued and processed in order after the gap fill', async () => {
    c.nextSeq = 4; // 2 and 3 "lost"
    c.send('D', order('EARLY'));
    const resend = await c.expect('2');
    expect([resend.get(7), resend.get(16)]).to.deep.equal(['2', '0']);
    expect(harness.app.received).to.deep.equal([]);
    c.send('D', order('RESENT-2'), { seq: 2, extra: [[43, 'Y'], [122, fixTime()]] });
    c.send('4', [[123, 'Y'], [36, 4]], { seq: 3, extra: [[43, 'Y'], [122, fixTime()]] });
    await c.expect('8');
    await c.expect('8');
    expect(harness.app.received.map((r) => r.clOrdId)).to.deep.equal(['RESENT-2', 'EARLY']);
    c.nextSeq = 5;
    c.send('1', [[112, 'AFTER']]);
    expect((await c.expect('0')).get(112)).to.equal('AFTER');
  });

  it('2c MsgSeqNum too low without PossDupFlag: Logout naming both numbers, then disconnect', async () => {
    c.send('0');
    c.send('0', [], { seq: 2 });
    const logout = await c.expect('5');
    expect(logout.get(58)).to.equal('MsgSeqNum too low, expecting 3 but received 2');
    expect(await c.waitClosed()).to.equal(true);
  });

  it('2d garbled messages (bad checksum, bad body length, garbage) are ignored and the session goes on', async () => {
    c.sendRaw('8=FIX.4.4\x019=5\x0135=0\x0110=000\x01');
    c.sendRaw('garbage\x01');
    c.sendRaw('8=FIX.4.4\x019=20\x0135=0\x0149=CLIENT1\x0156=GW\x0110=999\x01');
    c.send('1', [[112, 'OK']]);
    const hb = await c.expect('0');
    expect(hb.get(112)).to.equal('OK');
    expect(c.closed).to.equal(false);
  });

  it('2e PossDupFlag=Y below the expected number, OrigSendingTime earlier: ignored', async () => {
    c.send('0');
    c.send('D', order('DUP'), { seq: 2, extra: [[43, 'Y'], [122, fixTime(new Date(Date.now() - 1000))]] });
    c.send('1', [[112, 'NEXT']]);
    expect((await c.expect('0')).get(112)).to.equal('NEXT');
    expect(harness.app.received).to.deep.equal([]);
  });

  it('2f PossDupFlag=Y with OrigSendingTime after SendingTime: Reject (10) and Logout', async () => {
    c.send('0');
    const now = new Date();
    c.send('0', [], { seq: 2, sendingTime: fixTime(now), extra: [[43, 'Y'], [122, fixTime(new Date(now.getTime() + 5000))]] });
    const reject = await c.expect('3');
    expect([reject.get(373), reject.get(371), reject.get(45)]).to.deep.equal(['10', '122', '2']);
    await c.expect('5');
  });

  it('2g PossDupFlag=Y without OrigSendingTime: Reject (1, tag 122)', async () => {
    c.send('0', [], { extra: [[43, 'Y']] });
    const reject = await c.expect('3');
    expect([reject.get(373), reject.get(371)]).to.deep.equal(['1', '122']);
  });

  it('2g below the expected number too: PossDupFlag=Y without OrigSendingTime is rejected (1, tag 122), not dropped, and the session goes on', async () => {
    c.send('0');
    c.send('0', [], { seq: 2, extra: [[43, 'Y']] });
    const reject = await c.expect('3');
    expect([reject.get(373), reject.get(371), reject.get(45)]).to.deep.equal(['1', '122', '2']);
    c.send('1', [[112, 'STILL-UP']]);
    expect((await c.expect('0')).get(112)).to.equal('STILL-UP');
  });

  it('8 a ResendRequest with BeginSeqNo 0: Reject (5, tag 7), and the session goes on', async () => {
    c.send('2', [[7, 0], [16, 0]]);
    const reject = await c.expect('3');
    expect([reject.get(373), reject.get(371)]).to.deep.equal(['5', '7']);
    c.send('1', [[112, 'STILL-UP']]);
    expect((await c.expect('0')).get(112)).to.equal('STILL-UP');
  });

  it('2b a gap that never fills: past 10,000 messages held out of sequence, Logout and disconnect (memory stays bounded)', async () => {
    c.send('0', [], { seq: 5 });
    const resend = await c.expect('2');
    expect([resend.get(7), resend.get(16)]).to.deep.equal(['2', '0']);
    for (let seq = 6; seq <= 5 + 10_000; seq += 1) c.send('0', [], { seq });
    const logout = await c.expect('5');
    expect(logout.get(58)).to.equal('more than 10000 messages out of sequence');
    expect(await c.waitClosed()).to.equal(true);
  });

  it('2 a message without MsgSeqNum: Logout saying so, then disconnect', async () => {
    c.sendRaw(buildMessage('FIX.4.4', '0', [[49, 'CLIENT1'], [56, GATEWAY], [52, fixTime()]]));
    expect((await c.expect('5')).get(58)).to.equal('MsgSeqNum(34) missing');
    expect(await c.waitClosed()).to.equal(true);
  });

  it('2 an unknown MsgType: Reject (11, tag 35), and the session goes on', async () => {
    c.send('ZZ');
    const reject = await c.expect('3');
    expect([reject.get(373), reject.get(371), reject.get(45)]).to.deep.equal(['11', '35', '2']);
    c.send('1', [[112, 'STILL-UP']]);
    expect((await c.expect('0')).get(112)).to.equal('STILL-UP');
  });

  it('a Logon on a session already logged on: Logout and disconnect', async () => {
    c.logon();
    expect((await c.expect('5')).get(58)).to.equal('Logon received on a session already logged on');
    expect(await c.waitClosed()).to.equal(true);
  });

  it('a Logout whose MsgSeqNum is too high is still answered with a Logout before the disconnect', async () => {
    c.send('5', [], { seq: 9 });
    expect((await c.expect('5')).get(58)).to.equal('logout acknowledged');
    expect(await c.waitClosed()).to.equal(true);
  });

  it('a ResendRequest whose MsgSeqNum is too high is served at once, and the gap before it is asked for', async () => {
    c.send('1', [[112, 'T1']]);
    await c.expect('0');
    // Our messages 2 (the heartbeat) resent as a gap fill (admin), and our own ResendRequest for the client's 3-4.
    c.send('2', [[7, 2], [16, 0]], { seq: 5 });
    const answers = [await c.next(), await c.next()].map((m) => [m.msgType, m.get(7), m.get(16), m.get(123), m.get(36)]);
    expect(answers).to.have.deep.members([
      ['4', undefined, undefined, 'Y', '3'],
      ['2', '3', '0', undefined, undefined],
    ]);
  });

  it('2i BeginString different from the session: Logout and disconnect', async () => {
    c.sendRaw(
      (() => {
        const body = `35=0\x0149=CLIENT1\x0156=GW\x0134=2\x0152=${fixTime()}\x01`;
        const head = `8=FIX.4.2\x019=${body.length}\x01`;
        let sum = 0;
        for (const ch of head + body) sum += ch.charCodeAt(0);
        return `${head}${body}10=${String(sum % 256).padStart(3, '0')}\x01`;
      })(),
    );
    expect((await c.expect('5')).get(58)).to.match(/BeginString FIX\.4\.2 does not match/);
    expect(await c.waitClosed()).to.equal(true);
  });

  it('2k wrong CompID: Reject (9) then Logout', async () => {
    c.send('0', [], { extra: [] });
    const wrong = new Map([[49, 'SOMEONE']]);
    c.send('1', [[112, 'X']], { extra: [] });
    await c.expect('0');
    c.sendRaw(
      (() => {
        const body = `35=0\x0149=${wrong.get(49)}\x0156=GW\x0134=${c.nextSeq}\x0152=${fixTime()}\x01`;
        const head = `8=FIX.4.4\x019=${body.length}\x01`;
        let sum = 0;
        for (const ch of head + body) sum += ch.charCodeAt(0);
        return `${head}${body}10=${String(sum % 256).padStart(3, '0')}\x01`;
      })(),
    );
    const reject = await c.expect('3');
    expect([reject.get(373), reject.get(371)]).to.deep.equal(['9', '49']);
    await c.expect('5');
  });

  it('2t SendingTime off by more than maxLatencySec: Reject (10) then Logout', async () => {
    c.send('0', [], { sendingTime: fixTime(new Date(Date.now() - 300_000)) });
    const reject = await c.expect('3');
    expect([reject.get(373), reject.get(371)]).to.deep.equal(['10', '52']);
    await c.expect('5');
  });

  it('2q an application message the role does not take: BusinessMessageReject (3)', async () => {
    const drop = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.4', senderCompId: 'DROP', targetCompId: GATEWAY });
    try {
      drop.logon();
      await drop.expect('A');
      const seq = drop.send('D', order('NOPE'));
      const bmr = await drop.expect('j');
      expect([bmr.get(45), bmr.get(372), bmr.get(380)]).to.deep.equal([String(seq), 'D', '3']);
      expect(bmr.get(58)).to.match(/not taken on a drop-copy session/);
    } finally {
      drop.close();
    }
  });

  it('8 ResendRequest: application messages replayed with PossDupFlag=Y and OrigSendingTime, admin messages gap-filled and merged', async () => {
    c.send('D', order('A1')); // our 2: ER
    await c.expect('8');
    c.send('1', [[112, 'T1']]); // our 3: heartbeat
    await c.expect('0');
    c.send('D', order('A2')); // our 4: ER
    const er4 = await c.expect('8');
    c.send('1', [[112, 'T2']]); // our 5, our 6: heartbeats
    await c.expect('0');
    c.send('1', [[112, 'T3']]);
    await c.expect('0');
    c.send('2', [[7, 1], [16, 0]]);
    const replay = [await c.next(), await c.next(), await c.next(), await c.next(), await c.next()];
    expect(replay.map((m) => `${m.seq}:${m.msgType}:${m.get(123) ?? ''}:${m.get(36) ?? ''}`)).to.deep.equal(['1:4:Y:2', '2:8::', '3:4:Y:4', '4:8::', '5:4:Y:7']);
    for (const m of replay) expect(m.get(43)).to.equal('Y');
    expect(replay[3]?.get(122)).to.equal(er4.get(52));
    expect(replay[3]?.get(11)).to.equal('A2');
    c.send('1', [[112, 'T4']]);
    expect((await c.expect('0')).seq).to.equal(7);
  });

  it('10a SequenceReset-GapFill moves the expected number forward; 10e one that lowers it is rejected (5, tag 36)', async () => {
    c.send('4', [[123, 'Y'], [36, 10]]);
    c.nextSeq = 10;
    c.send('1', [[112, 'AT10']]);
    expect((await c.expect('0')).get(112)).to.equal('AT10');
    c.send('4', [[123, 'Y'], [36, 5]]);
    const reject = await c.expect('3');
    expect([reject.get(373), reject.get(371)]).to.deep.equal(['5', '36']);
  });

  it('11a SequenceReset-Reset sets the expected number whatever its own MsgSeqNum; 11c lowering it is rejected', async () => {
    c.send('4', [[36, 20]], { seq: 999 });
    c.nextSeq = 20;
    c.send('1', [[112, 'AT20']]);
    expect((await c.expect('0')).get(112)).to.equal('AT20');
    c.send('4', [[36, 3]], { seq: 50 });
    const reject = await c.expect('3');
    expect([reject.get(373), reject.get(371)]).to.deep.equal(['5', '36']);
  });

  it('13 Logout from the client: answered with Logout, then disconnected', async () => {
    c.send('5', [[58, 'bye']]);
    await c.expect('5');
    expect(await c.waitClosed()).to.equal(true);
    expect(harness.app.disconnects.map((d) => d.reason)).to.deep.equal(['logout']);
  });
});
