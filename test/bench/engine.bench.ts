/**
 * Engine benchmark (issue 4): a seeded flow of 1,000,000 commands through the real engine with its events:
 * 70% limit orders placed around the mid at an exponentially distributed distance, 20% cancels of live orders,
 * 10% marketable IOC orders. Shallow book (about 5,000 live orders), then deep book (about 50,000).
 *
 * Each preset runs three times on fresh engines with the same commands (the engine is deterministic, so the
 * state is the same each time): 1) generation, which picks live orders to cancel and warms the JIT; 2) throughput,
 * a tight loop with no timer; 3) latency, process.hrtime.bigint() around every single command (the timer's own
 * cost, about 30-50 ns, is included in the figures). Prints JSON. Run: npm run bench:engine (node --expose-gc).
 */
import { cpus, loadavg } from 'node:os';
import * as hdr from 'hdr-histogram-js';
import { MatchingEngine } from '../../engine';
import { defineInstrument, OrderType, Side, TimeInForce } from '../../engine/model';
import type { EngineCommand, PriceTicks, QtyLots } from '../../engine/model';
import { mulberry32 } from '../support/seeded-random';

interface Preset {
  readonly name: string;
  readonly liveOrders: number;
  readonly meanDistanceTicks: number;
  readonly commands: number;
}

const PRESETS: readonly Preset[] = [
  { name: 'shallow', liveOrders: 5_000, meanDistanceTicks: 20, commands: 1_000_000 },
  { name: 'deep', liveOrders: 50_000, meanDistanceTicks: 200, commands: 1_000_000 },
];
const SYMBOL = 'BENCH';
const MID_TICKS = 1_000_000;
const SESSIONS = ['FIX.4.4:GW->C1', 'FIX.4.4:GW->C2', 'FIX.4.4:GW->C3', 'FIX.4.4:GW->C4'];
const START_US = 1_767_258_000_000_000n; // 2026-01-01T09:00:00Z
const instrument = defineInstrument({ symbol: SYMBOL, isin: 'XS0000000009', currency: 'EUR', tickSize: '0.01', lotSize: '1' });

interface Live {
  readonly orderId: number;
  readonly sessionId: string;
  readonly clientOrderId: string;
  readonly side: Side;
}

/** Builds the flow while running it once: cancels pick orders that are live at that moment. */
function generate(preset: Preset, seed: number): { prefill: EngineCommand[]; flow: EngineCommand[] } {
  const random = mulberry32(seed);
  const engine = new MatchingEngine([instrument]);
  const live: Live[] = [];
  let counter = 0;
  const limit = (): EngineCommand => {
    const side = random() < 0.5 ? Side.Buy : Side.Sell;
    const distance = 1 + Math.floor(-Math.log(1 - random()) * preset.meanDistanceTicks);
    const sessionId = SESSIONS[counter % SESSIONS.length] ?? 'S';
    return {
      kind: 'PlaceOrder',
      sessionId,
      clientOrderId: `L${++counter}`,
      account: `ACC${counter % 16}`,
      firm: 'FIRM1',
      symbol: SYMBOL,
      side,
      type: OrderType.Limit,
      timeInForce: TimeInForce.Day,
      qtyLots: (1 + Math.floor(random() * 100)) as QtyLots,
      priceTicks: (side === Side.Buy ? MID_TICKS - distance : MID_TICKS + distance) as PriceTicks,
    };
  };
  const run = (command: EngineCommand): void => {
    for (const event of engine.execute(command, START_US)) {
      if (event.kind === 'OrderAccepted' && event.order.timeInForce === TimeInForce.Day) {
        live.push({ orderId: event.order.orderId, sessionId: event.order.sessionId, clientOrderId: event.order.clientOrderId, side: event.order.side });
      }
    }
  };
  const prefill: EngineCommand[] = [];
  while (engine.liveOrderCount < preset.liveOrders) {
    const command = limit();
    prefill.push(command);
    run(command);
  }
  const flow: EngineCommand[] = [];
  for (let index = 0; index < preset.commands; index += 1) {
    const roll = random();
    let command: EngineCommand;
    if (roll < 0.7) {
      command = limit();
    } else if (roll < 0.9) {
      let target: Live | undefined;
      while (live.length > 0) {
        const at = Math.floor(random() * live.length);
        const candidate = live[at];
        const last = live.pop();
        if (at < live.length && last !== undefined) live[at] = last;
        if (candidate !== undefined && engine.order(candidate.orderId) !== undefined) {
          target = candidate;
          break;
        }
      }
      command =
        target === undefined
          ? limit()
          : { kind: 'CancelOrder', sessionId: target.sessionId, clientOrderId: `X${++counter}`, origClientOrderId: target.clientOrderId, symbol: SYMBOL, side: target.side };
    } else {
      // Marketable IOC, sized to keep the book near its target depth (the mix stays 70/20/10).
      const side = random() < 0.5 ? Side.Buy : Side.Sell;
      const pressure = (engine.liveOrderCount / preset.liveOrders) ** 4;
      const qty = 1 + Math.floor(-Math.log(1 - random()) * 250 * pressure);
      command = {
        kind: 'PlaceOrder',
        sessionId: SESSIONS[counter % SESSIONS.length] ?? 'S',
        clientOrderId: `I${++counter}`,
        account: 'TAKER',
        firm: 'FIRM2',
        symbol: SYMBOL,
        side,
        type: OrderType.Limit,
        timeInForce: TimeInForce.ImmediateOrCancel,
        qtyLots: qty as QtyLots,
        priceTicks: (side === Side.Buy ? MID_TICKS + 10 * preset.meanDistanceTicks : MID_TICKS - 10 * preset.meanDistanceTicks) as PriceTicks,
      };
    }
    flow.push(command);
    run(command);
  }
  return { prefill, flow };
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect !== undefined) {
    collect();
    collect();
  }
}

function fresh(prefill: readonly EngineCommand[]): MatchingEngine {
  const engine = new MatchingEngine([instrument]);
  for (const command of prefill) engine.execute(command, START_US);
  return engine;
}

function runPreset(preset: Preset): Record<string, unknown> {
  const { prefill, flow } = generate(preset, 42);
  const nowUs = START_US + 1n;

  const throughputEngine = fresh(prefill);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let events = 0;
  let trades = 0;
  const start = process.hrtime.bigint();
  for (const command of flow) {
    const out = throughputEngine.execute(command, nowUs);
    events += out.length;
  }
  const elapsedNs = Number(process.hrtime.bigint() - start);
  const heapAfterRun = process.memoryUsage().heapUsed;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const liveAfter = throughputEngine.liveOrderCount;

  const latencyEngine = fresh(prefill);
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: 3 });
  gc();
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
    commandsPerSecond: Math.round(flow.length / (elapsedNs / 1e9)),
    nsPerCommandMean: Math.round(elapsedNs / flow.length),
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

const results = PRESETS.filter((p) => p.name === (process.env.PRESET ?? p.name)).map(runPreset);
console.log(
  JSON.stringify(
    {
      benchmark: 'engine',
      node: process.version,
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      loadAverage1m: loadavg()[0],
      gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
      results,
    },
    null,
    2,
  ),
);
