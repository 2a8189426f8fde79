/**
 * Engine benchmark (issue 4): a seeded flow of 1,000,000 commands through the real engine with its events:
 * 70% limit orders placed around the mid at an exponentially distributed distance, 20% cancels of live orders,
 * 10% marketable IOC orders. Shallow book (about 5,000 live orders), then deep book (about 50,000).
 *
 * Each preset runs on fresh engines with the same commands (the engine is deterministic, so the state is the same
 * each time): 1) generation, which picks live orders to cancel and warms the JIT; 2) throughput, a tight loop with
 * no timer, THROUGHPUT_RUNS times (default 3; the median is the figure, every run is printed: this machine's speed
 * moves by a fifth from run to run); 3) latency, process.hrtime.bigint() around every single command (the timer's
 * own cost, about 30-50 ns, is included in the figures). Prints JSON. Run: npm run bench:engine (node --expose-gc).
 * The flow is test/bench/engine-flow.ts.
 */
import { cpus, loadavg } from 'node:os';
import * as hdr from 'hdr-histogram-js';
import { collectGarbage, ENGINE_PRESETS, type EnginePreset, freshEngine, generateFlow, median, START_US, SYMBOL } from './engine-flow';

const THROUGHPUT_RUNS = Number(process.env.THROUGHPUT_RUNS ?? 3);

function runPreset(preset: EnginePreset): Record<string, unknown> {
  const { prefill, flow } = generateFlow(preset, 42);
  const nowUs = START_US + 1n;

  const runsPerSecond: number[] = [];
  let events = 0;
  let trades = 0;
  let heapBefore = 0;
  let heapAfterRun = 0;
  let heapAfter = 0;
  let liveAfter = 0;
  for (let run = 0; run < THROUGHPUT_RUNS; run += 1) {
    const throughputEngine = freshEngine(prefill);
    collectGarbage();
    heapBefore = process.memoryUsage().heapUsed;
    events = 0;
    const start = process.hrtime.bigint();
    for (const command of flow) {
      const out = throughputEngine.execute(command, nowUs);
      events += out.length;
    }
    const elapsedNs = Number(process.hrtime.bigint() - start);
    runsPerSecond.push(Math.round(flow.length / (elapsedNs / 1e9)));
    heapAfterRun = process.memoryUsage().heapUsed;
    collectGarbage();
    heapAfter = process.memoryUsage().heapUsed;
    liveAfter = throughputEngine.liveOrderCount;
  }
  const perSecond = median(runsPerSecond);

  const latencyEngine = freshEngine(prefill);
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: 3 });
  collectGarbage();
  for (const command of flow) {
    const t0 = process.hrtime.bigint();
    const out = latencyEngine.execute(command, nowUs);
    const t1 = process.hrtime.bigint();
    histogram.recordValue(Number(t1 - t0));
    for (const event of out) if (event.kind === 'Trade') trades += 1;
  }
  const depth = latencyEngine.depth(SYMBOL, 1);
  return {
    preset: preset.name,
    commands: flow.length,
    events,
    trades,
    liveOrdersBefore: preset.liveOrders,
    liveOrdersAfter: liveAfter,
    commandsPerSecond: perSecond,
    throughputRuns: runsPerSecond,
    nsPerCommandMean: Math.round(1e9 / perSecond),
    latencyNs: {
      p50: histogram.getValueAtPercentile(50),
      p99: histogram.getValueAtPercentile(99),
      p999: histogram.getValueAtPercentile(99.9),
      max: histogram.maxValue,
      timer: 'process.hrtime.bigint() around each command (timer cost included)',
    },
    heapMb: {
      before: +(heapBefore / 1e6).toFixed(1),
      endOfRunBeforeGc: +(heapAfterRun / 1e6).toFixed(1),
      afterGc: +(heapAfter / 1e6).toFixed(1),
      growthAfterGc: +((heapAfter - heapBefore) / 1e6).toFixed(1),
    },
    bestBid: depth?.bids[0]?.priceTicks,
    bestAsk: depth?.asks[0]?.priceTicks,
  };
}

const results = ENGINE_PRESETS.filter((p) => p.name === (process.env.PRESET ?? p.name)).map(runPreset);
console.log(
  JSON.stringify(
    {
      benchmark: 'engine',
      node: process.version,
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      loadAverage1m: loadavg()[0],
      nodeFlags: process.execArgv.filter((a) => a !== '--import' && a !== 'tsx'),
      gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
      results,
    },
    null,
    2,
  ),
);
