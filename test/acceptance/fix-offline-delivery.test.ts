import { expect } from 'chai';
import { MemorySessionStore, migrate, PostgresSessionStore, type SessionStore } from '../../db';
import { MatchingEngine } from '../../engine';
import { defineInstrument } from '../../engine/model';
import { FixOrderEntry } from '../../gateway/fix/translate';
import { OrderPath } from '../../gateway/order-path';
import { databaseBackends, openIsolated } from '../support/databases';
import { FixTestClient, fixTime, type ReceivedMessage } from '../support/fix-test-client';
import { GATEWAY, sessionConfig, startHarness, type Harness } from '../support/fix-harness';

/** Reads until `count` messages of `msgType` with PossDupFlag=Y have come (gap fills and others are skipped). */
async function replayed(c: FixTestClient, msgType: string, count: number): Promise<ReceivedMessage[]> {
  const out: ReceivedMessage[] = [];
  while (out.length < count) {
    const m = await c.next();
    if (m.msgType === msgType && m.get(43) === 'Y') out.push(m);
  }
  return out;
}

const stores: { readonly name: string; readonly open: () => Promise<{ store: SessionStore; close: () => Promise<void> }> }[] = [
  { name: 'memory', open: async () => ({ store: new MemorySessionStore(), close: async () => undefined }) },
  ...databaseBackends().map((backend) => ({
    name: backend.name,
    open: async () => {
      const { db, drop } = await openIsolated(backend);
      await migrate(db);
      return { store: new PostgresSessionStore(db) as SessionStore, close: drop };
    },
  })),
];

for (const { name, open } of stores) {
  describe(`FIX: ExecutionReports and drop copies made while a session is offline (store: ${name})`, function () {
    this.timeout(30_000);
    let harness: Harness;
    let close: () => Promise<void>;
    const clients: FixTestClient[] = [];
    const connect = async (compId: string, nextSeq = 1): Promise<FixTestClient> => {
      const c = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.4', senderCompId: compId, targetCompId: GATEWAY });
      clients.push(c);
      c.nextSeq = nextSeq;
      return c;
    };

    beforeEach(async () => {
      const opened = await open();
      close = opened.close;
      const engine = new MatchingEngine([defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' })]);
      const nowUs = (): bigint => BigInt(Date.now()) * 1000n;
      const orderPath = new OrderPath(engine);
      harness = await startHarness(
        [
          sessionConfig({ targetCompId: 'BUYER', firm: 'F1', account: 'A1', store: 'database' }),
          sessionConfig({ targetCompId: 'SELLER', firm: 'F2', account: 'B1', store: 'database' }),
          sessionConfig({ targetCompId: 'CLEARER', role: 'drop-copy', store: 'database' }),
        ],
        { store: opened.store, orderEntry: new FixOrderEntry(orderPath, nowUs), orderPath, nowUs },
      );
    });
    afterEach(async () => {
      for (const c of clients.splice(0)) c.close();
      await harness.close();
      await close();
    });

    it('stores them under the next MsgSeqNum; the next Logon shows the gap and a ResendRequest brings them with PossDupFlag=Y', async () => {
      // The buyer rests an order and logs out; the drop-copy session has not logged on since the start.
      const buyer = await connect('BUYER');
      buyer.logon();
      await buyer.expect('A');
      buyer.send('D', [[11, 'B1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '10'], [40, '2'], [44, '5.00']]);
      expect((await buyer.expect('8')).get(39)).to.equal('0');
      buyer.send('5');
      await buyer.expect('5');
      await buyer.waitClosed();

      // The seller fills it while the buyer is away.
      const seller = await connect('SELLER');
      seller.logon();
      await seller.expect('A');
      seller.send('D', [[11, 'S1'], [55, 'ACME'], [54, '2'], [60, fixTime()], [38, '10'], [40, '2'], [44, '5.00']]);
      await seller.expect('8');
      expect((await seller.expect('8')).get(39)).to.equal('2');
      for (const session of harness.sessions) await session.drained();

      // Buyer: Logon(1), ER New(2), Logout(3) seen; the fill was stored as 4, so the Logon answer is 5.
      const back = await connect('BUYER', buyer.nextSeq);
      back.logon();
      const logon = await back.expect('A');
      expect(logon.seq).to.equal(5);
      back.send('2', [[7, 4], [16, 0]]);
      const [fill] = await replayed(back, '8', 1);
      expect([fill?.seq, fill?.get(11), fill?.get(39), fill?.get(32), fill?.get(122) !== undefined]).to.deep.equal([4, 'B1', '2', '10', true]);

      // The drop-copy session gets the four copies (two New, two fills, maker first) made before its first Logon, in order.
      const clearer = await connect('CLEARER');
      clearer.logon();
      const clearerLogon = await clearer.expect('A');
      expect(clearerLogon.seq).to.equal(5);
      clearer.send('2', [[7, 1], [16, 0]]);
      const copies = await replayed(clearer, '8', 4);
      expect(copies.map((m) => [m.seq, m.get(11), m.get(39), m.get(797)])).to.deep.equal([
        [1, 'B1', '0', 'Y'],
        [2, 'S1', '0', 'Y'],
        [3, 'B1', '2', 'Y'],
        [4, 'S1', '2', 'Y'],
      ]);
      // And live again: the next copy comes at once, after the replayed ones.
      seller.send('D', [[11, 'S2'], [55, 'ACME'], [54, '2'], [60, fixTime()], [38, '1'], [40, '2'], [44, '6.00']]);
      let live = await clearer.next();
      while (live.get(43) === 'Y') live = await clearer.next(); // the gap fill over our Logon ends the resend
      expect([live.msgType, live.get(11), live.get(43)]).to.deep.equal(['8', 'S2', undefined]);
    });
  });
}
