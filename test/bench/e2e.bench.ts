/**
 * End-to-end benchmark (issue 7): the real gateway process (journal and session store on) driven over FIX by the
 * project's own load generator (test/bench/load) from this process. Each target gets a short warm-up, then each
 * offered rate for one step, open loop (latency from each order's scheduled send time, so that stalls are counted),
 * then the window mode for the maximum throughput. Targets, in order:
 *  1. the trivial responder (a minimal acceptor, no database, its own process): the generator's own ceiling;
 *  2. the gateway on the Postgres server at DATABASE_URL (a fresh database, dropped afterwards), when it is set;
 *  3. the gateway on embedded PGlite (its default).
 * Each step also reports the CPU time per answered order of the gateway process, of the Postgres server (every
 * process named postgres, Postgres target only) and of this process (the generator), read from /proc (Linux; null
 * elsewhere): on a 2-core machine their sum bounds the rate more than any one of them. For the gateway targets,
 * `gatewayWaits` gives the gateway's own view of the step from its /metrics (test/bench/load/gateway-waits.ts): each
 * command's wait for its journal records' commit, the journal's batch commits and the session store's writes (mean,
 * the histogram buckets holding p50 and p99, how many over 10 and 50 ms),
 * records per batch, GC pause ms per second by kind, and the event loop's largest delay.
 * Prints JSON. Run: npm run bench:e2e. Options (environment):
 *   E2E_STEP_SEC=10  E2E_RATES=1000,5000,20000,50000  E2E_WINDOW=256  E2E_SESSIONS=4  E2E_WARMUP_SEC=2
 *   E2E_DRAIN_SEC=5  E2E_MAX_BACKLOG=5000 (a rate step stops sending once this many orders are unanswered)
 *   E2E_WARMUP_RATE=1000  E2E_OVERLAP_COMMITS=1 (the sessions' overlapCommits on)  E2E_TARGETS=responder,postgres,pglite  E2E_PROFILE=1 (gateway under --cpu-prof, summarised;
 *   E2E_KEEP_PROFILE=1 keeps the .cpuprofile files, whose folder the summary names)
 *   E2E_GATEWAY_FLAGS='--max-semi-space-size=16' (node flags for the gateway after its own; later ones win)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseProfiles, type ProfileSummary } from './load/cpu-profile-summary';
import { LOAD_SYMBOLS, loadSessions, startGatewayForLoad } from './load/gateway-runner';
import { runLoadPlan, type LoadPlan, type PlanResult } from './load/load-plan';
import { createScratchDatabase } from './load/scratch-database';
import { GATEWAY_NODE_FLAGS } from '../../ops/node-flags';
import { scrapeMetrics } from './load/gateway-waits';
import { cpuSampler } from './load/process-cpu';
import { PROJECT_ROOT } from '../support/gateway-process';

type Target = 'responder' | 'postgres' | 'pglite';

interface TargetResult extends PlanResult {
  readonly target: string;
  readonly startMs?: number;
  readonly gatewayExit?: number | string;
  readonly cpuProfile?: readonly ProfileSummary[];
}

const env = process.env;
const num = (name: string, fallback: number): number => (env[name] === undefined || env[name] === '' ? fallback : Number(env[name]));
const sessions = num('E2E_SESSIONS', 4);
const profile = env.E2E_PROFILE === '1';
/** The sessions' overlapCommits (their reports stored while the journal commits): E2E_OVERLAP_COMMITS=1. */
const overlapCommits = env.E2E_OVERLAP_COMMITS === '1';
/** Node flags for the gateway after its own (ops/node-flags.ts), space-separated: E2E_GATEWAY_FLAGS='--max-semi-space-size=16'. */
const extraNodeFlags = (env.E2E_GATEWAY_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
const plan: LoadPlan = {
  rates: (env.E2E_RATES ?? '1000,5000,20000,50000').split(',').map(Number),
  stepMs: num('E2E_STEP_SEC', 10) * 1000,
  warmupMs: num('E2E_WARMUP_SEC', 2) * 1000,
  warmupRate: num('E2E_WARMUP_RATE', 1_000),
  window: num('E2E_WINDOW', 256),
  drainTimeoutMs: num('E2E_DRAIN_SEC', 5) * 1000,
  maxOutstanding: num('E2E_MAX_BACKLOG', 5_000),
  seed: 42,
};
const targets = (env.E2E_TARGETS ?? 'responder,postgres,pglite').split(',') as Target[];
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** The trivial responder in a process of its own, as the gateway is. */
async function runResponder(): Promise<TargetResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/load/trivial-responder-main.ts'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`trivial responder exited (${code})`)));
      child.stdout.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { port: number }).port));
    });
    return { target: 'trivial responder (no database)', ...(await runLoadPlan('127.0.0.1', port, loadSessions(sessions), LOAD_SYMBOLS, plan, log, { cpu: cpuSampler(child.pid, false) })) };
  } finally {
    child.kill('SIGTERM');
  }
}

async function runGateway(target: 'postgres' | 'pglite', serverUrl: string | undefined): Promise<TargetResult> {
  const scratch = serverUrl === undefined ? null : await createScratchDatabase(serverUrl);
  const profileDir = profile ? mkdtempSync(join(tmpdir(), `gw-prof-${target}-`)) : undefined;
  const startedAt = Date.now();
  const gateway = await startGatewayForLoad({ sessions, overlapCommits, extraNodeFlags, ...(scratch === null ? {} : { databaseUrl: scratch.url }), ...(profileDir === undefined ? {} : { cpuProfileDir: profileDir }) });
  const startMs = Date.now() - startedAt;
  let exit: number | string = 'running';
  try {
    const label = scratch === null ? `gateway on embedded PGlite (${gateway.database})` : `gateway on the Postgres server (fresh database ${scratch.name})`;
    const result = await runLoadPlan('127.0.0.1', gateway.fixPort, gateway.sessions, LOAD_SYMBOLS, plan, log, { cpu: cpuSampler(gateway.pid, scratch !== null), metrics: () => scrapeMetrics(gateway.httpUrl) });
    exit = await gateway.stop();
    const cpuProfile = profileDir === undefined ? undefined : summariseProfiles(profileDir);
    return { target: label, startMs, gatewayExit: exit, ...result, ...(cpuProfile === undefined ? {} : { cpuProfile }) };
  } finally {
    if (exit === 'running') await gateway.stop();
    await scratch?.drop().catch((e: unknown) => log(`could not drop ${scratch.name}: ${String(e)}`));
    if (profileDir !== undefined && env.E2E_KEEP_PROFILE !== '1') rmSync(profileDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const loadAtStart = loadavg();
  const results: Record<string, TargetResult | string> = {};
  for (const target of targets) {
    log(`bench:e2e: ${target}`);
    if (target === 'responder') results.generatorVsTrivialResponder = await runResponder();
    else if (target === 'postgres') results.postgres = env.DATABASE_URL ? await runGateway('postgres', env.DATABASE_URL) : 'skipped: DATABASE_URL is not set';
    else if (target === 'pglite') results.pglite = await runGateway('pglite', undefined);
    else throw new Error(`unknown target ${String(target)} in E2E_TARGETS`);
  }
  const output = {
    benchmark: 'e2e',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    loadAverage: { atStart: loadAtStart.map((v) => Math.round(v * 100) / 100), atEnd: loadavg().map((v) => Math.round(v * 100) / 100) },
    elapsedSec: Math.round((Date.now() - startedAt) / 1000),
    setup: {
      sessions,
      overlapCommits,
      gatewayNodeFlags: [...GATEWAY_NODE_FLAGS, ...extraNodeFlags],
      symbols: LOAD_SYMBOLS,
      mix: '70% NewOrderSingle (15% of them crossing the mid), 20% cancel, 10% replace of own working orders; at most 250 working orders per session',
      ...plan,
      latency: 'order to first answer (ExecutionReport, OrderCancelReject, Reject or BusinessMessageReject), from the scheduled send time',
    },
    goal: { sustainedOrdersPerSec: 40_000, p99MsAt5000: 1, p99MsAt20000: 3, unanswered: 0 },
    ...results,
  };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench:e2e failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
