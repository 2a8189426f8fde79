import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { startGateway, type GatewayProcess } from '../support/gateway-process';
import { tempDir } from '../support/temp-dir';

/** The process as an operator runs it: `npm start` on embedded defaults, signals, and refusals to start. */
describe('gateway process: start, health, stop', function () {
  this.timeout(90_000);
  const dataDir = tempDir('gw-accept-');
  let running: GatewayProcess | null = null;

  afterEach(() => {
    if (running !== null && running.child.exitCode === null) running.child.kill('SIGKILL');
    running = null;
  });

  it('starts on embedded defaults, answers /health, /ready and /metrics, and stops cleanly on SIGTERM', async () => {
    running = startGateway([], { GW_DATA_DIR: dataDir, GW_HTTP_PORT: '0' });
    const ready = await running.waitForLog('gateway ready', 60_000);
    const base = String(ready.http);
    expect(base).to.match(/^http:\/\/.+:\d+$/);
    expect(String(ready.database)).to.include('embedded PGlite');

    const health = await fetch(`${base}/health`);
    expect(health.status).to.equal(200);
    const healthBody = (await health.json()) as { status: string; components: Record<string, { status: string }> };
    expect(healthBody.status).to.equal('ok');
    expect(healthBody.components.database?.status).to.equal('up');

    const readiness = await fetch(`${base}/ready`);
    expect(readiness.status).to.equal(200);
    expect(((await readiness.json()) as { status: string }).status).to.equal('ready');

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).to.match(/^gw_db_up 1$/m);
    expect(metrics).to.match(/^gw_process_cpu_user_seconds_total /m);

    const missing = await fetch(`${base}/nope`);
    expect(missing.status).to.equal(404);
    expect(((await missing.json()) as { code: string }).code).to.equal('GW_ERR_HTTP_NOT_FOUND');

    running.child.kill('SIGTERM');
    expect(await running.exited(10_000)).to.equal(0);
    expect(running.stdout()).to.include('"message":"stopped"');
  });

  it('refuses a bad config with every problem listed and status 2, before opening any port', async () => {
    const file = join(dataDir, 'bad.yaml');
    writeFileSync(file, 'http:\n  port: -1\nlog:\n  level: chatty\n');
    running = startGateway(['--config', file], { GW_DATA_DIR: dataDir, GW_LOG_LEVEL: '' });
    expect(await running.exited()).to.equal(2);
    expect(running.stderr()).to.match(/configuration has 2 problem\(s\)/);
    expect(running.stderr()).to.match(/http\.port: /);
    expect(running.stderr()).to.match(/log\.level: /);
    expect(running.stdout()).not.to.include('gateway ready');
  });

  it('refuses a port already in use with one clear line and status 2', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((res) => blocker.listen(0, '0.0.0.0', res));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      running = startGateway([], { GW_DATA_DIR: dataDir, GW_HTTP_PORT: String(port) });
      expect(await running.exited(60_000)).to.equal(2);
      const stderr = running.stderr().trim();
      expect(stderr.split('\n')).to.have.length(1);
      expect(stderr).to.match(new RegExp(`HTTP port ${port} .*already in use.*GW_HTTP_PORT`));
      expect(stderr).not.to.match(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('gives up on an unreachable database after the configured wait with status 2', async () => {
    running = startGateway([], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', GW_DB_CONNECT_TIMEOUT_MS: '1000', GW_HTTP_PORT: '0' });
    expect(await running.exited()).to.equal(2);
    expect(running.stderr()).to.match(/database 127\.0\.0\.1:1\/none unreachable after 1000 ms.*GW_ERR_DB_UNREACHABLE/);
    const attempts = running.stdout().split('\n').filter((l) => l.includes('database not reachable yet'));
    expect(attempts.length).to.be.at.least(2);
  });

  it('refuses a data folder another gateway holds', async () => {
    const first = startGateway([], { GW_DATA_DIR: dataDir, GW_HTTP_PORT: '0' });
    try {
      await first.waitForLog('gateway ready', 60_000);
      running = startGateway([], { GW_DATA_DIR: dataDir, GW_HTTP_PORT: '0' });
      expect(await running.exited()).to.equal(2);
      expect(running.stderr()).to.match(new RegExp(`in use by process ${first.child.pid}.*GW_DATA_DIR`));
    } finally {
      first.child.kill('SIGTERM');
      await first.exited();
    }
  });
});
