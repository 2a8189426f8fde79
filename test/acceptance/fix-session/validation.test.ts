import { expect } from 'chai';
import { FixTestClient, fixTime } from '../../support/fix-test-client';
import { GATEWAY, sessionConfig, startHarness, type Harness } from '../../support/fix-harness';

const identity = { beginString: 'FIX.4.4', senderCompId: 'CLIENT1', targetCompId: GATEWAY };
const order = (overrides: Record<number, string | null> = {}): [number, string | number][] => {
  const base: [number, string][] = [[11, 'V1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '10'], [40, '2'], [44, '100.25']];
  const out: [number, string | number][] = base.filter(([t]) => overrides[t] !== null).map(([t, v]) => [t, overrides[t] ?? v]);
  for (const [t, v] of Object.entries(overrides)) if (v !== null && !base.some(([bt]) => bt === Number(t))) out.push([Number(t), v]);
  return out;
};

describe('FIX session: messages with field problems get a Reject with the codec\'s reason (test case 14)', function () {
  this.timeout(20_000);
  let harness: Harness;
  let c: FixTestClient;
  beforeEach(async () => {
    harness = await startHarness([sessionConfig(), sessionConfig({ targetCompId: 'LOOSE', allowUserDefinedFields: true }), sessionConfig({ beginString: 'FIX.4.2', targetCompId: 'OLD42' })]);
    c = await FixTestClient.connect(harness.port, identity);
    c.logon();
    await c.expect('A');
  });
  afterEach(async () => {
    c.close();
    await harness.close();
  });

  const cases: [string, Record<number, string | null>, string, string][] = [
    ['14a undefined tag', { 9999: 'x' }, '3', '9999'],
    ['14b required tag missing', { 54: null }, '1', '54'],
    ['14c tag not defined for this message type', { 7: '1' }, '2', '7'],
    ['14d tag specified without a value', { 44: '' }, '4', '44'],
    ['14e value incorrect (out of range)', { 40: 'Z' }, '5', '40'],
    ['14f incorrect data format', { 38: 'ten' }, '6', '38'],
  ];
  for (const [name, overrides, reason, refTag] of cases) {
    it(`${name}: Reject 373=${reason} 371=${refTag}, the message is not processed, the session goes on`, async () => {
      const seq = c.send('D', order(overrides));
      const reject = await c.expect('3');
      expect([reject.get(45), reject.get(373), reject.get(371), reject.get(372)]).to.deep.equal([String(seq), reason, refTag, 'D']);
      expect(harness.app.received).to.deep.equal([]);
      c.send('1', [[112, 'ALIVE']]);
      expect((await c.expect('0')).get(112)).to.equal('ALIVE');
    });
  }

  it('14g tag appearing twice: Reject 373=13', async () => {
    c.send('D', [...order(), [55, 'ACME']]);
    const reject = await c.expect('3');
    expect([reject.get(373), reject.get(371)]).to.deep.equal(['13', '55']);
  });

  it('14g on FIX 4.2, which has no reason 13: Reject 373=2 (its nearest), the Text saying the tag appears twice', async () => {
    const old = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.2', senderCompId: 'OLD42', targetCompId: GATEWAY });
    try {
      old.logon();
      await old.expect('A');
      old.send('D', [[21, '1'], ...order(), [55, 'ACME']]);
      // The test client checks the Reject against FIX 4.2's dictionary before this line sees it.
      const reject = await old.expect('3');
      expect([reject.get(373), reject.get(371)]).to.deep.equal(['2', '55']);
      expect(reject.get(58)).to.match(/more than once|twice|appears/);
    } finally {
      old.close();
    }
  });

  it('14h a session that allows user-defined fields takes tag 9999', async () => {
    const loose = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.4', senderCompId: 'LOOSE', targetCompId: GATEWAY });
    try {
      loose.logon();
      await loose.expect('A');
      loose.send('D', order({ 9999: 'x' }));
      expect((await loose.expect('8')).get(11)).to.equal('V1');
    } finally {
      loose.close();
    }
  });
});
