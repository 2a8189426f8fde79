/**
 * Pre-trade risk benchmark (issue 6): the engine benchmark's flow (seeded; 70% limit orders around the mid, 20%
 * cancels of live orders, 10% marketable IOC; shallow book of about 5,000 live orders) through risk and then the
 * engine, with the engine's events fed back to risk, and every control on: global restricted list; per firm
 * credit, open orders and message rate; per account (1,000 of them, in 10 firms) permitted instruments, max order
 * quantity and value, a 10% collar around the last trade, long/short/net/gross position, credit, daily loss, open
 * orders, order-to-trade ratio; per session message rate and the duplicate-order control. The limits are set so
 * that the flow passes (the accept path is what is measured); rejects are counted and printed.
 *
 * Prints JSON: 1) throughput of the engine alone and of risk + engine (commands/s, tight loop, no timer);
 * 2) the cost risk adds per command (check + onEvent of the command's events), p50/p99/p99.9/max from an HDR
 * histogram, with process.hrtime.bigint() around each part (two timer pairs per command; the timer's own cost
 * is printed too); 3) heap bytes allocated per call by check() and per command by onEvent on the accept path.
 * Run: node --expose-gc --import tsx test/bench/risk.bench.ts (npm run bench:risk). COMMANDS=200000 for a short run.
 */
import { cpus, loadavg } from 'node:os';
import type { EngineEvent, OrderCommand } from '../../engine/model';
import { collectGarbage, generateFlow, START_US } from './engine-flow';
import { ACCOUNTS, freshPair as fresh, histogram, limits, percentiles, RISK_SHAPE, STEP_US } from './risk-flow';

const at = (i: number): bigint => START_US + 1n + BigInt(i) * STEP_US;

function main(): Record<string, unknown> {
  const { prefill, flow } = generateFlow(RISK_SHAPE, 42);
  const times = flow.map((_, i) => at(i));

  // 1) throughput, engine alone and risk + engine
  const alone = fresh(prefill, false).engine;
  collectGarbage();
  let t = process.hrtime.bigint();
  for (let i = 0; i < flow.length; i += 1) alone.execute(flow[i] as OrderCommand, times[i] as bigint);
  const engineNs = Number(process.hrtime.bigint() - t);

  const both = fresh(prefill, true);
  let rejects = 0;
  const rejectTexts = new Map<string, number>();
  collectGarbage();
  t = process.hrtime.bigint();
  for (let i = 0; i < flow.length; i += 1) {
    const command = flow[i] as OrderCommand;
    const now = times[i] as bigint;
    const decision = both.risk.check(command, now);
    if (decision.kind !== 'accept') {
      rejects += 1;
      rejectTexts.set(decision.text.replace(/\d+/g, 'N'), (rejectTexts.get(decision.text.replace(/\d+/g, 'N')) ?? 0) + 1);
      continue;
    }
    const events = both.engine.execute(command, now);
    for (let e = 0; e < events.length; e += 1) both.risk.onEvent(events[e] as EngineEvent);
  }
  const combinedNs = Number(process.hrtime.bigint() - t);

  // 2) the cost risk adds per command, timed
  const timed = fresh(prefill, true);
  const added = histogram();
  const checkOnly = histogram();
  const timer = histogram();
  collectGarbage();
  for (let i = 0; i < flow.length; i += 1) {
    const command = flow[i] as OrderCommand;
    const now = times[i] as bigint;
    const t0 = process.hrtime.bigint();
    const decision = timed.risk.check(command, now);
    const t1 = process.hrtime.bigint();
    if (decision.kind !== 'accept') continue;
    const events = timed.engine.execute(command, now);
    const t2 = process.hrtime.bigint();
    for (let e = 0; e < events.length; e += 1) timed.risk.onEvent(events[e] as EngineEvent);
    const t3 = process.hrtime.bigint();
    checkOnly.recordValue(Number(t1 - t0));
    added.recordValue(Number(t1 - t0 + (t3 - t2)));
    const u0 = process.hrtime.bigint();
    const u1 = process.hrtime.bigint();
    timer.recordValue(Number(u1 - u0));
  }

  // 3) allocation on the accept path: heap growth with no GC in between, over slices small enough for new space
  const SLICE = 20_000;
  const alloc = fresh(prefill, true);
  const half = Math.floor(flow.length / 2);
  for (let i = 0; i < half; i += 1) {
    const command = flow[i] as OrderCommand;
    if (alloc.risk.check(command, times[i] as bigint).kind === 'accept') for (const e of alloc.engine.execute(command, times[i] as bigint)) alloc.risk.onEvent(e);
  }
  const slice = flow.slice(half, half + SLICE);
  const sliceTimes = times.slice(half, half + SLICE);
  // check(): the same commands checked again and again (a check changes only counters)
  for (let i = 0; i < slice.length; i += 1) alloc.risk.check(slice[i] as OrderCommand, sliceTimes[i] as bigint);
  collectGarbage();
  let heap0 = process.memoryUsage().heapUsed;
  let accepted = 0;
  for (let i = 0; i < slice.length; i += 1) if (alloc.risk.check(slice[i] as OrderCommand, sliceTimes[i] as bigint).kind === 'accept') accepted += 1;
  const checkBytes = process.memoryUsage().heapUsed - heap0;
  // onEvent: the engine's events for the slice made first, then fed to risk alone
  const eventsOfSlice: (readonly EngineEvent[])[] = slice.map((command, i) => alloc.engine.execute(command, sliceTimes[i] as bigint));
  let eventCount = 0;
  collectGarbage();
  heap0 = process.memoryUsage().heapUsed;
  // Indexed loops: a for-of over the arrays would allocate an iterator result per step and count it as risk's.
  for (let c = 0; c < eventsOfSlice.length; c += 1) {
    const events = eventsOfSlice[c] ?? [];
    for (let e = 0; e < events.length; e += 1) alloc.risk.onEvent(events[e] as EngineEvent);
    eventCount += events.length;
  }
  const eventBytes = process.memoryUsage().heapUsed - heap0;

  return {
    commands: flow.length,
    accounts: ACCOUNTS,
    limitsSet: limits().length,
    rejects,
    rejectReasons: Object.fromEntries(rejectTexts),
    throughput: {
      engineAloneCommandsPerSecond: Math.round(flow.length / (engineNs / 1e9)),
      riskPlusEngineCommandsPerSecond: Math.round(flow.length / (combinedNs / 1e9)),
      addedNsPerCommandMean: Math.round((combinedNs - engineNs) / flow.length),
    },
    addedNsPerCommand: { ...percentiles(added), what: 'check + onEvent of its events, accepted commands, two hrtime pairs included' },
    checkNs: { ...percentiles(checkOnly), what: 'check() alone, one hrtime pair included' },
    timerPairNs: percentiles(timer),
    allocation: {
      checkBytesPerCall: +(checkBytes / slice.length).toFixed(2),
      checkAccepted: accepted,
      onEventBytesPerCommand: +(eventBytes / slice.length).toFixed(2),
      eventsFed: eventCount,
      note: 'heapUsed growth over a slice of 20,000 commands after gc(), no GC expected inside (well under new space)',
    },
  };
}

console.log(
  JSON.stringify(
    {
      benchmark: 'risk',
      node: process.version,
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      loadAverage1m: loadavg()[0],
      nodeFlags: process.execArgv.filter((a) => a !== '--import' && a !== 'tsx'),
      gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
      result: main(),
    },
    null,
    2,
  ),
);
