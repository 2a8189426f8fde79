/**
 * A/B benchmark: this checkout's engine (B) against another checkout's (A, at AB_BASE), in one process, runs in
 * turn on the same commands: A, B, A, B, ... (AB_RUNS pairs, default 5). This machine's speed moves by a fifth from
 * minute to minute; two separate benchmark runs minutes apart cannot show a change of 10%, runs in turn can.
 *
 * AB_TARGET=engine (default): the engine benchmark's flow (PRESET shallow or deep, default both), commands/s of a
 * tight loop. AB_TARGET=risk: the risk benchmark's flow and limits through risk and then the engine, with the events
 * fed back to risk (COMMANDS, default 300,000), ns per command. AB_TARGET=risk-latency: the same flow with
 * process.hrtime.bigint() around each check() and around each command's onEvent calls, the medians (ns, timer
 * included) of check() over all accepted commands, of check() over cancels, and of onEvent.
 *
 * AB_BASE is a checkout of the other version with its own files, e.g.
 *   git worktree add /tmp/base <commit> && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *   AB_BASE=/tmp/base npm run bench:ab
 * Prints JSON: every run of each side, the medians and B's speed relative to A (above 1: B is faster); events
 * counted by both must agree (the same engine behaviour).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MatchingEngine } from '../../engine';
import type { EngineEvent, OrderCommand } from '../../engine/model';
import { PreTradeRisk } from '../../risk';
import { collectGarbage, ENGINE_PRESETS, type Flow, freshEngine, generateFlow, median, START_US } from './engine-flow';
import { freshPair, RISK_SHAPE, STEP_US } from './risk-flow';

interface Side {
  readonly Engine: typeof MatchingEngine;
  readonly Risk: typeof PreTradeRisk;
}

const base = process.env.AB_BASE;
if (base === undefined) throw new Error('AB_BASE must name a checkout of the version to compare with (see the header of test/bench/ab.bench.ts)');
const runs = Number(process.env.AB_RUNS ?? 5);
const target = process.env.AB_TARGET ?? 'engine';

async function load(root: string): Promise<Side> {
  const engine = (await import(pathToFileURL(resolve(root, 'engine/index.ts')).href)) as { MatchingEngine: typeof MatchingEngine };
  const risk = (await import(pathToFileURL(resolve(root, 'risk/index.ts')).href)) as { PreTradeRisk: typeof PreTradeRisk };
  return { Engine: engine.MatchingEngine, Risk: risk.PreTradeRisk };
}

/** One timed run of the engine alone: commands/s, and the events it gave. */
function engineRun(side: Side, { prefill, flow }: Flow): { readonly score: number; readonly events: number } {
  const engine = freshEngine(prefill, side.Engine);
  collectGarbage();
  const nowUs = START_US + 1n;
  let events = 0;
  const start = process.hrtime.bigint();
  for (const command of flow) events += engine.execute(command, nowUs).length;
  const ns = Number(process.hrtime.bigint() - start);
  return { score: Math.round(flow.length / (ns / 1e9)), events };
}

/** One timed run of risk + engine: ns per command, and the events the engine gave. */
function riskRun(side: Side, { prefill, flow }: Flow, times: readonly bigint[]): { readonly score: number; readonly events: number } {
  const { engine, risk } = freshPair(prefill, true, side.Engine, side.Risk);
  collectGarbage();
  let events = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < flow.length; i += 1) {
    const command = flow[i] as OrderCommand;
    const now = times[i] as bigint;
    if (risk.check(command, now).kind !== 'accept') continue;
    const out = engine.execute(command, now);
    for (let e = 0; e < out.length; e += 1) risk.onEvent(out[e] as EngineEvent);
    events += out.length;
  }
  const ns = Number(process.hrtime.bigint() - start);
  return { score: Math.round(ns / flow.length), events };
}

/** One run of risk + engine with a timer pair around check() and around onEvent: their medians (ns). */
function riskLatencyRun(side: Side, { prefill, flow }: Flow, times: readonly bigint[]): { readonly check: number; readonly cancelCheck: number; readonly onEvent: number; readonly events: number } {
  const { engine, risk } = freshPair(prefill, true, side.Engine, side.Risk);
  collectGarbage();
  const checks: number[] = [];
  const cancelChecks: number[] = [];
  const onEvents: number[] = [];
  let events = 0;
  for (let i = 0; i < flow.length; i += 1) {
    const command = flow[i] as OrderCommand;
    const now = times[i] as bigint;
    const t0 = process.hrtime.bigint();
    const decision = risk.check(command, now);
    const t1 = process.hrtime.bigint();
    if (decision.kind !== 'accept') continue;
    const out = engine.execute(command, now);
    const t2 = process.hrtime.bigint();
    for (let e = 0; e < out.length; e += 1) risk.onEvent(out[e] as EngineEvent);
    const t3 = process.hrtime.bigint();
    checks.push(Number(t1 - t0));
    if (command.kind === 'CancelOrder') cancelChecks.push(Number(t1 - t0));
    onEvents.push(Number(t3 - t2));
    events += out.length;
  }
  return { check: median(checks), cancelCheck: median(cancelChecks), onEvent: median(onEvents), events };
}

/** Runs A, B, A, B, ... (`runs` pairs): each side's results in order, and whether both gave the same number of events. */
function inTurn<T extends { readonly events: number }>(run: (side: Side) => T, a: Side, b: Side): { readonly A: T[]; readonly B: T[]; readonly sameEvents: boolean } {
  const results: { A: T[]; B: T[] } = { A: [], B: [] };
  for (let pair = 0; pair < runs; pair += 1) {
    results.A.push(run(a));
    results.B.push(run(b));
  }
  const events = (list: T[]): number => list[list.length - 1]?.events ?? 0;
  return { ...results, sameEvents: events(results.A) === events(results.B) };
}

function compare(name: string, unit: string, higherIsBetter: boolean, run: (side: Side) => { readonly score: number; readonly events: number }, a: Side, b: Side): Record<string, unknown> {
  const { A, B, sameEvents } = inTurn(run, a, b);
  const scoresA = A.map((r) => r.score);
  const scoresB = B.map((r) => r.score);
  const medianA = median(scoresA);
  const medianB = median(scoresB);
  return { name, unit, A: scoresA, B: scoresB, medianA, medianB, bRelativeToA: +(higherIsBetter ? medianB / medianA : medianA / medianB).toFixed(3), sameEvents };
}

function compareLatency(flow: Flow, times: readonly bigint[], a: Side, b: Side): Record<string, unknown> {
  const { A, B, sameEvents } = inTurn((side) => riskLatencyRun(side, flow, times), a, b);
  const figures = (list: typeof A): Record<string, number[]> => ({ check: list.map((r) => r.check), cancelCheck: list.map((r) => r.cancelCheck), onEvent: list.map((r) => r.onEvent) });
  const medians = (list: typeof A): Record<string, number> => ({ check: median(list.map((r) => r.check)), cancelCheck: median(list.map((r) => r.cancelCheck)), onEvent: median(list.map((r) => r.onEvent)) });
  return { name: 'risk latency', unit: 'ns, median per run (timer pair included)', A: figures(A), B: figures(B), medianA: medians(A), medianB: medians(B), sameEvents };
}

async function main(): Promise<void> {
  const a = await load(base as string);
  const b: Side = { Engine: MatchingEngine, Risk: PreTradeRisk };
  const results: Record<string, unknown>[] = [];
  if (target === 'risk' || target === 'risk-latency') {
    const flow = generateFlow(RISK_SHAPE, 42);
    const times = flow.flow.map((_, i) => START_US + 1n + BigInt(i) * STEP_US);
    if (target === 'risk') results.push(compare('risk+engine', 'ns per command', false, (side) => riskRun(side, flow, times), a, b));
    else results.push(compareLatency(flow, times, a, b));
  } else {
    for (const preset of ENGINE_PRESETS.filter((p) => p.name === (process.env.PRESET ?? p.name))) {
      const flow = generateFlow(preset, 42);
      results.push(compare(`engine ${preset.name}`, 'commands/s', true, (side) => engineRun(side, flow), a, b));
    }
  }
  console.log(JSON.stringify({ benchmark: 'ab', base, runs, node: process.version, results }, null, 2));
}

await main();
