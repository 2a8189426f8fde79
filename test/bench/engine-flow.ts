/**
 * The seeded order flow of the engine and risk benchmarks (issue 4, issue 6): 70% limit orders placed around the
 * mid at an exponentially distributed distance, 20% cancels of live orders, 10% marketable IOC orders sized to keep
 * the book near its target depth. Built while running it once through an engine, so a cancel picks an order that
 * is live at that moment; the engine is deterministic, so a fresh engine given the prefill and then the flow meets
 * the same state.
 */
import { MatchingEngine } from '../../engine';
import { defineInstrument, OrderType, Side, TimeInForce } from '../../engine/model';
import type { OrderCommand, PriceTicks, QtyLots } from '../../engine/model';
import { mulberry32 } from '../support/seeded-random';

export interface FlowShape {
  /** Live orders the prefill builds up, and the depth the flow keeps. */
  readonly liveOrders: number;
  readonly meanDistanceTicks: number;
  readonly commands: number;
  /** The account and firm of the n-th limit order (n counts every command with a client order id, from 0). */
  readonly party: (n: number) => { readonly account: string; readonly firm: string };
  /** The firm of the IOC orders' account, TAKER. */
  readonly takerFirm: string;
}

export interface Flow {
  readonly prefill: OrderCommand[];
  readonly flow: OrderCommand[];
}

export const SYMBOL = 'BENCH';
export const MID_TICKS = 1_000_000;
export const SESSIONS = ['FIX.4.4:GW->C1', 'FIX.4.4:GW->C2', 'FIX.4.4:GW->C3', 'FIX.4.4:GW->C4'];
export const START_US = 1_767_258_000_000_000n; // 2026-01-01T09:00:00Z
export const instrument = defineInstrument({ symbol: SYMBOL, isin: 'XS0000000009', currency: 'EUR', tickSize: '0.01', lotSize: '1' });

/** The engine benchmark's two books: about 5,000 live orders near the mid, and about 50,000 spread wider. */
export interface EnginePreset extends FlowShape {
  readonly name: string;
}

const sixteenAccounts = (n: number): { readonly account: string; readonly firm: string } => ({ account: `ACC${(n + 1) % 16}`, firm: 'FIRM1' });
export const ENGINE_PRESETS: readonly EnginePreset[] = [
  { name: 'shallow', liveOrders: 5_000, meanDistanceTicks: 20, commands: 1_000_000, party: sixteenAccounts, takerFirm: 'FIRM2' },
  { name: 'deep', liveOrders: 50_000, meanDistanceTicks: 200, commands: 1_000_000, party: sixteenAccounts, takerFirm: 'FIRM2' },
];

interface Live {
  readonly orderId: number;
  readonly sessionId: string;
  readonly clientOrderId: string;
  readonly side: Side;
}

export function generateFlow(shape: FlowShape, seed: number): Flow {
  const random = mulberry32(seed);
  const engine = new MatchingEngine([instrument]);
  const live: Live[] = [];
  let counter = 0;
  const limit = (): OrderCommand => {
    const side = random() < 0.5 ? Side.Buy : Side.Sell;
    const distance = 1 + Math.floor(-Math.log(1 - random()) * shape.meanDistanceTicks);
    const party = shape.party(counter);
    return {
      kind: 'PlaceOrder',
      sessionId: SESSIONS[counter % SESSIONS.length] ?? 'S',
      clientOrderId: `L${++counter}`,
      account: party.account,
      firm: party.firm,
      symbol: SYMBOL,
      side,
      type: OrderType.Limit,
      timeInForce: TimeInForce.Day,
      qtyLots: (1 + Math.floor(random() * 100)) as QtyLots,
      priceTicks: (side === Side.Buy ? MID_TICKS - distance : MID_TICKS + distance) as PriceTicks,
    };
  };
  const run = (command: OrderCommand): void => {
    for (const event of engine.execute(command, START_US)) {
      if (event.kind === 'OrderAccepted' && event.order.timeInForce === TimeInForce.Day) {
        live.push({ orderId: event.order.orderId, sessionId: event.order.sessionId, clientOrderId: event.order.clientOrderId, side: event.order.side });
      }
    }
  };
  const prefill: OrderCommand[] = [];
  while (engine.liveOrderCount < shape.liveOrders) {
    const command = limit();
    prefill.push(command);
    run(command);
  }
  const flow: OrderCommand[] = [];
  for (let index = 0; index < shape.commands; index += 1) {
    const roll = random();
    let command: OrderCommand;
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
      const pressure = (engine.liveOrderCount / shape.liveOrders) ** 4;
      const qty = 1 + Math.floor(-Math.log(1 - random()) * 250 * pressure);
      command = {
        kind: 'PlaceOrder',
        sessionId: SESSIONS[counter % SESSIONS.length] ?? 'S',
        clientOrderId: `I${++counter}`,
        account: 'TAKER',
        firm: shape.takerFirm,
        symbol: SYMBOL,
        side,
        type: OrderType.Limit,
        timeInForce: TimeInForce.ImmediateOrCancel,
        qtyLots: qty as QtyLots,
        priceTicks: (side === Side.Buy ? MID_TICKS + 10 * shape.meanDistanceTicks : MID_TICKS - 10 * shape.meanDistanceTicks) as PriceTicks,
      };
    }
    flow.push(command);
    run(command);
  }
  return { prefill, flow };
}

/** A new engine (of this checkout, or the class given: bench:ab loads another's) with the flow's prefill run through it. */
export function freshEngine(prefill: readonly OrderCommand[], Engine: typeof MatchingEngine = MatchingEngine): MatchingEngine {
  const engine = new Engine([instrument]);
  for (const command of prefill) engine.execute(command, START_US);
  return engine;
}

/** Runs both collections V8 offers, twice (a quiet heap before a timed run); a no-op without --expose-gc. */
export function collectGarbage(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect !== undefined) {
    collect();
    collect();
  }
}

/** The median of a list of numbers (the upper one of the middle two for an even count). */
export function median(values: readonly number[]): number {
  return quantileOfSorted([...values].sort((a, b) => a - b), 0.5);
}

/** The value at quantile q (0..1) of values sorted ascending: the one at floor(q * n), the last for q near 1; NaN when empty. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN);
}
