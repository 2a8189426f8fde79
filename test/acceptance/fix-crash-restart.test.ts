import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { FixTestClient, fixTime } from '../support/fix-test-client';
import { acmeGatewayConfig, PROJECT_ROOT, startGateway, type GatewayProcess } from '../support/gateway-process';

/** kill -9 of the real process: the client resumes with ResendRequest and gets every ExecutionReport it missed. */
describe('gateway process: SIGKILL and restart', function () {
  this.timeout(120_000);
  let gateway: GatewayProcess | null = null;
  afterEach(async () => {
    if (gateway !== null && gateway.child.exitCode === null) {
      gateway.child.kill('SIGKILL');
      await gateway.exited();
    }
  });

  it('replays the acknowledged orders\' ExecutionReports with PossDupFlag after a crash, with no gap, and the audit chain verifies', async () => {
    const { dir, config } = acmeGatewayConfig('gw-crash-', ['{ beginString: FIX.4.4, senderCompId: GW, targetCompId: DESK, role: order-entry, account: ACC1 }']);
    const identity = { beginString: 'FIX.4.4', senderCompId: 'DESK', targetCompId: 'GW' };
    gateway = startGateway(['--config', config], { GW_DATA_DIR: dir, GW_HTTP_PORT: '0' });
    let port = Number(String((await gateway.waitForLog('gateway ready', 60_000)).fix).split(':').pop());
    let client = await FixTestClient.connect(port, identity);
    client.logon();
    await client.expect('A');
    const sent = 20;
    for (let i = 1; i <= sent; i += 1) client.send('D', [[11, `K${i}`], [55, 'ACME'], [54, i % 2 === 0 ? '2' : '1'], [60, fixTime()], [38, 3], [40, '2'], [44, i % 2 === 0 ? '10.10' : '10.00']]);
    const received = [];
    for (let i = 0; i < sent; i += 1) received.push(await client.expect('8'));
    gateway.child.kill('SIGKILL');
    await gateway.exited();
    client.close();
    const lastSeen = received[4]?.seq ?? 0; // the client pretends it saw only the first five reports

    gateway = startGateway(['--config', config], { GW_DATA_DIR: dir, GW_HTTP_PORT: '0' });
    port = Number(String((await gateway.waitForLog('gateway ready', 60_000)).fix).split(':').pop());
    client = await FixTestClient.connect(port, identity);
    client.nextSeq = sent + 2;
    client.logon(30, [[98, 0], [789, lastSeen + 1]]);
    const logon = await client.expect('A');
    expect(logon.seq).to.equal((received[received.length - 1]?.seq ?? 0) + 1);
    const replayed = [];
    for (let seq = lastSeen + 1; seq < (logon.seq ?? 0); seq += 1) replayed.push(await client.next());
    expect(replayed.map((m) => m.seq)).to.deep.equal(received.slice(5).map((m) => m.seq));
    expect(replayed.every((m) => m.get(43) === 'Y' && m.get(122) !== undefined)).to.equal(true);
    expect(replayed.map((m) => m.get(17))).to.deep.equal(received.slice(5).map((m) => m.get(17)));
    // The book came back from the journal: K1 (the first bid) can be cancelled, and a sell that crosses trades
    // with K3, the next bid in time priority, at its price.
    client.send('F', [[41, 'K1'], [11, 'X1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 3]]);
    const cancelled = await client.expect('8');
    expect([cancelled.get(150), cancelled.get(39), cancelled.get(41), cancelled.get(11)]).to.deep.equal(['4', '4', 'K1', 'X1']);
    client.send('D', [[11, 'T1'], [55, 'ACME'], [54, '2'], [60, fixTime()], [38, 3], [40, '2'], [44, '9.50']]);
    const afterCross = [await client.expect('8'), await client.expect('8'), await client.expect('8')];
    const makerFill = afterCross.find((m) => m.get(11) === 'K3');
    expect([makerFill?.get(150), makerFill?.get(39), makerFill?.get(31), makerFill?.get(32)]).to.deep.equal(['F', '2', '10.00', '3']);
    client.close();
    gateway.child.kill('SIGTERM');
    await gateway.exited();

    const verify = spawnSync(process.execPath, ['--import', 'tsx', 'ops/cli/audit-verify.ts'], { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: '', GW_DATA_DIR: dir, GW_LOG_LEVEL: 'error' }, encoding: 'utf8' });
    expect(verify.status, verify.stderr).to.equal(0);
    const rows = Number(/"rows":(\d+)/.exec(verify.stdout)?.[1] ?? 0);
    // Every report the client received stands for at least one journaled event.
    expect(rows).to.be.at.least(sent);
  });
});
