import type { MatchingEngine } from '../../engine';
import { type AdminCommand, type EngineCommand, type EngineEvent, type Instrument, type OrderCommand, type OrderRejected, type OrderState, OrderStatus, type OrderTerms, qtyLots, RejectCode } from '../../engine/model';
import { FinishedOrders, orderNamedBy } from './finished-orders';
import { RecentTrades } from './recent-trades';

export type CheckDecision = { readonly kind: 'accept' } | { readonly kind: 'reject'; readonly code: RejectCode; readonly text: string };

/** Pre-trade risk as the order path calls it: synchronously, between normalisation and the engine. */
export interface PreTradeCheck {
  check(command: OrderCommand, nowUs: bigint): CheckDecision;
  /**
   * Like check, but may answer "send it later" for a session whose message throttle queues instead of refusing;
   * the order path then holds that command, and every later one of the same session, until `untilUs`.
   */
  checkPaced?(command: OrderCommand, nowUs: bigint): CheckDecision | { readonly kind: 'delay'; readonly untilUs: bigint };
  /** Every event of the engine, so that risk keeps its exposure and positions. */
  onEvent(event: EngineEvent): void;
  /** Recovery: a journaled command is about to run again at `nowUs` (what its check did to risk's day, done again). */
  replayed?(command: EngineCommand, nowUs: bigint): void;
}

/** Accepts everything: the default until the risk module is plugged in. */
export const NO_PRE_TRADE_CHECK: PreTradeCheck = { check: () => ({ kind: 'accept' }), onEvent: () => undefined };

/** An event with the gateway's sequence number: the journal's order and the source of unique ExecIDs. */
export interface SequencedEvent {
  readonly seq: number;
  readonly event: EngineEvent;
}

/** An event replayed from the journal at start, with its original seq and the command that gave it. */
export interface RecoveredEvent extends SequencedEvent {
  readonly command: EngineCommand;
}

/** Where a session's or API key's events go (FIX ExecutionReports, REST replies, WebSocket updates). */
export interface EventSink {
  deliver(events: readonly SequencedEvent[]): void;
  /**
   * True: the sink is given a command's events as soon as the engine has produced them, before they are durable,
   * and holds back whatever it tells the outside until the DurableGate says they are (a FIX order-entry session
   * numbers and stores its reports while the journal commits them, in parallel, and sends them after both).
   * Otherwise events arrive once they are durable.
   */
  readonly beforeDurable?: boolean;
}

/** When events are durable (their journal batch committed), for sinks given them before (EventSink.beforeDurable). */
export interface DurableGate {
  /** Null when every event up to `eventSeq` is durable; otherwise a promise resolved once they are. */
  until(eventSeq: number): Promise<void> | null;
  /** The last event seq given so far. */
  readonly lastEventSeq: number;
}

/**
 * The durability barrier's place: given the events of one command, it calls `release` once they are durable
 * (the journal); without one, events are released at once.
 */
export interface EventBarrier {
  /**
   * `executedAtUs`: the time the engine ran the command (what a replay needs to rebuild the book), or null when
   * the engine never saw it (refused by risk).
   */
  record(command: EngineCommand, events: readonly SequencedEvent[], release: () => void, executedAtUs: bigint | null): void;
  /** Null while new orders may be taken; otherwise why not (the journal is not committing). */
  admission?(): string | null;
}

/** What pacing needs: the time, and a timer (the order path itself never waits). */
export interface PacingClock {
  nowUs(): bigint;
  /** Calls `run` after `delayMs`; returns a function that cancels it. */
  schedule(run: () => void, delayMs: number): () => void;
}

/** Node's timers, unref'd so that a held command never keeps the process alive. */
export function timerPacing(nowUs: () => bigint): PacingClock {
  return {
    nowUs,
    schedule: (run, delayMs) => {
      const timer = setTimeout(run, delayMs);
      timer.unref();
      return () => clearTimeout(timer);
    },
  };
}

/**
 * The one path every order takes: command -> pre-trade risk -> engine -> events -> (journal) -> the owners'
 * sinks and every subscriber (drop copies, market data). Single writer: `submit` runs risk and matching in one
 * synchronous step, with no await inside.
 */
export class OrderPath implements DurableGate {
  private nextSeq: number;
  /** Every event up to this seq is durable (released in seq order: the journal commits in the order it is given). */
  private durableSeq: number;
  /** Callers of `until` waiting for a seq beyond durableSeq. */
  private durableWaiters: { readonly seq: number; readonly resolve: () => void }[] = [];
  private readonly sinks = new Map<string, EventSink>();
  /** How many registered sinks take events before they are durable: none (the default), no early fan-out at all. */
  private earlySinks = 0;
  private readonly subscribers: EventSink[] = [];
  /** Commands held by a queueing throttle, per session, in arrival order. */
  private readonly held = new Map<string, { readonly commands: OrderCommand[]; cancelTimer: () => void }>();
  /** Callers waiting for one command's events to be released (REST replies), by the command object. */
  private readonly releaseWaiters = new Map<OrderCommand, (events: readonly SequencedEvent[]) => void>();
  /**
   * The orders that finished lately, fed with every event as it is produced (and by the recovery's replay), so the
   * edges can tell "already done" from "unknown" (see FinishedOrders.explain).
   */
  readonly finished = new FinishedOrders();
  /** The trades of late as they stand, fed like `finished`: what operations cancel or correct (see amendTrade). */
  readonly trades = new RecentTrades();

  constructor(
    private readonly engine: MatchingEngine,
    private readonly risk: PreTradeCheck = NO_PRE_TRADE_CHECK,
    private readonly barrier: EventBarrier | null = null,
    firstEventSeq = 1,
    /** Without it, a throttle that would queue refuses instead. */
    private readonly pacing: PacingClock | null = null,
  ) {
    this.nextSeq = firstEventSeq;
    this.durableSeq = firstEventSeq - 1;
  }

  get lastEventSeq(): number {
    return this.nextSeq - 1;
  }

  until(eventSeq: number): Promise<void> | null {
    if (eventSeq <= this.durableSeq) return null;
    return new Promise((resolve) => this.durableWaiters.push({ seq: eventSeq, resolve }));
  }

  instrument(symbol: string): Instrument | undefined {
    return this.engine.instrument(symbol);
  }

  /** The sink of a session or API key; its orders' events go there. */
  register(sourceId: string, sink: EventSink): void {
    this.unregister(sourceId);
    this.sinks.set(sourceId, sink);
    if (sink.beforeDurable === true) this.earlySinks += 1;
  }

  unregister(sourceId: string): void {
    if (this.sinks.get(sourceId)?.beforeDurable === true) this.earlySinks -= 1;
    this.sinks.delete(sourceId);
  }

  /**
   * Null while new orders and replaces may be taken; otherwise the text to refuse them with (the journal is not
   * committing: database unreachable or slow). The edges ask before submitting; cancels are still taken, as they
   * only lower risk, and are acknowledged once their records commit.
   */
  admission(): string | null {
    return this.barrier?.admission?.() ?? null;
  }

  /** A sink that sees every event (drop copies, market data). */
  subscribe(sink: EventSink): void {
    this.subscribers.push(sink);
  }

  /**
   * Runs one command through risk and the engine; its events reach their owners once the barrier releases them.
   * A command a queueing throttle holds gives no events now: they come, in order, when it is paced through.
   */
  submit(command: OrderCommand, nowUs: bigint): readonly SequencedEvent[] {
    const queue = this.held.get(command.sessionId);
    if (queue !== undefined) {
      queue.commands.push(command);
      return [];
    }
    const decision = this.decide(command, nowUs);
    if (decision.kind === 'delay') {
      this.hold(command, decision.untilUs, nowUs);
      return [];
    }
    return this.run(command, decision, nowUs);
  }

  /**
   * Like `submit`, for a caller that answers once the command's outcome is durable (REST): resolves with the
   * command's events after the barrier has released them to the owners' sinks, also when a queueing throttle held
   * the command first. The command object must not be submitted twice.
   */
  submitReleased(command: OrderCommand, nowUs: bigint): Promise<readonly SequencedEvent[]> {
    return new Promise((resolve, reject) => {
      this.releaseWaiters.set(command, resolve);
      try {
        this.submit(command, nowUs);
      } catch (e: unknown) {
        this.releaseWaiters.delete(command);
        reject(e);
      }
    });
  }

  /** Commands held by a queueing throttle for a session (for monitoring and tests). */
  heldCount(sessionId: string): number {
    return this.held.get(sessionId)?.commands.length ?? 0;
  }

  private decide(command: OrderCommand, nowUs: bigint): CheckDecision | { readonly kind: 'delay'; readonly untilUs: bigint } {
    return this.pacing !== null && this.risk.checkPaced !== undefined ? this.risk.checkPaced(command, nowUs) : this.risk.check(command, nowUs);
  }

  private hold(command: OrderCommand, untilUs: bigint, nowUs: bigint): void {
    const pacing = this.pacing;
    if (pacing === null) throw new Error('a delay decision needs pacing');
    const queue = { commands: [command], cancelTimer: (): void => undefined };
    this.held.set(command.sessionId, queue);
    queue.cancelTimer = pacing.schedule(() => this.drain(command.sessionId), delayMs(untilUs, nowUs));
  }

  /** Paces a session's held commands through, in order, until the throttle asks to wait again. */
  private drain(sessionId: string): void {
    const queue = this.held.get(sessionId);
    const pacing = this.pacing;
    if (queue === undefined || pacing === null) return;
    for (;;) {
      const command = queue.commands[0];
      if (command === undefined) {
        this.held.delete(sessionId);
        return;
      }
      const now = pacing.nowUs();
      const decision = this.decide(command, now);
      if (decision.kind === 'delay') {
        queue.cancelTimer = pacing.schedule(() => this.drain(sessionId), delayMs(decision.untilUs, now));
        return;
      }
      queue.commands.shift();
      this.run(command, decision, now);
    }
  }

  private run(command: OrderCommand, decision: CheckDecision, nowUs: bigint): readonly SequencedEvent[] {
    const events: readonly EngineEvent[] = decision.kind === 'accept' ? this.engine.execute(command, nowUs) : [this.refusalOf(command, decision.code, decision.text, nowUs)];
    this.observe(events, this.nextSeq);
    const sequenced = events.map((event) => {
      this.risk.onEvent(event);
      return { seq: this.nextSeq++, event };
    });
    this.fanOutEarly(command, sequenced);
    const release = (): void => {
      this.released(command, sequenced);
      const waiter = this.releaseWaiters.get(command);
      if (waiter === undefined) return;
      this.releaseWaiters.delete(command);
      waiter(sequenced);
    };
    this.releaseWhenDurable(command, sequenced, release, decision.kind === 'accept' ? nowUs : null);
    return sequenced;
  }

  /**
   * A request refused at the edge, before risk and the engine (a reused ClOrdID, a message that does not make a
   * valid order): sequenced, journaled and released to its owner and the subscribers (drop copies) like a refusal
   * of risk, so that the audit trail holds every order event, refusals included (RTS 24). Not for refusals while
   * the journal is not committing (see `admission`): those cannot wait for a commit and are answered at once.
   */
  refuse(command: OrderCommand, code: RejectCode, text: string, nowUs: bigint): readonly SequencedEvent[] {
    const sequenced = [{ seq: this.nextSeq++, event: this.refusalOf(command, code, text, nowUs) }];
    this.fanOutEarly(command, sequenced);
    this.releaseWhenDurable(command, sequenced, () => this.released(command, sequenced), null);
    return sequenced;
  }

  /**
   * The OrderRejected event of a command refused before the engine (by risk, or at the edge). A cancel, replace or
   * status request of a live order of the session carries that order's terms and state, as the engine's own
   * refusals do: FIX answers with the order's OrderID and its OrdStatus after the refusal (OrderCancelReject), where
   * an unknown order gets OrderID NONE and OrdStatus Rejected.
   */
  refusalOf(command: OrderCommand, code: RejectCode, text: string, nowUs: bigint): OrderRejected {
    const event = rejectedEvent(command, code, text, nowUs);
    if (command.kind === 'PlaceOrder' && code === RejectCode.DuplicateClientOrderId) return this.withFirstOrder(event, command.sessionId, command.clientOrderId);
    const named = orderNamedBy(command);
    if (named === undefined) return event;
    const live = named.orderId === undefined ? this.engine.findOrder(named.sessionId, named.clientOrderId) : this.engine.order(named.orderId);
    if (live === undefined || live.order.sessionId !== named.sessionId) return event;
    return withOrder(event, live.order, live);
  }

  /**
   * A new order refused for a ClOrdID the session has used: the refusal carries the order that ClOrdID names (live,
   * or finished lately), with its state, so that FIX answers as Appendix D F.1.a does (the reject of the second
   * order combined with a status of the first: its OrderID, OrdStatus and quantities). As it was when not found.
   */
  private withFirstOrder(event: OrderRejected, sessionId: string, clientOrderId: string): OrderRejected {
    const live = this.engine.findOrder(sessionId, clientOrderId);
    if (live !== undefined) return withOrder(event, live.order, live);
    const finished = this.finished.byClientOrderId(sessionId, clientOrderId);
    return finished === undefined ? event : withOrder(event, finished.terms, finished);
  }

  /**
   * An operations or clock command (halt, resume, expiry): straight to the engine, no risk; journaled and released
   * like any other, so that a replay sees it too.
   */
  runAdmin(command: AdminCommand, nowUs: bigint): readonly SequencedEvent[] {
    const events = this.engine.execute(command, nowUs);
    if (events.length === 0) return [];
    this.observe(events, this.nextSeq);
    const sequenced = events.map((event) => {
      this.risk.onEvent(event);
      return { seq: this.nextSeq++, event };
    });
    this.fanOutEarly(command, sequenced);
    this.releaseWhenDurable(command, sequenced, () => this.released(command, sequenced), nowUs);
    return sequenced;
  }

  /**
   * Recovery: runs a journaled command through the engine again, at its original time, and gives its events to
   * risk, which rebuilds open orders and positions from them. Nothing is sequenced, journaled or delivered: these
   * events were, the first time. Call before any session or client is accepted. `firstEventSeq`: the sequence
   * number the command's first event had (0 when the journal did not keep it).
   */
  replay(command: EngineCommand, nowUs: bigint, firstEventSeq = 0): readonly EngineEvent[] {
    this.risk.replayed?.(command, nowUs);
    const events = this.engine.execute(command, nowUs);
    for (const event of events) this.risk.onEvent(event);
    this.observe(events, firstEventSeq);
    return events;
  }

  /** Whether an order is live in the engine (working, or a stop waiting for its trigger). */
  isLive(orderId: number): boolean {
    return this.engine.order(orderId) !== undefined;
  }

  /** The finished orders and the recent trades follow every event, in order, with its sequence number. */
  private observe(events: readonly EngineEvent[], firstSeq: number): void {
    this.finished.observe(events, firstSeq);
    this.trades.observe(events, firstSeq);
  }

  /** Hands a command's events to the barrier, which calls `release` once they are journaled; at once without one. */
  private releaseWhenDurable(command: EngineCommand, events: readonly SequencedEvent[], release: () => void, executedAtUs: bigint | null): void {
    if (this.barrier === null) release();
    else this.barrier.record(command, events, release, executedAtUs);
  }

  /** A command's events are durable: the DurableGate's waiters resolve, then the sinks and subscribers get them. */
  private released(command: EngineCommand, events: readonly SequencedEvent[]): void {
    const last = events[events.length - 1];
    if (last !== undefined) this.markDurable(last.seq);
    this.fanOut(command, events, false);
  }

  /** At production: the events to the sinks that take them before they are durable, when there are any. */
  private fanOutEarly(command: EngineCommand, events: readonly SequencedEvent[]): void {
    if (this.earlySinks > 0) this.fanOut(command, events, true);
  }

  private markDurable(seq: number): void {
    if (seq <= this.durableSeq) return;
    this.durableSeq = seq;
    const waiters = this.durableWaiters;
    if (waiters.length === 0) return;
    const waiting: typeof waiters = [];
    for (const w of waiters) {
      if (w.seq <= seq) w.resolve();
      else waiting.push(w);
    }
    this.durableWaiters = waiting;
  }

  /**
   * The events to their owners' sinks: `early`, to those that take events before they are durable (at production),
   * otherwise to the rest and to every subscriber (at release).
   */
  private fanOut(command: EngineCommand, events: readonly SequencedEvent[], early: boolean): void {
    const bySink = new Map<EventSink, SequencedEvent[]>();
    const add = (sourceId: string, e: SequencedEvent): void => {
      const sink = this.sinks.get(sourceId);
      if (sink === undefined || (sink.beforeDurable === true) !== early) return;
      const list = bySink.get(sink);
      if (list === undefined) bySink.set(sink, [e]);
      else if (list[list.length - 1] !== e) list.push(e);
    };
    for (const e of events) for (const owner of ownersOf(e.event, command)) add(owner, e);
    for (const [sink, list] of bySink) sink.deliver(list);
    if (!early) for (const subscriber of this.subscribers) subscriber.deliver(events);
  }
}

/** The sessions or API keys an event belongs to: a trade to both sides' owners. */
export function ownersOf(event: EngineEvent, command: EngineCommand): readonly string[] {
  switch (event.kind) {
    case 'Trade':
    case 'TradeAmended':
      return event.maker.order.sessionId === event.taker.order.sessionId ? [event.maker.order.sessionId] : [event.maker.order.sessionId, event.taker.order.sessionId];
    case 'OrderRejected':
      return [event.order?.sessionId ?? ('sessionId' in command ? command.sessionId : '')];
    case 'MassCancelCompleted':
      return [event.command.sessionId];
    case 'TradingStatusChanged':
      return [];
    default:
      return [event.order.sessionId];
  }
}

function delayMs(untilUs: bigint, nowUs: bigint): number {
  return untilUs <= nowUs ? 0 : Math.ceil(Number(untilUs - nowUs) / 1000);
}

/** The OrderRejected event of a command refused before the engine (by risk, or at the edge). */
export function rejectedEvent(command: OrderCommand, code: RejectCode, text: string, nowUs: bigint): OrderRejected {
  return { kind: 'OrderRejected', tsUs: nowUs, code, text, command, order: undefined, status: OrderStatus.Rejected, cumQtyLots: qtyLots(0), leavesQtyLots: qtyLots(0), notionalTicksLots: 0n };
}

/** A refusal carrying an order's terms and its state (what FIX reports with it: OrderID, OrdStatus, quantities). */
function withOrder(event: OrderRejected, order: OrderTerms, state: OrderState): OrderRejected {
  return { ...event, order, status: state.status, cumQtyLots: state.cumQtyLots, leavesQtyLots: state.leavesQtyLots, notionalTicksLots: state.notionalTicksLots };
}
