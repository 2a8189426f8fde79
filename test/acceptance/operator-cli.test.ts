import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../support/gateway-process';
import { tempDir } from '../support/temp-dir';

function cli(script: string, args: readonly string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const childEnv: Record<string, string | undefined> = { ...process.env };
    delete childEnv.DATABASE_URL;
    Object.assign(childEnv, env);
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: PROJECT_ROOT, env: childEnv });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdin.end(stdin);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('operator commands on the embedded database', function () {
  this.timeout(120_000);

  it('db:migrate, fix:hash-password, user:add and audit:verify do their job and fail with status 2 and one line', async () => {
    const env = { GW_DATA_DIR: tempDir('gw-cli-'), GW_LOG_LEVEL: 'error' };
    const migrated = await cli('ops/cli/db-migrate.ts', [], env);
    expect(migrated.code, migrated.err).to.equal(0);
    expect(migrated.out).to.match(/schema at version \d+; applied now: 1, 2, 3/);
    expect((await cli('ops/cli/db-migrate.ts', [], env)).out).to.match(/applied now: none/);

    const hashed = await cli('ops/cli/fix-hash-password.ts', [], env, 'desk-password');
    expect(hashed.out.trim()).to.match(/^scrypt\$32768\$8\$1\$/);

    const added = await cli('ops/cli/user-add.ts', ['--username', 'root', '--role', 'admin', '--password-stdin'], env, 'a long enough password\n');
    expect(added.code, added.err).to.equal(0);
    expect(added.out).to.match(/created root .* with roles admin/);
    expect(added.out).to.match(/^otpauth:\/\/totp\//m);
    const badRole = await cli('ops/cli/user-add.ts', ['--username', 'x', '--role', 'wizard', '--password-stdin'], env, 'pw\n');
    expect(badRole.code).to.equal(2);

    const verified = await cli('ops/cli/audit-verify.ts', [], env);
    expect(verified.code, verified.err).to.equal(0);
    expect(verified.out).to.include('"chains":0');

    const unreachable = await cli('ops/cli/db-migrate.ts', [], { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x', GW_DB_CONNECT_TIMEOUT_MS: '500' });
    expect(unreachable.code).to.equal(2);
    expect(unreachable.err.trim().split('\n')).to.have.length(1);
    expect(unreachable.err).to.match(/unreachable after 500 ms.*GW_ERR_DB_UNREACHABLE/);
  });

  it('risk: a named risk officer sets limits and kill switches, each stored with who and why; others and bad limits are refused with status 2', async () => {
    const env = { GW_DATA_DIR: tempDir('gw-risk-cli-'), GW_LOG_LEVEL: 'error' };
    expect((await cli('ops/cli/user-add.ts', ['--username', 'ro1', '--role', 'risk', '--password-stdin'], env, 'a long enough password\n')).code).to.equal(0);
    expect((await cli('ops/cli/user-add.ts', ['--username', 't1', '--role', 'trader', '--password-stdin'], env, 'a long enough password\n')).code).to.equal(0);

    const set = await cli('ops/cli/risk.ts', ['set-limit', '--scope', 'account', '--id', 'A1', '--limits', '{"maxOrderQty":"100","maxOpenOrders":5}', '--by', 'ro1', '--reason', 'onboarding'], env);
    expect(set.code, set.err).to.equal(0);
    expect(set.out).to.match(/^change #\d+: account A1 null -> \{"maxOrderQty":"100","maxOpenOrders":5\}$/m);
    const kill = await cli('ops/cli/risk.ts', ['kill', '--scope', 'firm', '--id', 'F1', '--by', 'ro1', '--reason', 'runaway algo'], env);
    expect(kill.code, kill.err).to.equal(0);
    const listed = await cli('ops/cli/risk.ts', ['list-limits'], env);
    expect(listed.out).to.match(/^account A1: \{"maxOrderQty":"100","maxOpenOrders":5\} \(by ro1, /m);
    expect(listed.out).to.match(/^KILL SWITCH ENGAGED: firm F1 by ro1 at .* \(runaway algo\)$/m);
    const history = await cli('ops/cli/risk.ts', ['list-limits', '--scope', 'account', '--id', 'A1'], env);
    expect(history.out).to.match(/ro1: null -> \{"maxOrderQty":"100","maxOpenOrders":5\} \(onboarding\)$/m);

    const byTrader = await cli('ops/cli/risk.ts', ['release', '--scope', 'firm', '--id', 'F1', '--by', 't1'], env);
    expect(byTrader.code).to.equal(2);
    expect(byTrader.err).to.match(/t1 has no risk role/);
    const badLimit = await cli('ops/cli/risk.ts', ['set-limit', '--scope', 'account', '--id', 'A1', '--limits', '{"maxOpenOrders":0}', '--by', 'ro1'], env);
    expect(badLimit.code).to.equal(2);
    expect(badLimit.err).to.match(/maxOpenOrders must be a positive integer.*GW_ERR_RISK_INVALID_LIMIT/);
    expect((await cli('ops/cli/risk.ts', ['release', '--scope', 'firm', '--id', 'F1', '--by', 'ro1'], env)).code).to.equal(0);
    const notEngaged = await cli('ops/cli/risk.ts', ['release', '--scope', 'firm', '--id', 'F1', '--by', 'ro1'], env);
    expect(notEngaged.code).to.equal(2);
    expect(notEngaged.err).to.match(/no kill switch is engaged for firm F1/);
  });

  it('risk: a named risk officer sets and withdraws an external reference price of a configured instrument, checked against its tick', async () => {
    const dir = tempDir('gw-ref-cli-');
    const env = { GW_DATA_DIR: dir, GW_LOG_LEVEL: 'error' };
    const config = join(dir, 'gateway.yaml');
    writeFileSync(config, 'instruments:\n  - { symbol: ACME, currency: USD, tickSize: "0.05", lotSize: "1" }\n');
    expect((await cli('ops/cli/user-add.ts', ['--username', 'ro1', '--role', 'risk', '--password-stdin'], env, 'a long enough password\n')).code).to.equal(0);
    const offTick = await cli('ops/cli/risk.ts', ['set-reference', '--symbol', 'ACME', '--price', '10.02', '--by', 'ro1', '--config', config], env);
    expect([offTick.code, offTick.err]).to.deep.equal([2, 'risk: reference price of ACME: price 10.02 is not a multiple of the tick size 0.05\n']);
    const unknown = await cli('ops/cli/risk.ts', ['set-reference', '--symbol', 'NOPE', '--price', '1', '--by', 'ro1', '--config', config], env);
    expect([unknown.code, unknown.err]).to.deep.equal([2, 'risk: unknown instrument NOPE\n']);
    const set = await cli('ops/cli/risk.ts', ['set-reference', '--symbol', 'ACME', '--price', '10.05', '--by', 'ro1', '--reason', 'close', '--config', config], env);
    expect(set.code, set.err).to.equal(0);
    expect(set.out).to.match(/^REFERENCE #\d+: ACME none -> 10.05 by ro1$/m);
    expect((await cli('ops/cli/risk.ts', ['list-limits'], env)).out).to.match(/^REFERENCE PRICE: ACME 10.05 by ro1 at .* \(close\)$/m);
    const cleared = await cli('ops/cli/risk.ts', ['clear-reference', '--symbol', 'ACME', '--by', 'ro1'], env);
    expect(cleared.out).to.match(/^REFERENCE #\d+: ACME 10.05 -> none by ro1$/m);
    const again = await cli('ops/cli/risk.ts', ['clear-reference', '--symbol', 'ACME', '--by', 'ro1'], env);
    expect([again.code, again.err]).to.deep.equal([2, 'risk: no reference price is set for ACME\n']);
    expect((await cli('ops/cli/risk.ts', ['list-limits'], env)).out).to.not.match(/REFERENCE PRICE/);
  });
});
