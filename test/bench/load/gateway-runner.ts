/**
 * Starts the real gateway process (`ops/main.ts` under tsx, as `npm start` does) for load runs: writes a config with
 * `sessions` order-entry sessions (credentials, store: database), a few instruments and loose pre-trade limits,
 * waits for "gateway ready", and stops it with SIGTERM. Optionally runs it under `--cpu-prof`.
 * test/support/gateway-process.ts does the same for acceptance tests but takes no node flags.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../../gateway';
import { PROJECT_ROOT } from '../../support/gateway-process';
import type { LoadSessionConfig } from './load-session';
import { GATEWAY_NODE_FLAGS } from '../../../ops/node-flags';

export const GATEWAY_COMP_ID = 'GW';
export const LOAD_SYMBOLS = ['LOADA', 'LOADB', 'LOADC', 'LOADD'] as const;
const PASSWORD = 'load-generator-secret';
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;

export interface GatewayRunOptions {
  readonly sessions: number;
  /** A Postgres server; unset: embedded PGlite in a fresh data folder. */
  readonly databaseUrl?: string;
  /** Folder for .cpuprofile files: the gateway runs under --cpu-prof and writes one when it exits. */
  readonly cpuProfileDir?: string;
  /** The sessions' `overlapCommits` (reports stored while the journal commits); default false, as the gateway's. */
  readonly overlapCommits?: boolean;
  /** Node flags after the gateway's own (GATEWAY_NODE_FLAGS), e.g. to try another young generation size; later ones win. */
  readonly extraNodeFlags?: readonly string[];
}

export interface RunningGatewayProcess {
  readonly fixPort: number;
  /** The gateway's HTTP server (health, metrics, REST), as its ready line gives it. */
  readonly httpUrl: string;
  readonly sessions: readonly LoadSessionConfig[];
  readonly database: string;
  readonly pid: number;
  /** SIGTERM, then the exit code (SIGKILL and 'killed' past the timeout). */
  stop(): Promise<number | string>;
  stderr(): string;
}

function configYaml(sessions: number, passwordHash: string, overlapCommits: boolean): string {
  const lines = ['instruments:'];
  LOAD_SYMBOLS.forEach((symbol, i) => lines.push(`  - { symbol: ${symbol}, isin: XS000000000${i}, currency: EUR, tickSize: "0.01", lotSize: "1" }`));
  lines.push('fix:', `  maxConnections: ${sessions + 16}`, '  sessions:');
  for (let i = 1; i <= sessions; i += 1) {
    lines.push(
      `    - { beginString: FIX.4.4, senderCompId: ${GATEWAY_COMP_ID}, targetCompId: LOAD${i}, role: order-entry, store: database, overlapCommits: ${overlapCommits}, account: LACC${i}, firm: LOADFIRM, credentials: { username: load${i}, passwordHash: "${passwordHash}" } }`,
    );
  }
  // Loose limits, so that the load is checked (every order goes through these checks) but never refused by them.
  lines.push(
    'risk:',
    '  limits:',
    '    - { scope: global, id: "*", maxOrderQty: "100000", maxOrderNotional: "100000000", maxMessagesPerSecond: 1000000, maxOpenOrders: 1000000 }',
    '    - { scope: firm, id: LOADFIRM, maxOrderQty: "10000", maxMessagesPerSecond: 1000000 }',
  );
  return `${lines.join('\n')}\n`;
}

export function loadSessions(count: number): LoadSessionConfig[] {
  return Array.from({ length: count }, (_, k) => ({
    identity: { beginString: 'FIX.4.4', senderCompId: `LOAD${k + 1}`, targetCompId: GATEWAY_COMP_ID },
    account: `LACC${k + 1}`,
    username: `load${k + 1}`,
    password: PASSWORD,
  }));
}

export async function startGatewayForLoad(options: GatewayRunOptions): Promise<RunningGatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-load-'));
  const config = join(dir, 'gateway.yaml');
  writeFileSync(config, configYaml(options.sessions, await hashPassword(PASSWORD), options.overlapCommits === true));
  // "gateway ready" is logged at info; the order path does not log per message at info.
  const env: Record<string, string | undefined> = { ...process.env, GW_LOG_LEVEL: 'info', GW_FIX_PORT: '0', GW_HTTP_PORT: '0', GW_DATA_DIR: dir };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;
  const profile = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`];
  const child = spawn(process.execPath, [...GATEWAY_NODE_FLAGS, ...(options.extraNodeFlags ?? []), ...profile, '--import', 'tsx', 'ops/main.ts', '--config', config], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-50_000);
  });
  const ready = await waitForReady(child, () => err);
  const fixPort = Number(String(ready.fix).split(':').pop());
  return {
    fixPort,
    httpUrl: String(ready.http),
    sessions: loadSessions(options.sessions),
    database: String(ready.database),
    pid: child.pid ?? -1,
    stderr: () => err,
    async stop() {
      const code = await stopChild(child, exited);
      rmSync(dir, { recursive: true, force: true }); // the config and the embedded database of this run
      return code;
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | string>): Promise<number | string> {
  if (child.exitCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
  const code = await Promise.race([exited, timeout]);
  if (code !== 'timeout') return code;
  child.kill('SIGKILL');
  await exited;
  return 'killed';
}

/** The "gateway ready" log line, read off stdout; later lines are dropped so that a long run holds no log. */
function waitForReady(child: ChildProcess, stderr: () => string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`gateway not ready in ${READY_TIMEOUT_MS} ms: ${stderr()}`)), READY_TIMEOUT_MS);
    const finish = (result: Error | Record<string, unknown>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (result instanceof Error) {
        child.kill('SIGKILL');
        reject(result);
      } else {
        resolve(result);
      }
    };
    child.once('exit', (code) => finish(new Error(`gateway exited (${code}) before it was ready: ${stderr()}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (done) return;
      buffered += chunk.toString();
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('{') && line.includes('"gateway ready"')) return finish(JSON.parse(line) as Record<string, unknown>);
        newline = buffered.indexOf('\n');
      }
    });
  });
}
