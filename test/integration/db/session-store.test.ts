import { expect } from 'chai';
import { MemorySessionStore, migrate, PostgresSessionStore, readMigrations, type SessionStore } from '../../../db';
import { databaseBackends, openIsolated } from '../../support/databases';

interface StoreBackend {
  readonly name: string;
  open(): Promise<{ store: SessionStore; reopen: () => SessionStore; close: () => Promise<void> }>;
}

const backends: StoreBackend[] = [
  {
    name: 'memory',
    async open() {
      const store = new MemorySessionStore();
      return { store, reopen: () => store, close: async () => undefined };
    },
  },
  ...databaseBackends().map((db): StoreBackend => ({
    name: db.name,
    async open() {
      const isolated = await openIsolated(db);
      await migrate(isolated.db);
      return { store: new PostgresSessionStore(isolated.db), reopen: () => new PostgresSessionStore(isolated.db), close: isolated.drop };
    },
  })),
];

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const SID = 'FIX.4.4:GW->CLIENT1';
/** The sequences without the epoch's start time (checked on its own). */
const seqs = (s: { epoch: number; nextSenderSeq: number; nextTargetSeq: number }): { epoch: number; nextSenderSeq: number; nextTargetSeq: number } => ({ epoch: s.epoch, nextSenderSeq: s.nextSenderSeq, nextTargetSeq: s.nextTargetSeq });

for (const backend of backends) {
  describe(`FIX session store: ${backend.name}`, function () {
    this.timeout(30_000);

    it('starts a new session at 1/1 in epoch 1', async () => {
      const { store, close } = await backend.open();
      try {
        expect(seqs(await store.load(SID))).to.deep.equal({ epoch: 1, nextSenderSeq: 1, nextTargetSeq: 1 });
      } finally {
        await close();
      }
    });

    it('keeps sequences and application messages for a resend, and counts admin messages without storing them', async () => {
      const { store, reopen, close } = await backend.open();
      try {
        await store.load(SID);
        await store.recordOutbound(SID, [
          { seq: 1, msgType: 'A', sendingTimeUs: 1n, body: null },
          { seq: 2, msgType: '8', sendingTimeUs: 2n, body: bytes('er-2') },
          { seq: 3, msgType: '0', sendingTimeUs: 3n, body: null },
        ]);
        await store.recordOutbound(SID, [{ seq: 4, msgType: '8', sendingTimeUs: 1_700_000_000_123_456n, body: bytes('er-4') }]);
        await store.recordInbound(SID, 7);
        const again = reopen();
        expect(seqs(await again.load(SID))).to.deep.equal({ epoch: 1, nextSenderSeq: 5, nextTargetSeq: 7 });
        const replay = await again.outboundRange(SID, 1, 0);
        expect(replay.map((m) => m.seq)).to.deep.equal([2, 4]);
        expect(new TextDecoder().decode(replay[1]?.body)).to.equal('er-4');
        expect(replay[1]?.sendingTimeUs).to.equal(1_700_000_000_123_456n);
        expect((await again.outboundRange(SID, 3, 3)).length).to.equal(0);
        expect((await again.outboundRange(SID, 2, 3)).map((m) => m.seq)).to.deep.equal([2]);
      } finally {
        await close();
      }
    });

    it('refuses outbound messages that skip or repeat a sequence number', async () => {
      const { store, close } = await backend.open();
      try {
        await store.recordOutbound(SID, [{ seq: 1, msgType: '8', sendingTimeUs: 1n, body: bytes('x') }]);
        const repeat = await store.recordOutbound(SID, [{ seq: 1, msgType: '8', sendingTimeUs: 1n, body: bytes('x') }]).then(() => null, (e: unknown) => e);
        expect(repeat).to.be.instanceOf(RangeError);
        const gap = await store.recordOutbound(SID, [{ seq: 3, msgType: '8', sendingTimeUs: 1n, body: bytes('x') }]).then(() => null, (e: unknown) => e);
        expect(gap).to.be.instanceOf(RangeError);
        expect((await store.load(SID)).nextSenderSeq).to.equal(2);
      } finally {
        await close();
      }
    });

    it('takes the writes of many sessions at the same moment, and refuses only the one that repeats a number', async () => {
      const { store, close } = await backend.open();
      try {
        const ids = ['FIX.4.4:GW->A', 'FIX.4.4:GW->B', 'FIX.4.4:GW->C', 'FIX.4.4:GW->D'];
        for (const id of ids) await store.load(id);
        await store.recordOutbound(ids[3] ?? '', [{ seq: 1, msgType: '8', sendingTimeUs: 1n, body: bytes('d1') }]);
        const outcomes = await Promise.all(
          ids.map((id, k) =>
            store
              .recordOutbound(id, [
                { seq: 1, msgType: '8', sendingTimeUs: 2n, body: bytes(`${id}-1`), eventSeq: 10 + k },
                { seq: 2, msgType: '0', sendingTimeUs: 3n, body: null },
              ], 5 + k)
              .then(() => 'stored', (e: unknown) => (e instanceof RangeError ? 'refused' : String(e))),
          ),
        );
        // D had already sent 1: its batch repeats a number and is refused; the others are stored in full.
        expect(outcomes).to.deep.equal(['stored', 'stored', 'stored', 'refused']);
        for (const [k, id] of ids.slice(0, 3).entries()) {
          expect(seqs(await store.load(id))).to.deep.equal({ epoch: 1, nextSenderSeq: 3, nextTargetSeq: 5 + k });
          expect((await store.outboundRange(id, 1, 0)).map((m) => [m.seq, new TextDecoder().decode(m.body)])).to.deep.equal([[1, `${id}-1`]]);
          expect(await store.lastEventSeq(id)).to.equal(10 + k);
        }
        expect((await store.load(ids[3] ?? '')).nextSenderSeq).to.equal(2);
        expect((await store.outboundRange(ids[3] ?? '', 1, 0)).map((m) => new TextDecoder().decode(m.body))).to.deep.equal(['d1']);
      } finally {
        await close();
      }
    });

    it('starts a new epoch on reset: sequences back to 1, a later start time, earlier messages no longer replayed', async () => {
      const { store, close } = await backend.open();
      try {
        const before = (await store.load(SID)).epochStartedAtMs;
        expect(Math.abs(before - Date.now())).to.be.lessThan(60_000);
        await new Promise((r) => setTimeout(r, 20));
        await store.recordOutbound(SID, [{ seq: 1, msgType: '8', sendingTimeUs: 1n, body: bytes('old') }]);
        await store.recordInbound(SID, 5);
        const reset = await store.reset(SID);
        expect(seqs(reset)).to.deep.equal({ epoch: 2, nextSenderSeq: 1, nextTargetSeq: 1 });
        expect(reset.epochStartedAtMs).to.be.greaterThan(before);
        expect(await store.outboundRange(SID, 1, 0)).to.deep.equal([]);
        await store.recordOutbound(SID, [{ seq: 1, msgType: '8', sendingTimeUs: 2n, body: bytes('new') }]);
        const replay = await store.outboundRange(SID, 1, 0);
        expect(replay.map((m) => new TextDecoder().decode(m.body))).to.deep.equal(['new']);
      } finally {
        await close();
      }
    });

    it('lets an operator set one direction without a new epoch', async () => {
      const { store, close } = await backend.open();
      try {
        await store.recordInbound(SID, 4);
        expect(seqs(await store.setSequences(SID, { nextSenderSeq: 100 }))).to.deep.equal({ epoch: 1, nextSenderSeq: 100, nextTargetSeq: 4 });
        expect(seqs(await store.setSequences(SID, { nextTargetSeq: 9 }))).to.deep.equal({ epoch: 1, nextSenderSeq: 100, nextTargetSeq: 9 });
      } finally {
        await close();
      }
    });

    it('keeps sessions apart', async () => {
      const { store, close } = await backend.open();
      try {
        await store.recordOutbound(SID, [{ seq: 1, msgType: '8', sendingTimeUs: 1n, body: bytes('a') }]);
        expect(seqs(await store.load('FIX.4.2:GW->OTHER'))).to.deep.equal({ epoch: 1, nextSenderSeq: 1, nextTargetSeq: 1 });
        expect(await store.outboundRange('FIX.4.2:GW->OTHER', 1, 0)).to.deep.equal([]);
      } finally {
        await close();
      }
    });

    it('knows the last gateway event it stored a report of, across resets (0 before any)', async () => {
      const { store, close } = await backend.open();
      try {
        await store.load(SID);
        expect(await store.lastEventSeq(SID)).to.equal(0);
        await store.recordOutbound(SID, [
          { seq: 1, msgType: '8', sendingTimeUs: 1n, body: bytes('a'), eventSeq: 41 },
          { seq: 2, msgType: '0', sendingTimeUs: 2n, body: null },
          { seq: 3, msgType: '8', sendingTimeUs: 3n, body: bytes('b'), eventSeq: 42 },
        ]);
        expect(await store.lastEventSeq(SID)).to.equal(42);
        await store.recordOutbound(SID, [{ seq: 4, msgType: '9', sendingTimeUs: 4n, body: bytes('c') }]);
        expect(await store.lastEventSeq(SID)).to.equal(42);
        await store.reset(SID);
        expect(await store.lastEventSeq(SID)).to.equal(42);
        expect(await store.lastEventSeq('FIX.4.2:GW->OTHER')).to.equal(0);
      } finally {
        await close();
      }
    });

    it('enrols a new session at the journal\'s last event, leaves a known one as it is, and keeps the higher of enrolment and reports', async () => {
      const { store, close } = await backend.open();
      try {
        await store.enrol(SID, 17);
        expect(await store.lastEventSeq(SID)).to.equal(17);
        expect(await store.load(SID)).to.include({ epoch: 1, nextSenderSeq: 1, nextTargetSeq: 1 });
        await store.enrol(SID, 90);
        expect(await store.lastEventSeq(SID)).to.equal(17);
        await store.recordOutbound(SID, [{ seq: 1, msgType: '8', sendingTimeUs: 1n, body: bytes('a'), eventSeq: 18 }]);
        expect(await store.lastEventSeq(SID)).to.equal(18);
        // A session that logged on before (its row exists) keeps what it had, even when it had no report yet.
        const other = 'FIX.4.2:GW->OTHER';
        await store.load(other);
        await store.enrol(other, 50);
        expect(await store.lastEventSeq(other)).to.equal(0);
      } finally {
        await close();
      }
    });

    it('drops the stored reports of events beyond the journal, keeps their numbers used, and lowers lastEventSeq', async () => {
      const { store, reopen, close } = await backend.open();
      try {
        await store.load(SID);
        await store.recordOutbound(SID, [
          { seq: 1, msgType: '8', sendingTimeUs: 1n, body: bytes('e40'), eventSeq: 40 },
          { seq: 2, msgType: '0', sendingTimeUs: 2n, body: null },
          { seq: 3, msgType: '8', sendingTimeUs: 3n, body: bytes('e41'), eventSeq: 41 },
          { seq: 4, msgType: '3', sendingTimeUs: 4n, body: bytes('session reject') },
          { seq: 5, msgType: '8', sendingTimeUs: 5n, body: bytes('e42'), eventSeq: 42 },
          { seq: 6, msgType: '8', sendingTimeUs: 6n, body: bytes('e43'), eventSeq: 43 },
        ]);
        const later = reopen();
        expect(await later.dropReportsBeyond(SID, 43)).to.equal(0);
        expect(await later.dropReportsBeyond(SID, 41)).to.equal(2);
        expect(await later.lastEventSeq(SID)).to.equal(41);
        expect((await later.outboundRange(SID, 1, 0)).map((m) => [m.seq, new TextDecoder().decode(m.body)])).to.deep.equal([[1, 'e40'], [3, 'e41'], [4, 'session reject']]);
        expect((await later.load(SID)).nextSenderSeq).to.equal(7);
        expect(await later.dropReportsBeyond(SID, 41)).to.equal(0);
        expect(await later.dropReportsBeyond('FIX.4.2:GW->NOBODY', 0)).to.equal(0);
      } finally {
        await close();
      }
    });
  });
}

for (const backend of databaseBackends()) {
  describe(`FIX session store on ${backend.name}: what the metrics are told of its writes`, function () {
    this.timeout(30_000);

    it('tells its observers of each statement, with the sessions it wrote; an observer that throws holds nothing back', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        const store = new PostgresSessionStore(db);
        const seen: { sessions: number; commitMs: number }[] = [];
        store.observeWrites(() => {
          throw new Error('a broken metric');
        });
        store.observeWrites((sessions, commitMs) => seen.push({ sessions, commitMs }));
        const ids = ['FIX.4.4:GW->A', 'FIX.4.4:GW->B', 'FIX.4.4:GW->C'];
        for (const id of ids) await store.load(id);
        // Written at the same moment: one statement for the three sessions.
        await Promise.all(ids.map((id) => store.recordOutbound(id, [{ seq: 1, msgType: '8', sendingTimeUs: 1n, body: bytes(`${id}-1`) }])));
        await store.recordOutbound('FIX.4.4:GW->A', [{ seq: 2, msgType: '8', sendingTimeUs: 2n, body: bytes('A-2') }]);
        expect(seen.map((s) => s.sessions)).to.deep.equal([3, 1]);
        for (const s of seen) expect(s.commitMs).to.be.a('number').and.at.least(0);
        expect((await store.load('FIX.4.4:GW->A')).nextSenderSeq).to.equal(3);
      } finally {
        await drop();
      }
    });
  });

  describe(`migration 0012, session enrolment (${backend.name})`, function () {
    this.timeout(30_000);

    it('puts the sessions known before it with no report at the journal\'s last event, and leaves the others', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db, readMigrations().filter((m) => m.version < 12));
        const event = (seq: number, gatewaySeq: number): unknown[] => [seq, Buffer.from(JSON.stringify({ gatewaySeq, event: {} }), 'utf8')];
        for (const [seq, body] of [event(1, 7), event(2, 9)]) {
          await db.query("INSERT INTO audit_event (chain_id, seq, event_date, event_ts_us, event_type, source, body, prev_hash, row_hash) VALUES (1, $1, '2026-12-06', 1, 'NEWO', 'test', $2, '\\x00', '\\x00')", [seq, body]);
        }
        await db.query("INSERT INTO fix_session (session_id, epoch, next_sender_seq, next_target_seq, last_event_seq) VALUES ('A', 1, 1, 1, 0), ('B', 1, 5, 5, 3)");
        await migrate(db);
        const rows = await db.query<{ session_id: string; last_event_seq: string }>('SELECT session_id, last_event_seq FROM fix_session ORDER BY session_id');
        expect(rows.rows.map((r) => [r.session_id, Number(r.last_event_seq)])).to.deep.equal([['A', 9], ['B', 3]]);
      } finally {
        await drop();
      }
    });
  });
}
