import { MatchingEngine } from '../../../engine';
import type { EngineCommand, EngineEvent, OrderState, OrderTerms } from '../../../engine/model';
import { amendmentCommand, FinishedOrders, RecentTrades } from '../../../gateway/order-path';
import { canonical, StreamHash } from './canonical';
import { CommandGenerator, type SeededRandom, TEST_INSTRUMENTS } from './command-generator';
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
 * Trade cancels and corrections for the random stream, made as the gateway makes them (amendmentCommand, from its
 * RecentTrades and FinishedOrders kept from the fast engine's events): a trade among the last ones, cancelled or
 * corrected to a random price and/or a lower quantity.
 */
class Amendments {
  private readonly trades = new RecentTrades(10_000);
  private readonly finished = new FinishedOrders();
  private readonly tradeIds: number[] = [];
  private seq = 1;

  constructor(private readonly engine: MatchingEngine) {}

  observe(events: readonly EngineEvent[]): void {
    this.trades.observe(events, this.seq);
    this.finished.observe(events, this.seq);
    this.seq += events.length;
    for (const event of events) if (event.kind === 'Trade') this.tradeIds.push(event.tradeId);
  }

  next(random: SeededRandom): EngineCommand | undefined {
    if (this.tradeIds.length === 0) return undefined;
    const tradeId = this.tradeIds[Math.max(0, this.tradeIds.length - 1 - random.int(0, 50))] ?? 0;
    const trade = this.trades.get(tradeId);
    if (trade === undefined) return undefined;
    const cancel = random.chance(0.4);
    const request = {
      tradeId,
      action: cancel ? ('cancel' as const) : ('correct' as const),
      priceTicks: random.chance(0.6) ? Math.max(1, trade.priceTicks + random.int(-3, 3)) : undefined,
      qtyLots: random.chance(0.5) ? random.int(1, trade.qtyLots) : undefined,
      requestId: `OPS${tradeId}`,
      actor: 'ops',
      reason: 'fuzz',
    };
    const command = amendmentCommand(this.trades, this.finished, (orderId) => this.engine.order(orderId) !== undefined, request);
    return 'ok' in command ? undefined : command;
  }
}

/**
 * Runs `count` seeded random commands through the fast engine and the reference book, hashes both event
 * streams, and checks the book invariants after every command (or every `invariantEvery` commands).
 */
export function runDifferential(seed: number, count: number, invariantEvery = 1): DifferentialResult {
  const fast = new MatchingEngine(TEST_INSTRUMENTS);
  const reference = new ReferenceEngine(TEST_INSTRUMENTS);
  const amendments = new Amendments(fast);
  const generator = new CommandGenerator(seed, (sessionId, clientOrderId) => fast.findOrder(sessionId, clientOrderId) !== undefined, (random) => amendments.next(random));
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
    amendments.observe(fastEvents);
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
