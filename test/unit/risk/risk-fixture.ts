import { MatchingEngine } from '../../../engine';
import { defineInstrument, type EngineCommand, type EngineEvent, type OrderCommand, OrderType, type PlaceOrder, priceTicks, qtyLots, type RejectCode, Side, TimeInForce } from '../../../engine/model';
import { PreTradeRisk, type PreTradeRiskOptions, type RiskDecision, type ScopedLimits } from '../../../risk';

export const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' });
export const BOLT = defineInstrument({ symbol: 'BOLT', currency: 'USD', tickSize: '0.5', lotSize: '10' });
/** 2027-01-15T10:00:00Z in µs. */
export const T = 1_800_000_000_000_000n - (1_800_000_000_000_000n % 86_400_000_000n) + 36_000_000_000n;
export const officer = { userId: 'ro1', roles: ['risk'] };
export const trader = { userId: 't1', roles: ['trader'] };

let next = 0;
export function order(overrides: Partial<PlaceOrder> = {}): PlaceOrder {
  next += 1;
  return {
    kind: 'PlaceOrder',
    sessionId: 'S1',
    clientOrderId: `C${next}`,
    account: 'A1',
    firm: 'F1',
    symbol: 'ACME',
    side: Side.Buy,
    type: OrderType.Limit,
    timeInForce: TimeInForce.GoodTillCancel,
    qtyLots: qtyLots(10),
    priceTicks: priceTicks(1000),
    ...overrides,
  };
}

/** An order from another firm that trades against the book (to make a trade price or fill an order). */
export function counterparty(overrides: Partial<PlaceOrder> = {}): PlaceOrder {
  return order({ sessionId: 'CP', account: 'CPA', firm: 'CPF', ...overrides });
}

export interface Submitted {
  readonly decision: RiskDecision;
  readonly events: readonly EngineEvent[];
}

/** Risk in front of the real engine, fed back with the engine's events, as the order path runs it. */
export function setup(limits: ScopedLimits[] = [], options: PreTradeRiskOptions = {}) {
  const engine = new MatchingEngine([ACME, BOLT]);
  const risk = new PreTradeRisk(engine, limits, options);
  const run = (command: EngineCommand, now: bigint): readonly EngineEvent[] => {
    const events = engine.execute(command, now);
    for (const e of events) risk.onEvent(e);
    return events;
  };
  const submit = (command: OrderCommand, now = T): Submitted => {
    const decision = risk.check(command, now);
    return { decision, events: decision.kind === 'accept' ? run(command, now) : [] };
  };
  return { engine, risk, submit, run };
}

export function rejected(s: Submitted | RiskDecision): { code: RejectCode; text: string } | null {
  const d = 'decision' in s ? s.decision : s;
  return d.kind === 'reject' ? { code: d.code, text: d.text } : null;
}

export function accepted(s: Submitted): boolean {
  return s.decision.kind === 'accept';
}
