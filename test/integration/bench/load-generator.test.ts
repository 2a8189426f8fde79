import { expect } from 'chai';
import { startGatewayForLoad, LOAD_SYMBOLS, loadSessions, type RunningGatewayProcess } from '../../bench/load/gateway-runner';
import { gatewayWaits, scrapeMetrics } from '../../bench/load/gateway-waits';
import { LoadGenerator } from '../../bench/load/load-generator';
import { TrivialResponder } from '../../bench/load/trivial-responder';

/** The load generator of bench:e2e counts every order it sends and names every one that got no answer. No timings. */
describe('load generator (bench:e2e)', function () {
  this.timeout(60_000);
  let gateway: RunningGatewayProcess | null = null;
  let responder: TrivialResponder | null = null;
  let generator: LoadGenerator | null = null;
  afterEach(async () => {
    await generator?.stop();
    generator?.destroy();
    generator = null;
    await responder?.close();
    responder = null;
    await gateway?.stop();
    gateway = null;
  });

  it('gets an answer to every order of a 2 s run at 200 orders/s over 2 sessions from the real gateway on PGlite', async () => {
    gateway = await startGatewayForLoad({ sessions: 2 });
    generator = await LoadGenerator.start({ host: '127.0.0.1', port: gateway.fixPort, sessions: gateway.sessions, symbols: LOAD_SYMBOLS, runId: 'IT' });
    const before = await scrapeMetrics(gateway.httpUrl);
    const result = await generator.runRate({ ratePerSec: 200, durationMs: 2_000, drainTimeoutMs: 20_000 });
    // The gateway's own view of the run, as bench:e2e reads it: every order's command waited for its journal
    // commit (one release each), in batches; its reports were stored before they were sent.
    const waits = gatewayWaits(before, await scrapeMetrics(gateway.httpUrl), 2);
    expect(waits.durableWait.count).to.equal(400);
    expect(waits.journalCommit.count).to.be.within(1, 400);
    expect(waits.recordsPerBatch).to.be.at.least(1);
    expect(waits.storeWrite.count).to.be.at.least(1);
    expect(result.sent).to.equal(400);
    expect(result.unanswered, `unanswered: ${result.unansweredClOrdIds.slice(0, 5).join(', ')}...; gateway stderr: ${gateway.stderr()}`).to.equal(0);
    expect(result.answered).to.equal(result.sent);
    expect(result.histogramCount).to.equal(result.sent);
    expect(result.answers['session-reject'] + result.answers['business-reject'] + result.answers['order-rejected']).to.equal(0);
  });

  it('reports by ClOrdID the order the other side never answered', async () => {
    const dropped = 'DROP-0-5';
    responder = await TrivialResponder.listen(0, { drop: (clOrdId) => clOrdId === dropped });
    generator = await LoadGenerator.start({ host: '127.0.0.1', port: responder.port, sessions: loadSessions(2), symbols: LOAD_SYMBOLS, runId: 'DROP' });
    const result = await generator.runRate({ ratePerSec: 200, durationMs: 1_000, drainTimeoutMs: 1_000 });
    expect(responder.dropped).to.equal(1);
    expect(result.unanswered).to.equal(1);
    expect(result.unansweredClOrdIds).to.deep.equal([dropped]);
    expect(result.answered).to.equal(result.sent - 1);
    expect(result.histogramCount).to.equal(result.answered);
    expect(result.sustained).to.equal(false);
  });
});
