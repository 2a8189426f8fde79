import { expect } from 'chai';
import { MatchingEngine } from '../../engine';
import { defineInstrument } from '../../engine/model';
import { FixOrderEntry } from '../../gateway/fix/translate';
import { OrderPath } from '../../gateway/order-path';
import { FixTestClient, fixTime, type ReceivedMessage } from '../support/fix-test-client';
import { GATEWAY, sessionConfig, startHarness, type Harness } from '../support/fix-harness';

describe('FIX drop copies', function () {
  this.timeout(20_000);
  let harness: Harness;
  const clients: FixTestClient[] = [];
  const connect = async (compId: string): Promise<FixTestClient> => {
    const c = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.4', senderCompId: compId, targetCompId: GATEWAY });
    clients.push(c);
    c.logon();
    await c.expect('A');
    return c;
  };

  beforeEach(async () => {
    const engine = new MatchingEngine([defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' })]);
    const nowUs = (): bigint => BigInt(Date.now()) * 1000n;
    const orderPath = new OrderPath(engine);
    harness = await startHarness(
      [
        sessionConfig({ targetCompId: 'BUYER', firm: 'F1', account: 'A1' }),
        sessionConfig({ targetCompId: 'SELLER', firm: 'F2', account: 'B1' }),
        sessionConfig({ targetCompId: 'CLEARER', role: 'drop-copy' }),
        sessionConfig({ targetCompId: 'F1RISK', role: 'drop-copy', firm: 'F1' }),
      ],
      { orderEntry: new FixOrderEntry(orderPath, nowUs), orderPath, nowUs },
    );
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await harness.close();
  });

  it('copies every ExecutionReport in scope with CopyMsgIndicator=Y and the originals\' ExecIDs, one for one', async () => {
    const clearer = await connect('CLEARER');
    const firmRisk = await connect('F1RISK');
    const buyer = await connect('BUYER');
    const seller = await connect('SELLER');
    buyer.send('D', [[11, 'B1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '10'], [40, '2'], [44, '5.00']]);
    seller.send('D', [[11, 'S1'], [55, 'ACME'], [54, '2'], [60, fixTime()], [38, '10'], [40, '2'], [44, '5.00']]);
    const originals: ReceivedMessage[] = [await buyer.expect('8'), await seller.expect('8'), await seller.expect('8'), await buyer.expect('8')];
    const copies: ReceivedMessage[] = [];
    for (let i = 0; i < 4; i += 1) copies.push(await clearer.expect('8'));
    const key = (m: ReceivedMessage): string => `${m.get(17)}|${m.get(11)}|${m.get(150)}|${m.get(39)}|${m.get(14)}|${m.get(6)}`;
    expect(copies.map(key).sort()).to.deep.equal(originals.map(key).sort());
    expect(copies.every((m) => m.get(797) === 'Y')).to.equal(true);
    const firmCopies = [await firmRisk.expect('8'), await firmRisk.expect('8')];
    expect(firmCopies.map((m) => m.get(11))).to.deep.equal(['B1', 'B1']);
    expect(firmRisk.pending().filter((m) => m.msgType === '8')).to.deep.equal([]);
    clearer.send('D', [[11, 'X'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '1'], [40, '2'], [44, '5.00']]);
    expect((await clearer.expect('j')).get(380)).to.equal('3');
  });

  it('copies the OrderCancelReject of a cancel that came too late (the order had filled) as its owner got it: CxlRejReason 0, OrdStatus 2 (no CopyMsgIndicator: FIX has none on it)', async () => {
    const clearer = await connect('CLEARER');
    const buyer = await connect('BUYER');
    const seller = await connect('SELLER');
    buyer.send('D', [[11, 'B2'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '5'], [40, '2'], [44, '5.00']]);
    await buyer.expect('8');
    seller.send('D', [[11, 'S2'], [55, 'ACME'], [54, '2'], [60, fixTime()], [38, '5'], [40, '2'], [44, '5.00']]);
    await buyer.expect('8');
    for (let i = 0; i < 4; i += 1) await clearer.expect('8');
    buyer.send('F', [[41, 'B2'], [11, 'B2-X'], [55, 'ACME'], [54, '1'], [60, fixTime()]]);
    const original = await buyer.expect('9');
    const copy = await clearer.expect('9');
    const key = (m: ReceivedMessage): (string | undefined)[] => [m.get(11), m.get(41), m.get(37), m.get(39), m.get(434), m.get(102)];
    expect(key(original)).to.deep.equal(['B2-X', 'B2', original.get(37), '2', '1', '0']);
    expect(key(copy)).to.deep.equal(key(original));
    // FIX defines CopyMsgIndicator(797) on the ExecutionReport, not on the OrderCancelReject: the copy has none.
    expect(copy.get(797)).to.equal(undefined);
  });
});
