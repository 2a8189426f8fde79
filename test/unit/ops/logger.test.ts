import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { createLogger } from '../../../ops/log/logger';

function capture(): { lines: () => Record<string, unknown>[]; stream: PassThrough } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('ops/log', () => {
  it('writes JSON lines with the child logger fields', async () => {
    const out = capture();
    const logger = createLogger({ level: 'info', stream: out.stream });
    logger.child({ module: 'fix', sessionId: 'S1' }).info('logon', { seq: 1 });
    logger.debug('not shown at info');
    await new Promise((r) => setImmediate(r));
    const lines = out.lines();
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ module: 'fix', sessionId: 'S1', message: 'logon', seq: 1, level: 'info' });
    expect(lines[0]?.timestamp).to.be.a('string');
  });

  it('redacts passwords, secrets and FIX tags 554 and 925', async () => {
    const out = capture();
    const logger = createLogger({ level: 'info', stream: out.stream });
    logger.info('login', { password: 'hunter2', user: { apiSecret: 'abc', name: 'ann' }, raw: '8=FIX.4.4\x0135=A\x01554=pw1\x01925=pw2\x0110=000\x01' });
    await new Promise((r) => setImmediate(r));
    const text = JSON.stringify(out.lines());
    expect(text).not.to.include('hunter2');
    expect(text).not.to.include('"abc"');
    expect(text).not.to.include('pw1');
    expect(text).not.to.include('pw2');
    expect(text).to.include('ann');
    expect(text).to.include('554=[redacted]');
  });
});
