import {
  CancelReason,
  type EngineCommand,
  type EngineEvent,
  isTerminalStatus,
  type OrderRejected,
  type OrderState,
  OrderStatus,
  type OrderStatusReported,
  type OrderTerms,
  qtyLots,
  RejectCode,
} from '../../engine/model';

/** An order that is no longer live (filled, cancelled or expired), as its last event left it. */
export interface FinishedOrder extends OrderState {
  /** The gateway sequence number of that last event. */
  readonly seq: number;
  readonly terms: OrderTerms;
}

/**
 * An order whose replace asked for no more than its filled quantity, as FIX reports it (Appendix D C.3.b, C.3.c):
 * its order quantity amended to the cum qty, so filled. The engine cancels the balance (MatchingEngine's replace).
 */
export function amendedToFilled(order: OrderTerms, state: OrderState): { readonly order: OrderTerms; readonly state: OrderState } {
  return { order: { ...order, qtyLots: state.cumQtyLots }, state: { status: OrderStatus.Filled, cumQtyLots: state.cumQtyLots, leavesQtyLots: state.leavesQtyLots, notionalTicksLots: state.notionalTicksLots } };
}

/**
 * The order a cancel, replace or status request names: by OrderID when it gives one, else by its session and ClOrdID
 * (a cancel's and a replace's OrigClOrdID, a status request's ClOrdID). Undefined for other commands.
 */
export function orderNamedBy(command: EngineCommand): { readonly sessionId: string; readonly orderId: number | undefined; readonly clientOrderId: string } | undefined {
  if (command.kind === 'CancelOrder' || command.kind === 'ReplaceOrder') return { sessionId: command.sessionId, orderId: command.orderId, clientOrderId: command.origClientOrderId };
  if (command.kind === 'OrderStatusRequest') return { sessionId: command.sessionId, orderId: command.orderId, clientOrderId: command.clientOrderId };
  return undefined;
}

/** How many finished orders are kept per session by default (the oldest forgotten first). */
export const DEFAULT_FINISHED_ORDERS_PER_SESSION = 10_000;

/**
 * The orders that finished lately, per session, by their last ClOrdID and by order id. The engine keeps only live
 * orders, so a cancel, replace or status request for an order that has just filled (or was cancelled, or expired)
 * is refused there as an unknown order; the FIX edge answers it as FIX 4.4 Volume 4 Appendix D does (B.1.c, C.1.c,
 * C.2.a: OrderCancelReject with CxlRejReason 0 "too late to cancel" and the order's own OrdStatus and OrderID; an
 * OrderStatusRequest: the order's last state) from what is kept here. Fed with every event in the order they were
 * produced, each with its sequence number: a refusal is explained only by an order that finished before it.
 * In memory, bounded; rebuilt by the recovery's replay of the journal.
 */
export class FinishedOrders {
  private readonly bySession = new Map<string, Map<string, FinishedOrder>>();
  private readonly byId = new Map<number, FinishedOrder>();
  /** Per session, its finished orders' ids, oldest first (a queue with a moving head). */
  private readonly order = new Map<string, { ids: number[]; head: number }>();

  constructor(private readonly maxPerSession = DEFAULT_FINISHED_ORDERS_PER_SESSION) {}

  /** The events of one command, in order; `firstSeq` is the first one's sequence number. */
  observe(events: readonly EngineEvent[], firstSeq: number): void {
    for (let i = 0; i < events.length; i += 1) {
      const event = events[i];
      if (event === undefined) continue;
      const seq = firstSeq + i;
      switch (event.kind) {
        case 'OrderCancelled':
          // A replace to no more than the filled quantity: FIX reports it taken, under the replace's ClOrdID, with
          // the order quantity amended to the cum qty, so filled (Appendix D C.3.b, C.3.c); it is kept as reported.
          if (event.reason === CancelReason.ReplacedBelowFilled && event.requestId !== undefined) {
            const { order, state } = amendedToFilled(event.order, event);
            this.add({ ...order, clientOrderId: event.requestId, origClientOrderId: event.order.clientOrderId }, state, seq);
          } else if (isTerminalStatus(event.status)) {
            this.add(event.order, event, seq);
          }
          break;
        case 'OrderExpired':
          if (isTerminalStatus(event.status)) this.add(event.order, event, seq);
          break;
        case 'Trade':
        case 'TradeAmended':
          // A trade amended by operations changes a finished order's executed quantity (and a filled one's status).
          if (isTerminalStatus(event.maker.status)) this.add(event.maker.order, event.maker, seq);
          if (isTerminalStatus(event.taker.status)) this.add(event.taker.order, event.taker, seq);
          break;
        default:
          break;
      }
    }
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * What a refusal at `seq` of a cancel, replace or status request as an unknown order means, when the order it names
   * had finished before: the refusal as "already done" with the order's terms and last state (cancel, replace), or
   * the order's last state as a status report (status request). Any other event is given back as it is.
   */
  explain(event: EngineEvent, seq: number): EngineEvent {
    if (event.kind !== 'OrderRejected' || event.code !== RejectCode.UnknownOrder) return event;
    const finished = this.find(event.command, seq);
    if (finished === undefined) return event;
    const state = { status: finished.status, cumQtyLots: finished.cumQtyLots, leavesQtyLots: qtyLots(0), notionalTicksLots: finished.notionalTicksLots };
    if (event.command.kind === 'OrderStatusRequest') {
      const report: OrderStatusReported = { kind: 'OrderStatusReported', tsUs: event.tsUs, order: finished.terms, requestId: event.command.requestId, ...state };
      return report;
    }
    const refused: OrderRejected = {
      ...event,
      code: RejectCode.OrderAlreadyDone,
      text: `order ${finished.terms.orderId} (${finished.terms.clientOrderId}) is already ${finished.status.toLowerCase()}`,
      order: finished.terms,
      ...state,
    };
    return refused;
  }

  /** A finished order by its order id. */
  byOrderId(orderId: number): FinishedOrder | undefined {
    return this.byId.get(orderId);
  }

  /** The finished order a session's ClOrdID names (its last one: a replaced order is found by the replace's ClOrdID). */
  byClientOrderId(sessionId: string, clientOrderId: string): FinishedOrder | undefined {
    return this.bySession.get(sessionId)?.get(clientOrderId);
  }

  private find(command: EngineCommand, beforeSeq: number): FinishedOrder | undefined {
    const named = orderNamedBy(command);
    if (named === undefined) return undefined;
    const found = named.orderId === undefined ? this.bySession.get(named.sessionId)?.get(named.clientOrderId) : this.byId.get(named.orderId);
    // Another session's order is unknown to this one, as in the engine.
    if (found === undefined || found.seq >= beforeSeq || found.terms.sessionId !== named.sessionId) return undefined;
    return found;
  }

  private add(terms: OrderTerms, state: OrderState, seq: number): void {
    const record: FinishedOrder = { seq, terms, status: state.status, cumQtyLots: state.cumQtyLots, leavesQtyLots: state.leavesQtyLots, notionalTicksLots: state.notionalTicksLots };
    let orders = this.bySession.get(terms.sessionId);
    let queue = this.order.get(terms.sessionId);
    if (orders === undefined || queue === undefined) {
      orders = new Map();
      queue = { ids: [], head: 0 };
      this.bySession.set(terms.sessionId, orders);
      this.order.set(terms.sessionId, queue);
    }
    if (!this.byId.has(terms.orderId)) queue.ids.push(terms.orderId);
    orders.set(terms.clientOrderId, record);
    this.byId.set(terms.orderId, record);
    while (queue.ids.length - queue.head > this.maxPerSession) this.forget(orders, queue);
    if (queue.head > 1024 && queue.head * 2 > queue.ids.length) {
      queue.ids = queue.ids.slice(queue.head);
      queue.head = 0;
    }
  }

  private forget(orders: Map<string, FinishedOrder>, queue: { ids: number[]; head: number }): void {
    const id = queue.ids[queue.head];
    queue.head += 1;
    if (id === undefined) return;
    const record = this.byId.get(id);
    this.byId.delete(id);
    if (record !== undefined && orders.get(record.terms.clientOrderId) === record) orders.delete(record.terms.clientOrderId);
  }
}
