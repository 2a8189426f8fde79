import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '../../gateway/fix/session/password';
import { FixTestClient, fixTime } from '../support/fix-test-client';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT, startGateway, type GatewayProcess } from '../support/gateway-process';
import { tempDir } from '../support/temp-dir';

/** The FIX acceptor inside the real process, configured from the YAML file, with its store in the database. */
describe('gateway process: FIX sessions from the config file', function () {
  this.timeout(90_000);
  let gateway: GatewayProcess | null = null;
  afterEach(async () => {
    if (gateway !== null && gateway.child.exitCode === null) {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
    }
  });

  it('serves a configured session on the FIX port, keeps its sequence numbers across a restart, and logs out on SIGTERM', async () => {
    const dir = tempDir('gw-fixproc-');
    const config = join(dir, 'gateway.yaml');
    const passwordHash = await hashPassword('desk-pw');
    writeFileSync(
      config,
      [
        'risk:',
        '  limits:',
        '    - { scope: account, id: ACC1, maxOrderQty: "100", maxOpenOrders: 10 }',
        'instruments:',
        '  - { symbol: ACME, isin: US0000000001, currency: USD, tickSize: "0.01", lotSize: "1" }',
        'fix:',
        '  sessions:',
        '    - beginString: FIX.4.4',
        '      senderCompId: GW',
        '      targetCompId: DESK1',
        '      role: order-entry',
        '      credentials:',
        '        username: desk',
        `        passwordHash: "${passwordHash}"`,
      ].join('\n'),
    );
    const identity = { beginString: 'FIX.4.4', senderCompId: 'DESK1', targetCompId: 'GW' };
    gateway = startGateway(['--config', config], { GW_DATA_DIR: dir, GW_HTTP_PORT: '0' });
    let ready = await gateway.waitForLog('gateway ready', 60_000);
    let port = Number(String(ready.fix).split(':').pop());
    expect(ready.fixSessions).to.deep.equal(['FIX.4.4:GW->DESK1']);

    let client = await FixTestClient.connect(port, identity);
    client.logon(30, [[98, 0], [553, 'desk'], [554, 'desk-pw']]);
    expect((await client.expect('A')).seq).to.equal(1);
    client.send('D', [[11, 'C1'], [1, 'ACC1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 5], [40, '2'], [44, '10.25']]);
    const ack = await client.expect('8');
    expect([ack.get(150), ack.get(39), ack.get(37), ack.get(44)]).to.deep.equal(['0', '0', '1', '10.25']);
    // Pre-trade risk from the config: the account's max order quantity.
    client.send('D', [[11, 'BIG'], [1, 'ACC1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 500], [40, '2'], [44, '10.25']]);
    const refused = await client.expect('8');
    expect([refused.get(150), refused.get(103), refused.get(58)]).to.deep.equal(['8', '3', 'max order quantity 100 exceeded for account ACC1 (order 500)']);
    // The limit's usage as a Prometheus gauge: one open order of ten.
    const metrics = await (await fetch(`${String(ready.http)}/metrics`)).text();
    expect(metrics).to.include('gw_risk_limit_usage{limit="maxOpenOrders",scope="account ACC1",symbol=""} 1');
    expect(metrics).to.include('gw_risk_limit_max{limit="maxOpenOrders",scope="account ACC1",symbol=""} 10');
    // The journal's committed batches: the acknowledged order's records were in one (it was released after it).
    const batches = Number(/^gw_journal_batch_commit_seconds_count (\d+)$/m.exec(metrics)?.[1]);
    const records = Number(/^gw_journal_batch_records_sum (\d+)$/m.exec(metrics)?.[1]);
    expect(batches).to.be.at.least(1);
    expect(records).to.be.at.least(batches);
    expect(Number(/^gw_journal_release_wait_seconds_count (\d+)$/m.exec(metrics)?.[1])).to.be.at.least(1);
    expect(metrics).to.match(/^gw_journal_batch_commit_seconds_bucket\{le="\+Inf"\} \d+$/m);
    // ... and the session store's statements, which stored the two ExecutionReports before they were sent.
    expect(Number(/^gw_fix_store_write_seconds_count (\d+)$/m.exec(metrics)?.[1])).to.be.at.least(1);
    // Messages by session and MsgType: the Logon and the two orders in, the Logon and the two reports out.
    const session = 'session="FIX.4.4:GW->DESK1"';
    expect([`in_total{${session},msg_type="A"} 1`, `in_total{${session},msg_type="D"} 2`, `out_total{${session},msg_type="A"} 1`, `out_total{${session},msg_type="8"} 2`].filter((line) => !metrics.includes(`gw_fix_messages_${line}`))).to.deep.equal([]);

    gateway.child.kill('SIGTERM');
    expect((await client.expect('5')).get(58)).to.equal('gateway shutting down');
    client.send('5');
    expect(await gateway.exited()).to.equal(0);
    client.close();

    gateway = startGateway(['--config', config], { GW_DATA_DIR: dir, GW_HTTP_PORT: '0' });
    ready = await gateway.waitForLog('gateway ready', 60_000);
    port = Number(String(ready.fix).split(':').pop());
    client = await FixTestClient.connect(port, identity);
    client.nextSeq = 5;
    client.logon(30, [[98, 0], [553, 'desk'], [554, 'desk-pw']]);
    const logon = await client.expect('A');
    expect(logon.seq).to.equal(5);
    // Numbering continues across the restart: a new OrderID and a new ExecID.
    client.send('D', [[11, 'C2'], [1, 'ACC1'], [55, 'ACME'], [54, '2'], [60, fixTime()], [38, 5], [40, '2'], [44, '11.00']]);
    const second = await client.expect('8');
    expect(second.get(37)).to.equal('2');
    expect(second.get(17)).not.to.equal(ack.get(17));
    client.close();
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited()).to.equal(0);

    // Both acknowledged orders are in the audit journal (each with the command record before it), the risk reject
    // too, and the chain verifies.
    const verify = spawnSync(process.execPath, ['--import', 'tsx', 'ops/cli/audit-verify.ts'], { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: '', GW_DATA_DIR: dir, GW_LOG_LEVEL: 'error' }, encoding: 'utf8' });
    expect(verify.status, verify.stderr).to.equal(0);
    expect(verify.stdout).to.match(/"chainId":1,"ok":true,"rows":5,/);
  });
});
