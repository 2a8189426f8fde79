/**
 * The risk benchmark's flow and limits (issue 6): the engine benchmark's shallow flow with 1,000 accounts in 10
 * firms, and every control on, loose enough for the flow to pass.
 */
import * as hdr from 'hdr-histogram-js';
import { MatchingEngine } from '../../engine';
import type { OrderCommand } from '../../engine/model';
import { PreTradeRisk, type ScopedLimits } from '../../risk';
import { type FlowShape, instrument, SESSIONS, START_US, SYMBOL } from './engine-flow';

export const COMMANDS = Number(process.env.COMMANDS ?? 1_000_000);
export const ACCOUNTS = 1_000;
const FIRMS = 10;
/** Commands are 10 µs apart (100,000/s over 4 sessions): the message-rate buckets and windows see time pass. */
export const STEP_US = 10n;

/** The engine benchmark's shallow flow, with 1,000 accounts in 10 firms instead of 16 in one. */
export const RISK_SHAPE: FlowShape = {
  liveOrders: 5_000,
  meanDistanceTicks: 20,
  commands: COMMANDS,
  party: (n) => ({ account: `ACC${n % ACCOUNTS}`, firm: `FIRM${(n % ACCOUNTS) % FIRMS}` }),
  takerFirm: 'FIRM_TAKER',
};

/** Every control on, loose enough for the flow to pass. */
export function limits(): ScopedLimits[] {
  const out: ScopedLimits[] = [{ scope: 'global', id: '*', limits: { restrictedSymbols: ['RESTRICTED1', 'RESTRICTED2'] } }];
  for (let f = 0; f < FIRMS; f += 1) out.push({ scope: 'firm', id: `FIRM${f}`, limits: { creditLimit: '100000000000', maxOpenOrders: 100_000, maxMessagesPerSecond: 1_000_000 } });
  out.push({ scope: 'firm', id: 'FIRM_TAKER', limits: { creditLimit: '100000000000', maxMessagesPerSecond: 1_000_000 } });
  const account = {
    permittedSymbols: [SYMBOL],
    maxOrderQty: '100000',
    maxOrderNotional: '1000000000',
    priceCollarPercent: 10,
    maxLongQty: '10000000',
    maxShortQty: '10000000',
    maxNetPositionValue: '100000000000',
    maxGrossPositionValue: '100000000000',
    creditLimit: '100000000000',
    maxDailyLoss: '1000000000',
    maxOpenOrders: 10_000,
    maxOrderToTradeRatio: 100_000,
  };
  for (let a = 0; a < ACCOUNTS; a += 1) out.push({ scope: 'account', id: `ACC${a}`, limits: account });
  out.push({ scope: 'account', id: 'TAKER', limits: account });
  for (const s of SESSIONS) out.push({ scope: 'session', id: s, limits: { maxMessagesPerSecond: 1_000_000, duplicateMaxRepeats: 20, duplicateWindowMs: 1_000, cancelOnDisconnect: true } });
  return out;
}

export interface Pair {
  readonly engine: MatchingEngine;
  readonly risk: PreTradeRisk;
}

/**
 * A new engine and risk (with the limits, or none) that have run the prefill, risk fed the engine's events. The
 * classes may be another checkout's (the A/B benchmark).
 */
export function freshPair(prefill: readonly OrderCommand[], withRisk: boolean, Engine: typeof MatchingEngine = MatchingEngine, Risk: typeof PreTradeRisk = PreTradeRisk): Pair {
  const engine = new Engine([instrument]);
  // The engine as this checkout's risk takes it; callable too, as checkouts before 2026-12-07 (ninth session) took an
  // instrument lookup, so that the A/B bench can run them against this one.
  const view = Object.assign((symbol: string) => engine.instrument(symbol), { instrument: (symbol: string) => engine.instrument(symbol), liveOrderId: (sessionId: string, clientOrderId: string) => engine.liveOrderId(sessionId, clientOrderId) });
  const risk = new Risk(view, withRisk ? limits() : []);
  for (const command of prefill) for (const event of engine.execute(command, START_US)) risk.onEvent(event);
  return { engine, risk };
}

/** A histogram of nanoseconds (1 ns to 10 s, three significant digits). */
export function histogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: 3 });
}

export function percentiles(h: hdr.Histogram): Record<string, number> {
  return { p50: h.getValueAtPercentile(50), p99: h.getValueAtPercentile(99), p999: h.getValueAtPercentile(99.9), max: h.maxValue };
}
