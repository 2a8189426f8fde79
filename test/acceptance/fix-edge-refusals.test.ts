import { expect } from 'chai';
import { JournalWriter, migrate, PostgresJournalStore, verifyChain, type Database } from '../../db';
import { databaseBackends, openIsolated } from '../support/databases';
import { journaledOrderEntry, type Harness } from '../support/fix-harness';
import { FixTestClient, fixTime } from '../support/fix-test-client';

for (const backend of databaseBackends()) {
  describe(`FIX: refusals at the edge are order events in the audit trail (${backend.name})`, function () {
    this.timeout(60_000);
    let isolated: { db: Database; drop: () => Promise<void> };
    let journal: JournalWriter;
    let harness: Harness;
    let client: FixTestClient;

    beforeEach(async () => {
      isolated = await openIsolated(backend);
      await migrate(isolated.db);
      journal = await JournalWriter.open(new PostgresJournalStore(isolated.db), 1);
      ({ harness, client } = await journaledOrderEntry(journal));
    });
    afterEach(async () => {
      client.close();
      await harness.close();
      await journal.drained();
      await isolated.drop();
    });

    it('journals a reused ClOrdID and an order that does not translate, answered under the ExecID of their record', async () => {
      const order = (id: string, extra: [number, string][] = [[44, '5.00']]): void => void client.send('D', [[11, id], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '10'], [40, '2'], ...extra]);
      order('A1');
      const accepted = await client.expect('8');
      order('A1', [[44, '5.01']]);
      const duplicate = await client.expect('8');
      order('B1', []); // a limit order without its Price(44)
      const noPrice = await client.expect('8');
      expect([accepted.get(11), accepted.get(39)]).to.deep.equal(['A1', '0']);
      // The reject of the second A1 with the status of the first (Appendix D F.1.a): its OrderID and OrdStatus New.
      expect([duplicate.get(11), duplicate.get(37), duplicate.get(150), duplicate.get(39), duplicate.get(103)]).to.deep.equal(['A1', accepted.get(37), '8', '0', '6']);
      expect([noPrice.get(11), noPrice.get(39)]).to.deep.equal(['B1', '8']);

      await journal.drained();
      const rows = await isolated.db.query<{ event_type: string; cl_ord_id: string; exec_id: string; session_id: string; order_id: string | null }>(
        "SELECT event_type, cl_ord_id, exec_id, session_id, order_id::text FROM audit_event WHERE chain_id = 1 AND event_type <> 'CMD' ORDER BY seq",
      );
      // The refused orders have no order id: the duplicate's record is not filed under the first A1's.
      expect(rows.rows.map((r) => [r.event_type, r.cl_ord_id, r.exec_id, r.order_id])).to.deep.equal([
        ['NEWO', 'A1', accepted.get(17), accepted.get(37)],
        ['REJECT', 'A1', duplicate.get(17), null],
        ['REJECT', 'B1', noPrice.get(17), null],
      ]);
      expect(new Set(rows.rows.map((r) => r.session_id)).size).to.equal(1);
      expect((await verifyChain(isolated.db, 1)).ok).to.equal(true);
    });
  });
}
