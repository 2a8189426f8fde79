import { expect } from 'chai';
import { migrate, JournalWriter, PostgresJournalStore, verifyChain, type AuditRecord } from '../../../db';
import { databaseBackends, openIsolated } from '../../support/databases';
import { GatedStore } from '../../support/gated-journal-store';

const T0 = BigInt(Date.UTC(2026, 10, 25, 10, 0, 0)) * 1000n;
const record = (i: number, type = 'NEWO'): AuditRecord => ({
  eventTsUs: T0 + BigInt(i),
  eventType: type,
  source: 'fix:FIX.4.4:GW->C1',
  orderId: i,
  clOrdId: `C${i}`,
  body: Buffer.from(JSON.stringify({ i, type })),
  bodyJson: { i, type },
});

for (const backend of databaseBackends()) {
  describe(`audit journal on ${backend.name}`, function () {
    this.timeout(60_000);

    it('chains every record, verifies, survives a restart of the writer, and finds the first broken link', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        const store = new PostgresJournalStore(db);
        let writer = await JournalWriter.open(store, 1);
        for (let i = 1; i <= 25; i += 1) writer.append([record(i)], () => undefined);
        await writer.drained();
        writer = await JournalWriter.open(store, 1);
        writer.append([record(26, 'FILL'), record(27, 'FILL')], () => undefined);
        await writer.drained();
        expect(await verifyChain(db, 1)).to.deep.equal({ ok: true, rows: 27, lastSeq: 27n });
        expect(await verifyChain(db, 1, 20n)).to.deep.equal({ ok: true, rows: 8, lastSeq: 27n });

        await db.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
        await db.query(`UPDATE audit_event SET body = $1 WHERE chain_id = 1 AND seq = 12`, [Buffer.from('{"i":12,"type":"FILL"}')]);
        const broken = await verifyChain(db, 1);
        expect(broken).to.deep.include({ ok: false, brokenAtSeq: 12n, rows: 11 });
      } finally {
        await drop();
      }
    });

    it('stores every byte of bodies and raw messages as given: binary bytes, an empty raw message, and none (NULL)', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        const writer = await JournalWriter.open(new PostgresJournalStore(db), 5);
        const every = Uint8Array.from({ length: 256 }, (_, k) => k);
        const fix = Buffer.from('8=FIX.4.4\x019=5\x0135=D\x0110=000\x01', 'latin1');
        writer.append([{ ...record(1), rawMsg: every }, { ...record(2), rawMsg: new Uint8Array(0) }, record(3), { ...record(4), rawMsg: fix, body: Buffer.from('{"quote":"\\"","text":"a,b {c}"}') }], () => undefined);
        await writer.drained();
        const rows = (await db.query<{ seq: string; raw_msg: Buffer | null; body: Buffer }>('SELECT seq, raw_msg, body FROM audit_event WHERE chain_id = 5 ORDER BY seq')).rows;
        expect(rows.map((r) => r.raw_msg === null ? null : [...r.raw_msg])).to.deep.equal([[...every], [], null, [...fix]]);
        expect(rows.map((r) => r.body.toString('utf8'))).to.deep.equal([
          JSON.stringify({ i: 1, type: 'NEWO' }), JSON.stringify({ i: 2, type: 'NEWO' }), JSON.stringify({ i: 3, type: 'NEWO' }), '{"quote":"\\"","text":"a,b {c}"}',
        ]);
        expect(await verifyChain(db, 5)).to.deep.equal({ ok: true, rows: 4, lastSeq: 4n });
      } finally {
        await drop();
      }
    });

    it('refuses UPDATE, DELETE and TRUNCATE of the audit log', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        const writer = await JournalWriter.open(new PostgresJournalStore(db), 1);
        writer.append([record(1)], () => undefined);
        await writer.drained();
        for (const sql of ["UPDATE audit_event SET event_type = 'FILL'", 'DELETE FROM audit_event', 'TRUNCATE audit_event']) {
          const error = await db.query(sql).then(() => null, (e: unknown) => e);
          expect(error, sql).to.be.instanceOf(Error);
          expect((error as Error).message).to.match(/append-only/);
        }
        expect((await db.query('SELECT count(*)::int AS n FROM audit_event')).rows[0]).to.deep.equal({ n: 1 });
      } finally {
        await drop();
      }
    });

    it('releases each caller only after the batch holding its records has committed, in order, with group commit', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        const store = new GatedStore(new PostgresJournalStore(db));
        const writer = await JournalWriter.open(store, 3);
        const released: number[] = [];
        store.hold();
        writer.append([record(1)], () => released.push(1));
        await new Promise((r) => setImmediate(r));
        // A write is in flight and held: these wait for it, then go together in one batch.
        for (let i = 2; i <= 50; i += 1) writer.append([record(i), record(i + 1000)], () => released.push(i));
        await new Promise((r) => setTimeout(r, 50));
        expect(released).to.deep.equal([]);
        const committedRows = async (): Promise<number> => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_event WHERE chain_id = 3')).rows[0]?.n ?? -1;
        expect(await committedRows()).to.equal(0);
        store.release();
        await writer.drained();
        expect(released).to.deep.equal(Array.from({ length: 50 }, (_, k) => k + 1));
        expect(store.batches).to.deep.equal([1, 98]);
        expect(await committedRows()).to.equal(99);
        expect(await verifyChain(db, 3)).to.deep.include({ ok: true, rows: 99 });
      } finally {
        await drop();
      }
    });

    it('retries a failed write and never releases what is not committed', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        const store = new GatedStore(new PostgresJournalStore(db));
        const errors: number[] = [];
        const writer = await JournalWriter.open(store, 4, { maxBatchRecords: 500, retryDelayMs: 10, onWriteError: (_e, attempt) => errors.push(attempt) });
        store.failures = 2;
        let released = false;
        writer.append([record(1)], () => (released = true));
        await new Promise((r) => setTimeout(r, 5));
        expect(released).to.equal(false);
        await writer.drained();
        expect(errors).to.deep.equal([1, 2]);
        expect(released).to.equal(true);
        expect(await verifyChain(db, 4)).to.deep.equal({ ok: true, rows: 1, lastSeq: 1n });
      } finally {
        await drop();
      }
    });
  });
}
