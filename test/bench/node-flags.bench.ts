/**
 * Node (V8) flags compared on the engine benchmark's flow: each run is a fresh process started with one set of
 * flags, the two sets in turn (A, B, A, B, ...), because flags are per process and this machine's speed drifts
 * from minute to minute (runs in turn share the drift). A run times the engine bench's tight loop three times on
 * fresh engines and reports the median, its CPU time and the garbage collector's pauses during the loops, then the
 * latency of each command in a fourth loop (p50/p99/p99.9, a timer around every command).
 *   npm run bench:flags                      (A: no flags, B: the gateway's, ops/node-flags.ts)
 *   FLAGS_A='--max-semi-space-size=16' FLAGS_B='--max-semi-space-size=64' RUNS=5 PRESET=deep npm run bench:flags
 * Prints JSON: every run, the medians per preset and flag set, and B relative to A.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { GATEWAY_NODE_FLAGS } from '../../ops/node-flags';
import { collectGarbage, ENGINE_PRESETS, type EnginePreset, freshEngine, generateFlow, median, quantileOfSorted, START_US } from './engine-flow';
import { PROJECT_ROOT } from '../support/gateway-process';

interface RunResult {
  readonly commandsPerSecond: number;
  /** CPU time of the process over the three timed loops (all threads: V8's helpers included). */
  readonly cpuMsPerLoop: number;
  readonly gcPauses: number;
  readonly gcPauseMsTotal: number;
  readonly gcPauseMsMax: number;
  /** ns per command, a fourth loop with a timer around every command (timer cost included). */
  readonly latencyNs: { readonly p50: number; readonly p99: number; readonly p999: number };
}

/** One run, in this process: the preset's flow through fresh engines, three timed loops. */
async function childRun(preset: EnginePreset): Promise<RunResult> {
  const { prefill, flow } = generateFlow(preset, 42);
  const nowUs = START_US + 1n;
  const pauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  const perSecond: number[] = [];
  let cpuMs = 0;
  for (let loop = 0; loop < 3; loop += 1) {
    const engine = freshEngine(prefill);
    collectGarbage();
    observer.observe({ entryTypes: ['gc'] });
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < flow.length; i += 1) engine.execute(flow[i] as (typeof flow)[number], nowUs);
    const ns = Number(process.hrtime.bigint() - start);
    const used = process.cpuUsage(cpu);
    // GC entries are delivered asynchronously: let them arrive before the next loop's explicit collections.
    await new Promise((resolve) => setTimeout(resolve, 20));
    observer.disconnect();
    perSecond.push(Math.round(flow.length / (ns / 1e9)));
    cpuMs += (used.user + used.system) / 1000;
  }
  const engine = freshEngine(prefill);
  collectGarbage();
  const ns = new Float64Array(flow.length);
  for (let i = 0; i < flow.length; i += 1) {
    const start = process.hrtime.bigint();
    engine.execute(flow[i] as (typeof flow)[number], nowUs);
    ns[i] = Number(process.hrtime.bigint() - start);
  }
  ns.sort();
  return {
    latencyNs: { p50: quantileOfSorted(ns, 0.5), p99: quantileOfSorted(ns, 0.99), p999: quantileOfSorted(ns, 0.999) },
    commandsPerSecond: median(perSecond),
    cpuMsPerLoop: Math.round(cpuMs / 3),
    gcPauses: pauses.length,
    gcPauseMsTotal: Math.round(pauses.reduce((a, b) => a + b, 0)),
    gcPauseMsMax: Math.round(Math.max(0, ...pauses) * 10) / 10,
  };
}

function flagsFrom(text: string | undefined, fallback: readonly string[]): string[] {
  return text === undefined ? [...fallback] : text.split(/\s+/).filter((f) => f !== '');
}

function main(): void {
  const a = flagsFrom(process.env.FLAGS_A, []);
  const b = flagsFrom(process.env.FLAGS_B, GATEWAY_NODE_FLAGS);
  const runs = Number(process.env.RUNS ?? 5);
  const presets = ENGINE_PRESETS.filter((p) => p.name === (process.env.PRESET ?? p.name));
  const self = fileURLToPath(import.meta.url);
  const results = presets.map((preset) => {
    const byFlags: { A: RunResult[]; B: RunResult[] } = { A: [], B: [] };
    for (let i = 0; i < runs; i += 1) {
      for (const [name, flags] of [['A', a], ['B', b]] as const) {
        const out = execFileSync(process.execPath, ['--expose-gc', ...flags, '--import', 'tsx', self, '--child', preset.name], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
        byFlags[name].push(JSON.parse(out) as RunResult);
      }
    }
    const summary = (list: RunResult[]) => ({
      commandsPerSecond: median(list.map((r) => r.commandsPerSecond)),
      cpuMsPerLoop: median(list.map((r) => r.cpuMsPerLoop)),
      gcPauseMsTotal: median(list.map((r) => r.gcPauseMsTotal)),
      gcPauses: median(list.map((r) => r.gcPauses)),
      gcPauseMsMax: median(list.map((r) => r.gcPauseMsMax)),
      latencyP99Ns: median(list.map((r) => r.latencyNs.p99)),
      latencyP999Ns: median(list.map((r) => r.latencyNs.p999)),
    });
    const sa = summary(byFlags.A);
    const sb = summary(byFlags.B);
    return {
      preset: preset.name,
      medianA: sa,
      medianB: sb,
      bRelativeToA: Math.round((sb.commandsPerSecond / sa.commandsPerSecond) * 100) / 100,
      pairsWhereBIsFaster: byFlags.B.filter((r, i) => r.commandsPerSecond > (byFlags.A[i]?.commandsPerSecond ?? Number.POSITIVE_INFINITY)).length,
      runsA: byFlags.A,
      runsB: byFlags.B,
    };
  });
  process.stdout.write(`${JSON.stringify({ benchmark: 'node flags on the engine flow', flagsA: a, flagsB: b, runs, node: process.version, cpu: cpus()[0]?.model.trim(), cores: cpus().length, loadAverage1m: loadavg()[0], results }, null, 2)}\n`);
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  const preset = ENGINE_PRESETS.find((p) => p.name === process.argv[childAt + 1]);
  if (preset === undefined) throw new Error(`no preset ${process.argv[childAt + 1] ?? ''}`);
  childRun(preset).then(
    (result) => process.stdout.write(JSON.stringify(result)),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
} else {
  main();
}
