import { expect } from 'chai';
import { Writable } from 'node:stream';
import { InstrumentRepository, migrate } from '../../../db';
import { configSchema } from '../../../ops/config/schema';
import { createFixAcceptor, prepareSessionStores, redeliverMissed, type FixWiring } from '../../../ops/fix-wiring';
import { createLogger, type Logger } from '../../../ops/log/logger';
import { GatewayMetrics } from '../../../ops/metrics/registry';
import { createOrderPath, type OrderWiring } from '../../../ops/order-wiring';
import { databaseBackends, openIsolated } from '../../support/databases';
import { FixTestClient, fixTime, type ReceivedMessage } from '../../support/fix-test-client';

const quiet = createLogger({ level: 'error', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });
/** The gateway's clock; a test moves it forward to stand for time passing while the gateway is down. */
let aheadUs = 0n;
const clock = { nowUs: (): bigint => BigInt(Date.now()) * 1000n + aheadUs };
const DESK = { beginString: 'FIX.4.4', senderCompId: 'DESK', targetCompId: 'GW' };
const CLEAR = { beginString: 'FIX.4.4', senderCompId: 'CLEAR', targetCompId: 'GW' };
const FAST = { beginString: 'FIX.4.4', senderCompId: 'FAST', targetCompId: 'GW' };
const config = configSchema.parse({
  fix: {
    port: 0,
    sessions: [
      { beginString: 'FIX.4.4', senderCompId: 'GW', targetCompId: 'DESK', role: 'order-entry', account: 'ACC1', store: 'database' },
      { beginString: 'FIX.4.4', senderCompId: 'GW', targetCompId: 'FAST', role: 'order-entry', account: 'ACC2', store: 'database', overlapCommits: true },
      { beginString: 'FIX.4.4', senderCompId: 'GW', targetCompId: 'CLEAR', role: 'drop-copy', store: 'database' },
      // Copies of another account's orders only: none of the events here are its own.
      { beginString: 'FIX.4.4', senderCompId: 'GW', targetCompId: 'OTHER', role: 'drop-copy', account: 'ACC9', store: 'database' },
    ],
  },
});

/** The same sessions and LATE, a drop-copy session configured after the first events. */
const withLate = configSchema.parse({
  fix: {
    port: 0,
    sessions: [...config.fix.sessions, { beginString: 'FIX.4.4', senderCompId: 'GW', targetCompId: 'LATE', role: 'drop-copy', store: 'database' }],
  },
});
const LATE = { beginString: 'FIX.4.4', senderCompId: 'LATE', targetCompId: 'GW' };

/** The process's order path and FIX acceptor on `db`, as ops/app.ts builds them (recovery included). */
async function start(
  db: Parameters<typeof createOrderPath>[1],
  sessions = config,
  options: { readonly logger?: Logger; readonly keptEvents?: number } = {},
): Promise<{ orders: OrderWiring; fix: FixWiring; port: number; regenerated: number; dropped: number }> {
  const orders = await createOrderPath(sessions, db, clock, quiet);
  const dropped = await prepareSessionStores(sessions, db, orders.journaledEventSeq, quiet);
  const fix = createFixAcceptor(sessions, { database: db, clock, logger: quiet, metrics: new GatewayMetrics({ collectProcessMetrics: false }), orderEntry: orders.orderEntry, orderPath: orders.orderPath });
  // keptEvents: fewer events kept from the replay than the process keeps (20,000), as after a longer history.
  const kept = options.keptEvents === undefined ? orders.recentEvents : orders.recentEvents.slice(-options.keptEvents);
  const regenerated = await redeliverMissed(fix, kept, options.logger ?? quiet);
  orders.startExpiry();
  const { port } = await fix.acceptor.listen();
  return { orders, fix, port, regenerated, dropped };
}

/** Stops a started gateway as a crash would: connections dropped, no Logout; what the journal holds is committed. */
async function kill(running: Awaited<ReturnType<typeof start>>): Promise<void> {
  running.fix.acceptor.destroy();
  running.orders.stop();
  await running.orders.journal.drained();
}

async function logon(port: number, identity: typeof DESK, nextSeq = 1, nextExpected?: number): Promise<{ client: FixTestClient; logon: ReceivedMessage }> {
  const client = await FixTestClient.connect(port, identity);
  client.nextSeq = nextSeq;
  client.logon(30, nextExpected === undefined ? [[98, 0]] : [[98, 0], [789, nextExpected]]);
  return { client, logon: await client.expect('A') };
}

/**
 * A first run on `db`: DESK and CLEAR log on, DESK's bid `<prefix>1` of 10 and offer `<prefix>2` of 4 trade (New,
 * New, then the trade's two fills: DESK's MsgSeqNum 2 to 5, and CLEAR's copies), and the process stops as a crash
 * would once all of it is stored and committed. Returns DESK's reports, CLEAR's copies and the clients (closed).
 */
async function tradeThenStop(db: Parameters<typeof createOrderPath>[1], prefix: string): Promise<{ reports: ReceivedMessage[]; copies: ReceivedMessage[]; desk: FixTestClient; clear: FixTestClient }> {
  const running = await start(db);
  const desk = await logon(running.port, DESK);
  const clear = await logon(running.port, CLEAR);
  try {
    expect(running.regenerated).to.equal(0);
    desk.client.send('D', [[11, `${prefix}1`], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 10], [40, '2'], [44, '10.00']]);
    desk.client.send('D', [[11, `${prefix}2`], [55, 'ACME'], [54, '2'], [60, fixTime()], [38, 4], [40, '2'], [44, '10.00']]);
    const reports = [await desk.client.expect('8'), await desk.client.expect('8'), await desk.client.expect('8'), await desk.client.expect('8')];
    const copies = [await clear.client.expect('8'), await clear.client.expect('8'), await clear.client.expect('8'), await clear.client.expect('8')];
    expect(reports.map((r) => r.seq)).to.deep.equal([2, 3, 4, 5]);
    return { reports, copies, desk: desk.client, clear: clear.client };
  } finally {
    desk.client.close();
    clear.client.close();
    running.fix.acceptor.destroy();
    await Promise.all(running.fix.sessions.map((s) => s.drained()));
    running.orders.stop();
    await running.orders.journal.drained();
  }
}

/** A fresh migrated database with the instrument ACME, open for trading. */
async function acmeDatabase(backend: ReturnType<typeof databaseBackends>[number]): Promise<Awaited<ReturnType<typeof openIsolated>>> {
  const isolated = await openIsolated(backend);
  try {
    await migrate(isolated.db);
    await new InstrumentRepository(isolated.db).upsert({ symbol: 'ACME', isin: null, currency: 'USD', tickSize: '0.01', lotSize: '1', tradingStatus: 'open' });
    return isolated;
  } catch (e: unknown) {
    await isolated.drop();
    throw e;
  }
}

for (const backend of databaseBackends()) {
  describe(`restart after a kill between the journal commit and the session store write (${backend.name})`, function () {
    this.timeout(60_000);

    it('reports again, under their original ExecIDs, the events the journal holds but no session store does', async () => {
      const { db, drop } = await acmeDatabase(backend);
      let running: Awaited<ReturnType<typeof start>> | null = null;
      const clients: FixTestClient[] = [];
      try {
        const { reports, copies, desk, clear } = await tradeThenStop(db, 'K');

        // The kill came after the journal committed the trade but before either session store held its reports:
        // the stores are put back as they were before the fills (messages 4 and 5 of DESK, 4 and 5 of CLEAR).
        const eventSeqOf = (m: ReceivedMessage | undefined): number => Number(/^E(\d+)/.exec(m?.get(17) ?? '')?.[1] ?? -1);
        for (const [compId, kept] of [['DESK', reports[1]], ['CLEAR', copies[1]]] as const) {
          const sessionId = `FIX.4.4:GW->${compId}`;
          await db.query('DELETE FROM fix_message_out WHERE session_id = $1 AND seq >= 4', [sessionId]);
          await db.query('UPDATE fix_session SET next_sender_seq = 4, last_event_seq = $2 WHERE session_id = $1', [sessionId, eventSeqOf(kept)]);
        }

        running = await start(db);
        expect(running.regenerated).to.equal(2); // the trade, to each session (none to OTHER, which copies ACC9 only)
        // DESK saw up to 3: our Logon comes as 6 and the resend brings 4 and 5, the fills, as first reported.
        const back = await logon(running.port, DESK, desk.nextSeq, 4);
        clients.push(back.client);
        expect(back.logon.seq).to.equal(6);
        const resent = [await back.client.expect('8'), await back.client.expect('8')];
        expect(resent.map((m) => [m.seq, m.get(43), m.get(17), m.get(11), m.get(39)])).to.deep.equal(reports.slice(2).map((m) => [m.seq, 'Y', m.get(17), m.get(11), m.get(39)]));
        const clearBack = await logon(running.port, CLEAR, clear.nextSeq, 4);
        clients.push(clearBack.client);
        const copiesAgain = [await clearBack.client.expect('8'), await clearBack.client.expect('8')];
        expect(copiesAgain.map((m) => [m.get(17), m.get(797)])).to.deep.equal(copies.slice(2).map((m) => [m.get(17), 'Y']));
      } finally {
        for (const c of clients) c.close();
        if (running !== null) await kill(running);
        await drop();
      }
    });
    it('reports every event to a session that had not stored its first report at the kill, and nothing from before to a session configured later', async () => {
      const { db, drop } = await acmeDatabase(backend);
      let running: Awaited<ReturnType<typeof start>> | null = null;
      const clients: FixTestClient[] = [];
      try {
        const { reports, copies, desk, clear } = await tradeThenStop(db, 'M');

        // The kill came after the journal committed all three events but before either store held any report: the
        // stores are put back as they were after the Logon (message 1), with the last event they had at enrolment.
        for (const compId of ['DESK', 'CLEAR']) {
          const sessionId = `FIX.4.4:GW->${compId}`;
          await db.query('DELETE FROM fix_message_out WHERE session_id = $1 AND seq >= 2', [sessionId]);
          await db.query('UPDATE fix_session SET next_sender_seq = 2, last_event_seq = 0 WHERE session_id = $1', [sessionId]);
        }

        running = await start(db, withLate);
        // Three events (two orders accepted, one trade) to each session; none to LATE, which came after them.
        expect(running.regenerated).to.equal(6);
        const back = await logon(running.port, DESK, desk.nextSeq, 2);
        clients.push(back.client);
        const resent = [await back.client.expect('8'), await back.client.expect('8'), await back.client.expect('8'), await back.client.expect('8')];
        expect(resent.map((m) => [m.seq, m.get(43), m.get(17), m.get(11), m.get(39)])).to.deep.equal(reports.map((m) => [m.seq, 'Y', m.get(17), m.get(11), m.get(39)]));
        const clearBack = await logon(running.port, CLEAR, clear.nextSeq, 2);
        clients.push(clearBack.client);
        const copiesAgain = [await clearBack.client.expect('8'), await clearBack.client.expect('8'), await clearBack.client.expect('8'), await clearBack.client.expect('8')];
        expect(copiesAgain.map((m) => [m.get(17), m.get(797)])).to.deep.equal(copies.map((m) => [m.get(17), 'Y']));

        const late = await logon(running.port, LATE);
        clients.push(late.client);
        expect(late.logon.seq).to.equal(1);
        const lateRow = await db.query<{ last_event_seq: string }>("SELECT last_event_seq FROM fix_session WHERE session_id = 'FIX.4.4:GW->LATE'");
        expect(Number(lateRow.rows[0]?.last_event_seq)).to.equal(running.orders.journaledEventSeq).and.to.be.greaterThan(0);
        // A new order now reaches LATE as its first copy (MsgSeqNum 2): nothing from before came first.
        back.client.send('D', [[11, 'M3'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 1], [40, '2'], [44, '9.00']]);
        const firstCopy = await late.client.expect('8');
        expect([firstCopy.seq, firstCopy.get(11), firstCopy.get(797)]).to.deep.equal([2, 'M3', 'Y']);
      } finally {
        for (const c of clients) c.close();
        if (running !== null) await kill(running);
        await drop();
      }
    });
  });

  describe(`a session with no report for longer than the events a restart keeps (${backend.name})`, function () {
    this.timeout(60_000);

    it('is warned about once, at the first restart, and not again at every later one', async () => {
      const { db, drop } = await acmeDatabase(backend);
      let running: Awaited<ReturnType<typeof start>> | null = null;
      const clients: FixTestClient[] = [];
      const warnings: { message: string; sessionId?: string }[] = [];
      const logger = createLogger({ level: 'warn', stream: new Writable({ write: (chunk: Buffer, _encoding, done) => { warnings.push(JSON.parse(chunk.toString()) as { message: string }); done(); } }) });
      try {
        // FAST is enrolled on an empty journal, then sends nothing while DESK trades (three events).
        await tradeThenStop(db, 'Q');

        // The restart keeps only the last event: FAST's last stored event (0) is older than it.
        running = await start(db, config, { logger, keptEvents: 1 });
        expect(running.regenerated).to.equal(0);
        const olderThanKept = 'the session stored no report since before the events kept from the replay: any of its events in between are not reported again';
        expect(warnings.map((w) => [w.sessionId, w.message])).to.deep.equal([
          ['FIX.4.4:GW->FAST', olderThanKept],
          ['FIX.4.4:GW->OTHER', olderThanKept],
        ]);
        const row = await db.query<{ last_event_seq: string }>("SELECT last_event_seq FROM fix_session WHERE session_id = 'FIX.4.4:GW->FAST'");
        expect(Number(row.rows[0]?.last_event_seq)).to.equal(running.orders.journaledEventSeq).and.to.equal(3);
        await kill(running);
        running = null;

        warnings.length = 0;
        running = await start(db, config, { logger, keptEvents: 1 });
        expect(warnings).to.deep.equal([]);
        // FAST still works from there: the report of its first order is its MsgSeqNum 2, after its Logon.
        const fast = await logon(running.port, FAST);
        clients.push(fast.client);
        fast.client.send('D', [[11, 'F1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 1], [40, '2'], [44, '9.00']]);
        const report = await fast.client.expect('8');
        expect([report.seq, report.get(11), report.get(39)]).to.deep.equal([2, 'F1', '0']);
      } finally {
        for (const c of clients) c.close();
        if (running !== null) await kill(running);
        await drop();
      }
    });
  });

  describe(`a report stored while its journal batch commits (${backend.name})`, function () {
    this.timeout(60_000);

    if (backend.name === 'postgres') {
      it('is stored at once but written only once its event is committed', async () => {
        const { db, drop } = await acmeDatabase(backend);
        let running: Awaited<ReturnType<typeof start>> | null = null;
        const clients: FixTestClient[] = [];
        let unlock = (): void => undefined;
        try {
          running = await start(db);
          const desk = await logon(running.port, FAST);
          clients.push(desk.client);
          // Another transaction holds a lock that lets audit_event be read but not written: the journal's batch waits.
          let locked = (): void => undefined;
          const lockTaken = new Promise<void>((resolve) => (locked = resolve));
          const held = db.transaction(async (c) => {
            await c.query('LOCK TABLE audit_event IN SHARE MODE');
            locked();
            await new Promise<void>((resolve) => (unlock = resolve));
          });
          await lockTaken;
          desk.client.send('D', [[11, 'H1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 10], [40, '2'], [44, '10.00']]);
          const stored = async (): Promise<{ seq: string; event_seq: string }[]> =>
            (await db.query<{ seq: string; event_seq: string }>("SELECT seq, event_seq FROM fix_message_out WHERE session_id = 'FIX.4.4:GW->FAST' AND event_seq IS NOT NULL")).rows;
          for (let i = 0; i < 100 && (await stored()).length === 0; i += 1) await new Promise((r) => setTimeout(r, 20));
          expect((await stored()).map((r) => Number(r.seq))).to.deep.equal([2]);
          // Stored, and not sent: its event is not committed.
          await new Promise((r) => setTimeout(r, 300));
          expect(desk.client.pending().filter((m) => m.msgType === '8')).to.deep.equal([]);
          expect((await db.query("SELECT count(*)::int AS n FROM audit_event WHERE cl_ord_id = 'H1'")).rows[0]).to.deep.equal({ n: 0 });
          unlock();
          await held;
          const report = await desk.client.expect('8');
          expect([report.seq, report.get(11), report.get(39), report.get(17)]).to.deep.equal([2, 'H1', '0', `E${(await stored())[0]?.event_seq}`]);
          expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_event WHERE cl_ord_id = 'H1'")).rows[0]?.n).to.be.greaterThan(0);
        } finally {
          unlock();
          for (const c of clients) c.close();
          if (running !== null) await kill(running);
          await drop();
        }
      });
    }

    it('after a kill before the journal committed: the restart deletes it, a resend gap-fills its number, and its event seq is used again', async () => {
      const { db, drop } = await acmeDatabase(backend);
      let running: Awaited<ReturnType<typeof start>> | null = null;
      const clients: FixTestClient[] = [];
      try {
        running = await start(db);
        expect(running.dropped).to.equal(0);
        const desk = await logon(running.port, FAST);
        clients.push(desk.client);
        desk.client.send('D', [[11, 'J1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 10], [40, '2'], [44, '10.00']]);
        const first = await desk.client.expect('8');
        expect(first.seq).to.equal(2);
        for (const c of clients.splice(0)) c.close();
        await kill(running);
        running = null;

        // What a kill leaves when the session store committed a report (MsgSeqNum 3) of an event (one past the
        // journal's last) whose journal batch never committed: the report is stored, never sent.
        const ghost = Number(/^E(\d+)/.exec(first.get(17) ?? '')?.[1]) + 1;
        await db.query(
          "INSERT INTO fix_message_out (session_id, epoch, seq, msg_type, sending_time_us, body, event_seq) VALUES ('FIX.4.4:GW->FAST', 1, 3, '8', 1, $1, $2)",
          [Buffer.from(`8=FIX.4.4\x019=5\x0135=8\x0117=E${ghost}\x0110=000\x01`), ghost],
        );
        await db.query("UPDATE fix_session SET next_sender_seq = 4, last_event_seq = $1 WHERE session_id = 'FIX.4.4:GW->FAST'", [ghost]);

        running = await start(db);
        expect(running.dropped).to.equal(1);
        expect(running.regenerated).to.equal(0);
        const back = await logon(running.port, FAST, desk.client.nextSeq, 3);
        clients.push(back.client);
        expect(back.logon.seq).to.equal(4);
        const gapFill = await back.client.expect('4');
        expect([gapFill.seq, gapFill.get(123), gapFill.get(36)]).to.deep.equal([3, 'Y', '4']);
        back.client.send('D', [[11, 'J2'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 5], [40, '2'], [44, '9.00']]);
        const next = await back.client.expect('8');
        expect([next.seq, next.get(11), next.get(17)]).to.deep.equal([5, 'J2', `E${ghost}`]);
      } finally {
        for (const c of clients) c.close();
        if (running !== null) await kill(running);
        await drop();
      }
    });
  });

  describe(`restart after orders expired while the gateway was down (${backend.name})`, function () {
    this.timeout(60_000);

    it('expires them at start and stores their reports for the session, which gets them at its next Logon', async () => {
      const { db, drop } = await acmeDatabase(backend);
      let running: Awaited<ReturnType<typeof start>> | null = null;
      const clients: FixTestClient[] = [];
      aheadUs = 0n;
      try {
        running = await start(db);
        const desk = await logon(running.port, DESK);
        clients.push(desk.client);
        const expireAt = fixTime(new Date(Date.now() + 10_000));
        desk.client.send('D', [[11, 'G1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 5], [40, '2'], [44, '10.00'], [59, '6'], [126, expireAt]]);
        expect((await desk.client.expect('8')).get(39)).to.equal('0');
        for (const c of clients.splice(0)) c.close();
        await running.fix.acceptor.close();
        running.orders.stop();
        await running.orders.journal.drained();
        running = null;

        aheadUs = 30_000_000n; // 30 s later: G1's expiry has passed while no gateway ran
        running = await start(db);
        await Promise.all(running.fix.sessions.map((s) => s.drained()));
        await running.orders.journal.drained();
        const back = await logon(running.port, DESK, desk.client.nextSeq, 3);
        clients.push(back.client);
        let expired: ReceivedMessage | undefined;
        while (expired === undefined) {
          const m = await back.client.next();
          if (m.msgType === '8' && m.get(11) === 'G1') expired = m;
        }
        expect([expired.get(150), expired.get(39), expired.get(43)]).to.deep.equal(['C', 'C', 'Y']);
      } finally {
        aheadUs = 0n;
        for (const c of clients) c.close();
        if (running !== null) await kill(running);
        await drop();
      }
    });
  });
}
