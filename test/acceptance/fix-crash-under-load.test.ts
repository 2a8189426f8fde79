import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { Database, EmbeddedPostgres } from '../../db';
import { cleanUp, drain, logOn, resynchronise } from '../support/crash-resync';
import { type FixTestClient, fixTime, type ReceivedMessage } from '../support/fix-test-client';
import { acmeGatewayConfig, PROJECT_ROOT, startGateway, type GatewayProcess } from '../support/gateway-process';

const DESK = { beginString: 'FIX.4.4', senderCompId: 'DESK', targetCompId: 'GW' };
const CLEAR = { beginString: 'FIX.4.4', senderCompId: 'CLEAR', targetCompId: 'GW' };
const ORDERS = 1_500;
const LIVE = new Set(['0', '1']);

/**
 * The next message, or an error that carries the tail of what the gateway printed and what had come in before: a
 * 15 s silence after the restart's mass cancel was seen once, in a full-suite run, and never again alone or under load.
 */
async function nextOrExplain(client: FixTestClient, gateway: GatewayProcess, what: string, seen: readonly ReceivedMessage[]): Promise<ReceivedMessage> {
  try {
    return await client.next(15_000);
  } catch (e: unknown) {
    const received = seen.map((m) => `${m.msgType}:${m.seq}`).join(' ');
    throw new Error(`${e instanceof Error ? e.message : String(e)} waiting for ${what}; received before: ${received}; gateway stdout: ${gateway.stdout().slice(-4_000)}; stderr: ${gateway.stderr().slice(-2_000)}`);
  }
}

/** The orders a client believes are working, from its reports in MsgSeqNum order. */
function working(reports: readonly ReceivedMessage[]): Set<string> {
  const live = new Set<string>();
  for (const r of [...reports].sort((a, b) => a.seq - b.seq)) {
    const id = r.get(11) ?? '';
    if (LIVE.has(r.get(39) ?? '')) live.add(id);
    else live.delete(r.get(41) ?? id);
  }
  return live;
}

describe('gateway process: SIGKILL under load, restart, and nothing the client was told is lost', function () {
  this.timeout(180_000);
  let gateway: GatewayProcess | null = null;
  const clients: FixTestClient[] = [];
  afterEach(() => cleanUp(clients, gateway));

  // Both ways of storing reports: after the journal commit (default), and while it commits (overlapCommits), where a
  // kill can leave stored reports of events the journal never committed (the restart deletes them). Killed after the
  // 150th report, and after the first: the drop-copy session may then not have stored any copy yet, and must still
  // get the copy of every event the journal holds (it lost the first ones before sessions were enrolled at start).
  for (const [overlapCommits, killAfter] of [[false, 150], [true, 150], [true, 1]] as const) {
    it(`every report received is journaled, the book comes back as the client knew it, the chain verifies, drop copies match${overlapCommits ? ' (overlapCommits)' : ''}, killed after report ${killAfter}`, async () => {
      const { dir, config } = acmeGatewayConfig('gw-crash-load-', [
        `{ beginString: FIX.4.4, senderCompId: GW, targetCompId: DESK, role: order-entry, account: ACC1, store: database, overlapCommits: ${overlapCommits} }`,
        '{ beginString: FIX.4.4, senderCompId: GW, targetCompId: CLEAR, role: drop-copy, store: database }',
      ]);
      const env = { GW_DATA_DIR: dir, GW_HTTP_PORT: '0' };
      const connect = (port: number, identity: typeof DESK, nextSeq = 1, nextExpected?: number): Promise<{ client: FixTestClient; logon: ReceivedMessage }> =>
        logOn(port, identity, clients, nextSeq, nextExpected);

      gateway = startGateway(['--config', config], env);
      let port = Number(String((await gateway.waitForLog('gateway ready', 60_000)).fix).split(':').pop());
      const desk = await connect(port, DESK);
      const clear = await connect(port, CLEAR);
      // Two bids for every offer at the same price: trades all along, and the book keeps growing.
      for (let i = 1; i <= ORDERS; i += 1) {
        const sell = i % 3 === 0;
        desk.client.send('D', [[11, `L${i}`], [55, 'ACME'], [54, sell ? '2' : '1'], [60, fixTime()], [38, sell ? 3 : 2], [40, '2'], [44, '10.00']]);
      }
      const before: ReceivedMessage[] = [];
      while (before.length < killAfter) {
        const m = await desk.client.next(30_000);
        if (m.msgType === '8') before.push(m);
      }
      gateway.child.kill('SIGKILL');
      await gateway.exited();
      before.push(...(await drain(desk.client)).filter((m) => m.msgType === '8'));
      const copiesBefore = (await drain(clear.client)).filter((m) => m.msgType === '8');
      expect(before.length, 'killed while orders were still coming in').to.be.below(ORDERS);

      gateway = startGateway(['--config', config], env);
      port = Number(String((await gateway.waitForLog('gateway ready', 60_000)).fix).split(':').pop());
      const lastSeen = Math.max(...before.map((m) => m.seq));
      const deskBack = await connect(port, DESK, desk.client.nextSeq, lastSeen + 1);
      const resent = await resynchronise(deskBack.client, lastSeen + 1, deskBack.logon);
      const reports = [...before, ...resent];
      const clearSeen = copiesBefore.length === 0 ? 0 : Math.max(...copiesBefore.map((m) => m.seq));
      const clearBack = await connect(port, CLEAR, clear.client.nextSeq, clearSeen + 1);
      const copies = [...copiesBefore, ...(await resynchronise(clearBack.client, clearSeen + 1, clearBack.logon))];

      // The book is what the client was told: a mass cancel of the session cancels exactly the orders it knows working.
      const known = working(reports);
      deskBack.client.send('q', [[11, 'MC1'], [530, '7'], [60, fixTime()]]);
      const cancelled: ReceivedMessage[] = [];
      let massReport: ReceivedMessage | undefined;
      const arrived: ReceivedMessage[] = [];
      while (massReport === undefined) {
        const m = await nextOrExplain(deskBack.client, gateway, 'the mass cancel report', arrived);
        arrived.push(m);
        if (m.msgType === 'r') massReport = m;
        else if (m.msgType === '8') cancelled.push(m);
      }
      expect(Number(massReport.get(533))).to.equal(known.size);
      expect(new Set(cancelled.map((m) => m.get(11)))).to.deep.equal(known);
      const copiesOfCancels: ReceivedMessage[] = [];
      while (copiesOfCancels.length < cancelled.length) {
        const m = await nextOrExplain(clearBack.client, gateway, 'the drop copies of the cancels', copiesOfCancels);
        if (m.msgType === '8') copiesOfCancels.push(m);
      }
      // Drop copies match the originals one for one.
      const execIds = (ms: readonly ReceivedMessage[]): string[] => ms.map((m) => m.get(17) ?? '').sort();
      expect(execIds([...copies, ...copiesOfCancels])).to.deep.equal(execIds([...reports, ...cancelled]));

      for (const c of clients.splice(0)) c.close();
      gateway.child.kill('SIGTERM');
      expect(await gateway.exited(30_000)).to.equal(0);

      // Every report the client received is in the audit log, under its ExecID and ClOrdID; the chain verifies.
      let orderEvents = 0;
      let firstEventUs = 0n;
      const embedded = await EmbeddedPostgres.start({ dataDir: dir, maxConnections: 2 });
      const db = new Database({ connectionString: embedded.connectionString, poolSize: 1, logger: { info: () => undefined, warn: () => undefined, error: () => undefined }, label: 'check' });
      try {
        const rows = await db.query<{ exec_id: string; cl_ord_id: string }>("SELECT exec_id, cl_ord_id FROM audit_event WHERE exec_id IS NOT NULL AND event_type <> 'CMD'");
        const journaled = new Map(rows.rows.map((r) => [r.exec_id, r.cl_ord_id]));
        const missing = reports.filter((m) => journaled.get(m.get(17) ?? '') === undefined);
        expect(missing.map((m) => m.get(17))).to.deep.equal([]);
        const events = await db.query<{ n: number; first: string }>('SELECT count(*)::int AS n, min(event_ts_us)::text AS first FROM order_event');
        orderEvents = events.rows[0]?.n ?? 0;
        firstEventUs = BigInt(events.rows[0]?.first ?? '0');
      } finally {
        await db.close();
        await embedded.stop();
      }
      const verify = spawnSync(process.execPath, ['--import', 'tsx', 'ops/cli/audit-verify.ts'], { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: '', GW_DATA_DIR: dir, GW_LOG_LEVEL: 'error' }, encoding: 'utf8' });
      expect(verify.status, verify.stderr).to.equal(0);

      // The compliance export: every order event's RTS 24 record, as CSV.
      const day = (us: bigint): string => new Date(Number(us / 1000n)).toISOString().slice(0, 10);
      const exportEnv = { ...process.env, DATABASE_URL: '', GW_DATA_DIR: dir, GW_LOG_LEVEL: 'error' };
      const exported = spawnSync(process.execPath, ['--import', 'tsx', 'ops/cli/rts24-export.ts', '--from', day(firstEventUs), '--to', day(firstEventUs + 2n * 86_400_000_000n)], { cwd: PROJECT_ROOT, env: exportEnv, encoding: 'utf8' });
      expect(exported.status, exported.stderr).to.equal(0);
      const lines = exported.stdout.split('\r\n').filter((l) => l !== '');
      expect(orderEvents).to.be.greaterThan(killAfter);
      expect(lines).to.have.length(orderEvents + 1);
      expect(lines[0]).to.match(/^chain_id,seq,f02_dea,f03_client_id,/);
      expect(lines[1]).to.match(/,NEWO,/);
      // The run is itself on the record: an EXPORT event on the ops chain, with who ran it and the CSV's SHA-256.
      const sha256 = createHash('sha256').update(exported.stdout, 'utf8').digest('hex');
      expect(exported.stderr).to.include(`sha256 ${sha256}, recorded as an EXPORT audit event`);
      const reverified = spawnSync(process.execPath, ['--import', 'tsx', 'ops/cli/audit-verify.ts'], { cwd: PROJECT_ROOT, env: exportEnv, encoding: 'utf8' });
      expect(reverified.status, reverified.stderr).to.equal(0);
      expect(reverified.stdout.trim().split('\n').map((line) => JSON.parse(line) as { chainId: number; ok: boolean; rows: number }).map((c) => [c.chainId, c.ok, c.chainId === 2 ? c.rows : 'n/a'])).to.deep.equal([
        [1, true, 'n/a'],
        [2, true, 1],
      ]);
      const refused = spawnSync(process.execPath, ['--import', 'tsx', 'ops/cli/rts24-export.ts', '--from', 'yesterday'], { cwd: PROJECT_ROOT, env: exportEnv, encoding: 'utf8' });
      expect([refused.status, refused.stderr.trim()]).to.deep.equal([2, 'rts24:export: --from must be a date YYYY-MM-DD (UTC), got yesterday [GW_ERR_OPS_INVALID_ARGUMENT]']);
    });
  }
});
