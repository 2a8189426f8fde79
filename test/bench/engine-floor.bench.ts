/**
 * How much of the engine's time is its events, and how fast an engine giving them can be here (issue 4): the engine
 * benchmark's flow, once through the real engine with its events recorded, then in turn (RUNS rounds, default 4)
 * 1) the floor: for each command only the objects of the engine's output are made, the same kinds and shapes (the
 * terms of a placed order, each event, a trade's two fills and their BigInt notionals, the array), with no book,
 * index or check; 2) the lean engine (`lean-engine.ts`: this flow's order types only, a price ladder, the same
 * events, checked here to be the real engine's command by command before anything is timed); 3) the real engine on
 * a fresh book. The floor is what any engine producing these events allocates; the rest of the engine's time is
 * its own logic, and the lean engine shows how little of that logic this flow needs.
 * Prints JSON: commands/s of each run and the medians. Run:
 *   PRESET=shallow node --max-semi-space-size=64 --import tsx test/bench/engine-floor.bench.ts   (or PRESET=deep)
 */
import { AcceptedTerms } from '../../engine/order-terms';
import type { EngineEvent, PlaceOrder } from '../../engine/model';
import { ENGINE_PRESETS, freshEngine, generateFlow, median, MID_TICKS, quantileOfSorted, START_US, SYMBOL } from './engine-flow';
import { LeanEngine } from './lean-engine';

const preset = ENGINE_PRESETS.find((p) => p.name === (process.env.PRESET ?? 'shallow'));
if (preset === undefined) throw new Error(`unknown PRESET ${process.env.PRESET}: shallow or deep`);
const runs = Number(process.env.RUNS ?? 4);
const { prefill, flow } = generateFlow(preset, 42);
const nowUs = START_US + 1n;
const recorder = freshEngine(prefill);
const recorded: (readonly EngineEvent[])[] = flow.map((command) => recorder.execute(command, nowUs));

/** The output of one command made anew from its recorded events: the same objects, none of the engine's work. */
function remake(command: (typeof flow)[number], index: number, events: readonly EngineEvent[]): unknown[] {
  const terms = command.kind === 'PlaceOrder' ? new AcceptedTerms(command as PlaceOrder, index, nowUs) : null;
  const out: unknown[] = [];
  for (const event of events) {
    switch (event.kind) {
      case 'Trade': {
        const { maker, taker } = event;
        out.push({
          kind: 'Trade', tsUs: nowUs, tradeId: event.tradeId, symbol: event.symbol, priceTicks: event.priceTicks, qtyLots: event.qtyLots,
          maker: { order: maker.order, liquidity: maker.liquidity, status: maker.status, cumQtyLots: maker.cumQtyLots, leavesQtyLots: maker.leavesQtyLots, notionalTicksLots: BigInt(maker.cumQtyLots) },
          taker: { order: terms ?? taker.order, liquidity: taker.liquidity, status: taker.status, cumQtyLots: taker.cumQtyLots, leavesQtyLots: taker.leavesQtyLots, notionalTicksLots: BigInt(taker.cumQtyLots) },
        });
        break;
      }
      case 'OrderAccepted':
        out.push({ kind: 'OrderAccepted', tsUs: nowUs, order: terms, status: event.status, cumQtyLots: event.cumQtyLots, leavesQtyLots: event.leavesQtyLots, notionalTicksLots: event.notionalTicksLots });
        break;
      case 'OrderCancelled':
        out.push({ kind: 'OrderCancelled', tsUs: nowUs, order: event.order, reason: event.reason, requestId: event.requestId, status: event.status, cumQtyLots: event.cumQtyLots, leavesQtyLots: event.leavesQtyLots, notionalTicksLots: event.notionalTicksLots });
        break;
      default:
        out.push({ ...event });
    }
  }
  return out;
}

function floorRun(): number {
  let made = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < flow.length; i += 1) made += remake(flow[i] as (typeof flow)[number], i, recorded[i] ?? []).length;
  const perSecond = flow.length / (Number(process.hrtime.bigint() - start) / 1e9);
  if (made !== recorded.reduce((n, events) => n + events.length, 0)) throw new Error('the floor made another number of events than the engine');
  return Math.round(perSecond);
}

function freshLean(): LeanEngine {
  const lean = new LeanEngine(SYMBOL, MID_TICKS);
  for (const command of prefill) lean.execute(command, START_US);
  return lean;
}

/** Every command's events from the lean engine, as the real engine gave them (bigints as strings); throws at the first difference. */
function checkLean(): void {
  const text = (events: readonly EngineEvent[]): string => JSON.stringify(events, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  const lean = freshLean();
  for (let i = 0; i < flow.length; i += 1) {
    const got = text(lean.execute(flow[i] as (typeof flow)[number], nowUs));
    const want = text(recorded[i] ?? []);
    if (got !== want) throw new Error(`the lean engine differs at command ${i}: ${got.slice(0, 400)} against ${want.slice(0, 400)}`);
  }
}

function leanRun(): number {
  const lean = freshLean();
  const start = process.hrtime.bigint();
  for (const command of flow) lean.execute(command, nowUs);
  return Math.round(flow.length / (Number(process.hrtime.bigint() - start) / 1e9));
}

function engineRun(): number {
  const engine = freshEngine(prefill);
  const start = process.hrtime.bigint();
  for (const command of flow) engine.execute(command, nowUs);
  return Math.round(flow.length / (Number(process.hrtime.bigint() - start) / 1e9));
}

/** p50 and p99 ns per command of one pass with a timer around each command (timer included), as bench:engine times. */
function perCommand(execute: (command: (typeof flow)[number]) => void): { readonly p50: number; readonly p99: number } {
  const ns = new Float64Array(flow.length);
  for (let i = 0; i < flow.length; i += 1) {
    const start = process.hrtime.bigint();
    execute(flow[i] as (typeof flow)[number]);
    ns[i] = Number(process.hrtime.bigint() - start);
  }
  ns.sort();
  return { p50: quantileOfSorted(ns, 0.5), p99: quantileOfSorted(ns, 0.99) };
}

checkLean();
const floor: number[] = [];
const lean: number[] = [];
const engine: number[] = [];
for (let run = 0; run < runs; run += 1) {
  floor.push(floorRun());
  lean.push(leanRun());
  engine.push(engineRun());
}
const floorMedian = median(floor);
const leanMedian = median(lean);
const engineMedian = median(engine);
const leanForTiming = freshLean();
const engineForTiming = freshEngine(prefill);
const timedPass = { leanEngine: perCommand((c) => leanForTiming.execute(c, nowUs)), engine: perCommand((c) => engineForTiming.execute(c, nowUs)) };
console.log(
  JSON.stringify(
    {
      benchmark: 'engine-floor',
      preset: preset.name,
      commands: flow.length,
      events: recorded.reduce((n, events) => n + events.length, 0),
      nodeFlags: process.execArgv.filter((a) => a !== '--import' && a !== 'tsx'),
      floorCommandsPerSecond: floor,
      leanEngineCommandsPerSecond: lean,
      engineCommandsPerSecond: engine,
      medianFloor: floorMedian,
      medianLeanEngine: leanMedian,
      medianEngine: engineMedian,
      leanEventsIdentical: true,
      timedPassNs: { ...timedPass, what: 'one pass each, process.hrtime.bigint() around every command' },
      nsPerCommand: {
        floor: Math.round(1e9 / floorMedian),
        leanEngine: Math.round(1e9 / leanMedian),
        engine: Math.round(1e9 / engineMedian),
        leanOwnLogic: Math.round(1e9 / leanMedian - 1e9 / floorMedian),
        engineOwnLogic: Math.round(1e9 / engineMedian - 1e9 / floorMedian),
      },
    },
    null,
    2,
  ),
);
