import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MatchingEngine } from '../../engine';
import { defineInstrument } from '../../engine/model';
import { FixOrderEntry } from '../../gateway/fix/translate';
import { OrderPath } from '../../gateway/order-path';
import { PROJECT_ROOT } from '../support/gateway-process';
import { GATEWAY, sessionConfig, startHarness } from '../support/fix-harness';

const run = promisify(execFile);
const SOURCE = join(PROJECT_ROOT, 'test/acceptance/quickfix/initiator.cpp');
const HAVE_QUICKFIX = existsSync('/usr/include/quickfix/Session.h');
// On CI, .ci/run installs libquickfix-dev: its absence there is a failure, not a reason to skip.
const MUST_RUN = HAVE_QUICKFIX || process.env.CI === 'true';

/** Compiles the QuickFIX C++ initiator once per source version. */
async function initiatorBinary(): Promise<string> {
  const hash = createHash('sha256').update(readFileSync(SOURCE)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'gw-quickfix');
  mkdirSync(dir, { recursive: true });
  const binary = join(dir, `initiator-${hash}`);
  if (!existsSync(binary)) await run('g++', ['-std=c++11', '-O1', '-w', '-o', binary, SOURCE, '-lquickfix', '-lpthread'], { timeout: 120_000 });
  return binary;
}

(MUST_RUN ? describe : describe.skip)('QuickFIX C++ 1.15 initiator against the acceptor (skipped only off CI when libquickfix-dev is absent)', function () {
  this.timeout(120_000);

  for (const beginString of ['FIX.4.4', 'FIX.4.2'] as const) {
    it(`${beginString}: logs on, trades messages, recovers a forced gap by ResendRequest, logs out cleanly`, async () => {
      const binary = await initiatorBinary();
      const harness = await startHarness([sessionConfig({ beginString, targetCompId: 'QFCLIENT', resetOnLogon: true })]);
      try {
        const result = await run(binary, ['127.0.0.1', String(harness.port), beginString, 'QFCLIENT', GATEWAY, 'ACME', '3'], { timeout: 60_000 }).then(
          (r) => ({ code: 0, out: r.stdout }),
          (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, out: e.stdout ?? '' }),
        );
        const events = result.out.split('\n').filter((l) => l.startsWith('EVENT '));
        expect(events, result.out).to.include('EVENT logon');
        expect(events).to.include('EVENT execution-reports count=3');
        const resend = events.find((e) => e.startsWith('EVENT resend '));
        expect(resend, result.out).to.match(/possdup-execution-reports=3 .* ok$/);
        expect(events.some((e) => e.startsWith('EVENT sent-resend-request'))).to.equal(true);
        expect(events).to.include('EVENT logout');
        expect(events[events.length - 1]).to.equal('EVENT done');
        expect(result.code, result.out).to.equal(0);
        expect(harness.app.received.filter((r) => r.msgType === 'D').map((r) => r.clOrdId)).to.deep.equal(['QF-1', 'QF-2', 'QF-3']);
        expect(harness.app.disconnects.map((d) => d.reason)).to.deep.equal(['logout']);
      } finally {
        await harness.close();
      }
    });

    it(`${beginString}: QuickFIX with its data dictionary on takes every message of the real order path, refusals included (a price off the tick, a cancel and a status request of an unknown order, a cancel too late), a fill, a replace and a status report, with no Reject`, async () => {
      const binary = await initiatorBinary();
      const dictionary = join(PROJECT_ROOT, 'node_modules/jspurefix/data', beginString === 'FIX.4.4' ? 'FIX44.xml' : 'FIX42.xml');
      const engine = new MatchingEngine([defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.05', lotSize: '1' })]);
      const nowUs = (): bigint => BigInt(Date.now()) * 1000n;
      const harness = await startHarness([sessionConfig({ beginString, targetCompId: 'QFCLIENT', resetOnLogon: true, firm: 'QFF', account: 'QF1' })], { orderEntry: new FixOrderEntry(new OrderPath(engine), nowUs), nowUs });
      try {
        const result = await run(binary, ['127.0.0.1', String(harness.port), beginString, 'QFCLIENT', GATEWAY, 'ACME', '3', dictionary], { timeout: 60_000 }).then(
          (r) => ({ code: 0, out: r.stdout }),
          (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, out: e.stdout ?? '' }),
        );
        const events = result.out.split('\n').filter((l) => l.startsWith('EVENT '));
        expect(events.filter((e) => e.startsWith('EVENT sent-reject') || e.startsWith('EVENT recv-reject')), result.out).to.deep.equal([]);
        expect(events, result.out).to.include('EVENT execution-reports count=3');
        expect(events.filter((e) => /possdup= clordid=QF-[123] exectype=0 ordstatus=0 /.test(e)), result.out).to.have.length(3);
        expect(events, result.out).to.include('EVENT refusals execution-reports=2 cancel-rejects=1');
        expect(events, result.out).to.include('EVENT life execution-reports=5 cancel-rejects=2');
        // The fill, the cancel that came too late, the replace and the status of the filled order.
        expect(events.some((e) => /type=8 .*clordid=QF-1 exectype=(F|2) ordstatus=2 /.test(e)), result.out).to.equal(true);
        expect(events.some((e) => /type=9 .*clordid=QF-X2 exectype= ordstatus=2 .*cxlrejreason=0$/.test(e)), result.out).to.equal(true);
        // A replaced order with nothing filled: OrdStatus New on FIX 4.4, Replaced (5) on FIX 4.2, which its dictionary takes.
        const replacedStatus = beginString === 'FIX.4.2' ? '5' : '0';
        expect(events.some((e) => new RegExp(`type=8 .*clordid=QF-R2 exectype=5 ordstatus=${replacedStatus} `).test(e)), result.out).to.equal(true);
        expect(events.some((e) => /type=8 .*clordid=QF-1 exectype=(I|2) ordstatus=2 /.test(e)), result.out).to.equal(true);
        const offTick = events.find((e) => e.includes('clordid=QF-4 '));
        expect(offTick, result.out).to.match(/exectype=8 ordstatus=8 ordrejreason=(99|0) /);
        expect(events[events.length - 1], result.out).to.equal('EVENT done');
        expect(result.code, result.out).to.equal(0);
      } finally {
        await harness.close();
      }
    });
  }
});
