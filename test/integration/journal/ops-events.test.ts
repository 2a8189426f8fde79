import { expect } from 'chai';
import { appendOpsEvent, JournalWriter, migrate, OPS_CHAIN_ID, PostgresJournalStore, verifyChain } from '../../../db';
import { databaseBackends, openIsolated } from '../../support/databases';

const T0 = BigInt(Date.UTC(2026, 11, 4, 9, 0, 0)) * 1000n;

const exportRun = (i: number) => ({
  eventType: 'EXPORT',
  tsUs: T0 + BigInt(i),
  actorId: `compliance-${i}`,
  source: 'ops:rts24:export',
  detail: { format: 'rts24-csv', from: '2026-12-03T00:00:00.000Z', to: '2026-12-04T00:00:00.000Z', rows: i, sha256: 'ab'.repeat(32), destination: 'stdout' },
});

for (const backend of databaseBackends()) {
  describe(`operator audit events on ${backend.name}`, function () {
    this.timeout(60_000);

    it('chains export runs on their own chain, beside the order path, with who, what and when', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        const writer = await JournalWriter.open(new PostgresJournalStore(db), 1);
        writer.append([{ eventTsUs: T0, eventType: 'NEWO', source: 'fix:S', orderId: 1, body: Buffer.from('{"i":1}') }], () => undefined);
        await writer.drained();
        const first = await appendOpsEvent(db, exportRun(1));
        const second = await appendOpsEvent(db, exportRun(2));
        expect([first.chainId, first.seq, second.seq]).to.deep.equal([OPS_CHAIN_ID, 1n, 2n]);
        expect(Buffer.from(second.prevHash).equals(Buffer.from(first.rowHash))).to.equal(true);
        const rows = await db.query<{ event_type: string; actor_id: string; source: string; rows: string }>(
          "SELECT event_type, actor_id, source, body_json->>'rows' AS rows FROM audit_event WHERE chain_id = $1 ORDER BY seq",
          [OPS_CHAIN_ID],
        );
        expect(rows.rows).to.deep.equal([
          { event_type: 'EXPORT', actor_id: 'compliance-1', source: 'ops:rts24:export', rows: '1' },
          { event_type: 'EXPORT', actor_id: 'compliance-2', source: 'ops:rts24:export', rows: '2' },
        ]);
        expect(await verifyChain(db, OPS_CHAIN_ID)).to.deep.equal({ ok: true, rows: 2, lastSeq: 2n });
        expect(await verifyChain(db, 1)).to.deep.equal({ ok: true, rows: 1, lastSeq: 1n });
      } finally {
        await drop();
      }
    });

    it('serialises appends from concurrent operator processes: no two read the same head', async () => {
      const { db, drop } = await openIsolated(backend, 6);
      try {
        await migrate(db);
        const chained = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => appendOpsEvent(db, exportRun(i))));
        expect(chained.map((r) => r.seq).sort((a, b) => Number(a - b))).to.deep.equal([1n, 2n, 3n, 4n, 5n, 6n]);
        expect(await verifyChain(db, OPS_CHAIN_ID)).to.deep.equal({ ok: true, rows: 6, lastSeq: 6n });
      } finally {
        await drop();
      }
    });
  });
}
