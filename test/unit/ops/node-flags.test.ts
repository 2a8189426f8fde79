import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_NODE_FLAGS } from '../../../ops/node-flags';
import { PROJECT_ROOT } from '../../support/gateway-process';

const scripts = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The node flags a script passes before its entry point (`node <flags> --import tsx <file>`). */
function nodeFlagsOf(script: string): string[] {
  const words = script.split(/\s+/);
  expect(words[0], script).to.equal('node');
  return words.slice(1, words.indexOf('--import'));
}

describe('the gateway process runs with its node flags (ops/node-flags.ts)', () => {
  it('npm start passes every one of them, and the benchmarks of code that runs in the gateway do too', () => {
    for (const name of ['start', 'bench:engine', 'bench:risk', 'bench:ab', 'bench:rest']) {
      const script = scripts[name];
      if (script === undefined) throw new Error(`no script ${name}`);
      expect(nodeFlagsOf(script), name).to.include.members([...GATEWAY_NODE_FLAGS]);
    }
    expect(scripts['start']).to.match(/--import tsx ops\/main\.ts$/);
  });

  it('node accepts them: a process started with them runs (an unknown or malformed flag makes node exit with an error)', () => {
    const out = execFileSync(process.execPath, [...GATEWAY_NODE_FLAGS, '-e', 'process.stdout.write(JSON.stringify(process.execArgv))'], { encoding: 'utf8' });
    expect((JSON.parse(out) as string[]).slice(0, GATEWAY_NODE_FLAGS.length)).to.deep.equal([...GATEWAY_NODE_FLAGS]);
  });
});
