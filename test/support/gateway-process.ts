/** Starts the real gateway process (`ops/main.ts` under tsx), as `npm start` does, for acceptance tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp-dir';
import { GATEWAY_NODE_FLAGS } from '../../ops/node-flags';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A fresh data folder with a gateway.yaml holding the instrument ACME (USD, tick 0.01) and the FIX sessions given,
 * one YAML flow mapping each (e.g. `{ beginString: FIX.4.4, senderCompId: GW, targetCompId: DESK, role: order-entry }`).
 */
export function acmeGatewayConfig(prefix: string, sessions: readonly string[]): { readonly dir: string; readonly config: string } {
  const dir = tempDir(prefix);
  const config = join(dir, 'gateway.yaml');
  const lines = ['instruments:', '  - { symbol: ACME, currency: USD, tickSize: "0.01", lotSize: "1" }', 'fix:', '  sessions:', ...sessions.map((s) => `    - ${s}`)];
  writeFileSync(config, lines.join('\n'));
  return { dir, config };
}

export interface GatewayProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first JSON log line whose message is `message`. */
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal's name). */
  exited(timeoutMs?: number): Promise<number | string>;
}

export function startGateway(args: readonly string[], env: Readonly<Record<string, string>>): GatewayProcess {
  const childEnv: Record<string, string | undefined> = { ...process.env, GW_LOG_LEVEL: 'info', GW_FIX_PORT: '0', ...env };
  // The test decides which database: a DATABASE_URL from the surrounding run must not leak in unless given.
  if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
  if (!('REDIS_URL' in env)) delete childEnv.REDIS_URL;
  const child = spawn(process.execPath, [...GATEWAY_NODE_FLAGS, '--import', 'tsx', 'ops/main.ts', ...args], { cwd: PROJECT_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | string>((res) => child.once('exit', (code, signal) => res(code ?? signal ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForLog(message, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      return new Promise((res, rej) => {
        const poll = (): void => {
          for (const line of out.split('\n')) {
            if (!line.startsWith('{')) continue;
            const entry = JSON.parse(line) as Record<string, unknown>;
            if (entry.message === message) return res(entry);
          }
          if (child.exitCode !== null) return rej(new Error(`gateway exited (${child.exitCode}) before "${message}": ${err}`));
          if (Date.now() > deadline) return rej(new Error(`no "${message}" in ${timeoutMs} ms; stdout: ${out}; stderr: ${err}`));
          setTimeout(poll, 25);
        };
        poll();
      });
    },
    exited(timeoutMs = 15_000) {
      return Promise.race([exit, new Promise<string>((res) => setTimeout(() => res('timeout'), timeoutMs).unref())]);
    },
  };
}
