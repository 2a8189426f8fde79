import { MatchingEngine } from '../../../engine';
import type { EngineEvent, OrderState, OrderTerms } from '../../../engine/model';
import { canonical, StreamHash } from './canonical';
import { CommandGenerator, TEST_INSTRUMENTS } from './command-generator';
import { ReferenceEngine } from './reference-engine';

export interface DifferentialResult {
  readonly commands: number;
  readonly events: number;
  readonly trades: number;
  readonly fastHash: string;
  readonly referenceHash: string;
  /** The first command whose events differ, with both texts; undefined when the streams are equal. */
  readonly firstMismatch: { readonly index: number; readonly command: string; readonly fast: string; readonly reference: string } | undefined;
  /** Broken invariants (book or quantity conservation), with the command index. */
  readonly problems: readonly string[];
  readonly kinds: ReadonlyMap<string, number>;
}

/** Quantities conserved, event by event: fills move cum and leaves by the trade quantity, never past the order. */
export class ConservationChecker {
  private readonly known = new Map<number, { cum: number; notional: bigint }>();

  check(event: EngineEvent, problems: string[]): void {
    if (event.kind === 'Trade') {
      if (event.maker.order.side === event.taker.order.side) problems.push(`trade ${event.tradeId} between two orders of one side`);
      const notional = BigInt(event.priceTicks) * BigInt(event.qtyLots);
      for (const fill of [event.maker, event.taker]) {
        const before = this.known.get(fill.order.orderId) ?? { cum: 0, notional: 0n };
        if (fill.cumQtyLots - before.cum !== event.qtyLots) problems.push(`trade ${event.tradeId}: cum of ${fill.order.orderId} moved by ${fill.cumQtyLots - before.cum}`);
        if (fill.notionalTicksLots - before.notional !== notional) problems.push(`trade ${event.tradeId}: notional of ${fill.order.orderId} wrong`);
        this.state(fill.order, fill, problems);
      }
      return;
    }
    if (event.kind === 'TradeAmended') {
      // Operations took quantity and notional off the trade: each side's cum and notional move back by as much.
      const taken = event.wasQtyLots - event.qtyLots;
      const notional = BigInt(event.wasPriceTicks) * BigInt(event.wasQtyLots) - BigInt(event.priceTicks) * BigInt(event.qtyLots);
      for (const fill of [event.maker, event.taker]) {
        const before = this.known.get(fill.order.orderId) ?? { cum: 0, notional: 0n };
        if (before.cum - fill.cumQtyLots !== taken) problems.push(`trade ${event.tradeId} amended: cum of ${fill.order.orderId} moved by ${fill.cumQtyLots - before.cum}`);
        if (before.notional - fill.notionalTicksLots !== notional) problems.push(`trade ${event.tradeId} amended: notional of ${fill.order.orderId} wrong`);
        if (fill.cumQtyLots + fill.leavesQtyLots > fill.order.qtyLots) problems.push(`order ${fill.order.orderId}: cum + leaves > qty`);
        this.known.set(fill.order.orderId, { cum: fill.cumQtyLots, notional: fill.notionalTicksLots });
      }
      return;
    }
    if (event.kind === 'MassCancelCompleted' || event.kind === 'TradingStatusChanged') return;
    if (event.order === undefined) return;
    this.state(event.order, event, problems);
    if ((event.kind === 'OrderCancelled' || event.kind === 'OrderExpired') && event.leavesQtyLots !== 0) {
      problems.push(`${event.kind} of ${event.order.orderId} leaves ${event.leavesQtyLots}`);
    }
  }

  private state(terms: OrderTerms, state: OrderState, problems: string[]): void {
    if (state.cumQtyLots + state.leavesQtyLots > terms.qtyLots) problems.push(`order ${terms.orderId}: cum + leaves > qty`);
    const before = this.known.get(terms.orderId);
    if (before !== undefined && state.cumQtyLots < before.cum) problems.push(`order ${terms.orderId}: cum went down`);
    this.known.set(terms.orderId, { cum: state.cumQtyLots, notional: state.notionalTicksLots });
  }
}

/**
 * Runs `count` seeded random commands through the fast engine and the reference book, hashes both event
 * streams, and checks the book invariants after every command (or every `invariantEvery` commands).
 */
export function runDifferential(seed: number, count: number, invariantEvery = 1): DifferentialResult {
  const fast = new MatchingEngine(TEST_INSTRUMENTS);
  const reference = new ReferenceEngine(TEST_INSTRUMENTS);
  const generator = new CommandGenerator(seed, (sessionId, clientOrderId) => fast.findOrder(sessionId, clientOrderId) !== undefined);
  const fastHash = new StreamHash();
  const referenceHash = new StreamHash();
  const conservation = new ConservationChecker();
  const problems: string[] = [];
  const kinds = new Map<string, number>();
  let firstMismatch: DifferentialResult['firstMismatch'];
  let trades = 0;
  for (let index = 0; index < count; index += 1) {
    const { command, nowUs } = generator.next();
    const fastEvents = fast.execute(command, nowUs);
    const referenceEvents = reference.execute(command, nowUs);
    const fastText = fastEvents.map(canonical).join('\n');
    const referenceText = referenceEvents.map(canonical).join('\n');
    fastHash.add(fastText);
    referenceHash.add(referenceText);
    if (fastText !== referenceText && firstMismatch === undefined) {
      firstMismatch = { index, command: canonical(command), fast: fastText, reference: referenceText };
    }
    for (const event of fastEvents) {
      kinds.set(event.kind, (kinds.get(event.kind) ?? 0) + 1);
      if (event.kind === 'Trade') trades += 1;
      conservation.check(event, problems);
    }
    if (index % invariantEvery === 0) {
      for (const problem of fast.checkInvariants()) problems.push(`after command ${index}: ${problem}`);
      if (fast.liveOrderCount !== reference.liveOrders().length) {
        problems.push(`after command ${index}: ${fast.liveOrderCount} live orders, reference has ${reference.liveOrders().length}`);
      }
    }
    if (problems.length > 20) break;
  }
  let events = 0;
  for (const n of kinds.values()) events += n;
  return { commands: count, events, trades, fastHash: fastHash.digest(), referenceHash: referenceHash.digest(), firstMismatch, problems, kinds };
}
