import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../gateway/fix/session/password';
import { FixTestClient, fixTime } from '../support/fix-test-client';
import { startGateway, type GatewayProcess } from '../support/gateway-process';

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
    const dir = mkdtempSync(join(tmpdir(), 'gw-fixproc-'));
    const config = join(dir, 'gateway.yaml');
    const passwordHash = await hashPassword('desk-pw');
    writeFileSync(
      config,
      [
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
    const seq = client.send('D', [[11, 'C1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 1], [40, '1']]);
    const reject = await client.expect('j');
    expect([reject.get(45), reject.get(380)]).to.deep.equal([String(seq), '4']);

    gateway.child.kill('SIGTERM');
    expect((await client.expect('5')).get(58)).to.equal('gateway shutting down');
    client.send('5');
    expect(await gateway.exited()).to.equal(0);
    client.close();

    gateway = startGateway(['--config', config], { GW_DATA_DIR: dir, GW_HTTP_PORT: '0' });
    ready = await gateway.waitForLog('gateway ready', 60_000);
    port = Number(String(ready.fix).split(':').pop());
    client = await FixTestClient.connect(port, identity);
    client.nextSeq = 4;
    client.logon(30, [[98, 0], [553, 'desk'], [554, 'desk-pw']]);
    const logon = await client.expect('A');
    expect(logon.seq).to.equal(4);
    client.close();
  });
});
