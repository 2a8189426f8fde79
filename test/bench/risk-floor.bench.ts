/**
 * A floor under pre-trade risk's cost (issue 6): the risk benchmark's flow and limits through PreTradeRisk and,
 * in turn, through FloorRisk (`risk-floor.ts`: the same checks and the same kept state in flat typed arrays, none
 * of the generality), measured the way `bench:risk` measures: 1) the added mean per command from throughput
 * (risk + engine against the engine alone, tight loops, RUNS rounds of the three, default 4); 2) check + onEvent
 * of each accepted command timed with process.hrtime.bigint() pairs (p50/p99/p99.9). Then it checks that the
 * floor kept the same figures as PreTradeRisk for every account (open orders, position, open buys and sells) after
 * the whole flow, so that it is a floor doing the same work and not a shortcut.
 * Run: node --expose-gc --max-semi-space-size=64 --initial-old-space-size=512 --import tsx test/bench/risk-floor.bench.ts
 * (npm run bench:risk:floor); COMMANDS=200000 for a short run.
 */
import { cpus, loadavg } from 'node:os';
import { MatchingEngine } from '../../engine';
import type { EngineEvent, OrderCommand } from '../../engine/model';
import type { PreTradeRisk } from '../../risk';
import { collectGarbage, generateFlow, instrument, median, START_US, SYMBOL } from './engine-flow';
import { FloorRisk } from './risk-floor';
import { ACCOUNTS, freshPair, histogram, limits, percentiles, RISK_SHAPE, STEP_US } from './risk-flow';

/** What both risks offer the loops: a verdict and the engine's events. */
interface Step {
  accepts(command: OrderCommand, nowUs: bigint): boolean;
  onEvent(event: EngineEvent): void;
}

const { prefill, flow } = generateFlow(RISK_SHAPE, 42);
const times = flow.map((_, i) => START_US + 1n + BigInt(i) * STEP_US);
const runs = Number(process.env.RUNS ?? 4);

function realPair(): { engine: MatchingEngine; step: Step; risk: PreTradeRisk } {
  const { engine, risk } = freshPair(prefill, true);
  return { engine, risk, step: { accepts: (c, now) => risk.check(c, now).kind === 'accept', onEvent: (e) => risk.onEvent(e) } };
}

function floorPair(): { engine: MatchingEngine; step: Step; floor: FloorRisk } {
  const engine = new MatchingEngine([instrument]);
  const floor = new FloorRisk(engine, instrument, limits());
  for (const command of prefill) {
    floor.check(command, START_US);
    for (const event of engine.execute(command, START_US)) floor.onEvent(event);
  }
  return { engine, floor, step: { accepts: (c, now) => floor.check(c, now), onEvent: (e) => floor.onEvent(e) } };
}

/** ns per command of the whole flow through the engine, with the step in front when given; and the rejects. */
function loop(engine: MatchingEngine, step: Step | null): { readonly ns: number; readonly rejects: number } {
  let rejects = 0;
  collectGarbage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < flow.length; i += 1) {
    const command = flow[i] as OrderCommand;
    const now = times[i] as bigint;
    if (step !== null && !step.accepts(command, now)) {
      rejects += 1;
      continue;
    }
    const events = engine.execute(command, now);
    if (step !== null) for (let e = 0; e < events.length; e += 1) step.onEvent(events[e] as EngineEvent);
  }
  return { ns: Number(process.hrtime.bigint() - start) / flow.length, rejects };
}

/** check + onEvent of each accepted command, timed as bench:risk times them. */
function timed(engine: MatchingEngine, step: Step): Record<string, unknown> {
  const added = histogram();
  const check = histogram();
  collectGarbage();
  for (let i = 0; i < flow.length; i += 1) {
    const command = flow[i] as OrderCommand;
    const now = times[i] as bigint;
    const t0 = process.hrtime.bigint();
    const accepted = step.accepts(command, now);
    const t1 = process.hrtime.bigint();
    if (!accepted) continue;
    const events = engine.execute(command, now);
    const t2 = process.hrtime.bigint();
    for (let e = 0; e < events.length; e += 1) step.onEvent(events[e] as EngineEvent);
    const t3 = process.hrtime.bigint();
    check.recordValue(Number(t1 - t0));
    added.recordValue(Number(t1 - t0 + (t3 - t2)));
  }
  return { addedNs: percentiles(added), checkNs: percentiles(check) };
}

const alone: number[] = [];
const real: number[] = [];
const floor: number[] = [];
let rejects = { real: 0, floor: 0 };
for (let run = 0; run < runs; run += 1) {
  alone.push(loop(freshPair(prefill, false).engine, null).ns);
  const r = realPair();
  const f = floorPair();
  const realRun = loop(r.engine, r.step);
  const floorRun = loop(f.engine, f.step);
  real.push(realRun.ns);
  floor.push(floorRun.ns);
  rejects = { real: realRun.rejects, floor: floorRun.rejects };
}

// The same figures: both run the whole flow once more, and every account is compared.
const r = realPair();
const f = floorPair();
loop(r.engine, r.step);
loop(f.engine, f.step);
const mismatches: string[] = [];
for (let a = 0; a <= ACCOUNTS; a += 1) {
  const account = a === ACCOUNTS ? 'TAKER' : `ACC${a}`;
  const exposure = r.risk.exposure('account', account);
  const position = r.risk.position(account, SYMBOL);
  const want = { openOrders: exposure.openOrders, positionLots: position.positionLots, openBuyLots: position.openBuyLots, openSellLots: position.openSellLots };
  const got = f.floor.accountFigures(account);
  if (JSON.stringify(want) !== JSON.stringify(got)) mismatches.push(`${account}: risk ${JSON.stringify(want)}, floor ${JSON.stringify(got)}`);
}
if (mismatches.length > 0) throw new Error(`the floor kept other figures than PreTradeRisk for ${mismatches.length} accounts, e.g. ${mismatches.slice(0, 3).join('; ')}`);

const engineNs = median(alone);
const timedReal = realPair();
const realTimes = timed(timedReal.engine, timedReal.step);
const timedFloor = floorPair();
const floorTimes = timed(timedFloor.engine, timedFloor.step);
console.log(
  JSON.stringify(
    {
      benchmark: 'risk-floor',
      node: process.version,
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      loadAverage1m: loadavg()[0],
      commands: flow.length,
      runs,
      rejects,
      accountsCompared: ACCOUNTS + 1,
      engineAloneNsPerCommand: alone.map(Math.round),
      addedNsPerCommandMean: {
        preTradeRisk: real.map((ns) => Math.round(ns - engineNs)),
        floor: floor.map((ns) => Math.round(ns - engineNs)),
        medians: { preTradeRisk: Math.round(median(real) - engineNs), floor: Math.round(median(floor) - engineNs) },
        what: 'risk + engine minus the median of the engine alone, ns per command of the flow',
      },
      timed: { preTradeRisk: realTimes, floor: floorTimes, what: 'check + onEvent of each accepted command, two hrtime pairs included' },
    },
    null,
    2,
  ),
);
