import { Channel, isTerminalStatus, type EngineEvent, type OrderState, type OrderTerms } from '../../../engine/model';
import type { SequencedEvent } from '../../order-path';

/** One REST order as its released events left it. */
export interface RestOrderRecord {
  readonly terms: OrderTerms;
  readonly state: OrderState;
  readonly updatedUs: bigint;
  /** Every ClOrdID of the order's replace chain, first to current. */
  readonly clientOrderIds: readonly string[];
}

interface MutableRecord {
  terms: OrderTerms;
  state: OrderState;
  updatedUs: bigint;
  finished: boolean;
  /** Every ClOrdID of the order's replace chain (the GET filter and the duplicate check find it by any). */
  readonly clientOrderIds: string[];
}

/** The finished orders of one source, oldest first (a queue with a moving head). */
interface FinishedQueue {
  ids: number[];
  head: number;
}

export const DEFAULT_MAX_FINISHED_ORDERS_PER_SOURCE = 10_000;

const state = (s: OrderState): OrderState => ({ status: s.status, cumQtyLots: s.cumQtyLots, leavesQtyLots: s.leavesQtyLots, notionalTicksLots: s.notionalTicksLots });

/**
 * The REST orders, kept from the events the order path releases to the REST sources (so after the journal commit:
 * nothing here is newer than what is durable). Live orders are all kept; finished ones (filled, cancelled,
 * expired) up to `maxFinishedPerSource` per REST source, oldest forgotten first. In memory only: at a restart it is
 * filled again from the events the recovery replays (createOrderPath), within the same bounds.
 */
export class RestOrderStore {
  private readonly records = new Map<number, MutableRecord>();
  private readonly clientIds = new Map<string, Map<string, number>>();
  private readonly finished = new Map<string, FinishedQueue>();

  constructor(private readonly maxFinishedPerSource = DEFAULT_MAX_FINISHED_ORDERS_PER_SOURCE) {}

  apply(events: readonly SequencedEvent[]): void {
    for (const { event } of events) this.applyOne(event);
  }

  get(orderId: number): RestOrderRecord | undefined {
    return this.records.get(orderId);
  }

  /** The order of `source` that has (or had, in its replace chain) this ClOrdID, while it is kept. */
  byClientOrderId(source: string, clientOrderId: string): RestOrderRecord | undefined {
    const orderId = this.clientIds.get(source)?.get(clientOrderId);
    return orderId === undefined ? undefined : this.records.get(orderId);
  }

  /** The REST sources (order-path session ids) of the orders kept. */
  sources(): string[] {
    const out = new Set<string>();
    for (const record of this.records.values()) out.add(record.terms.sessionId);
    return [...out];
  }

  /** Every kept order, in no particular order. */
  all(): IterableIterator<RestOrderRecord> {
    return this.records.values();
  }

  get size(): number {
    return this.records.size;
  }

  private applyOne(event: EngineEvent): void {
    switch (event.kind) {
      case 'OrderAccepted':
        if (event.order.channel === Channel.Rest) this.create(event.order, event, event.tsUs);
        return;
      case 'OrderReplaced':
      case 'OrderCancelled':
      case 'OrderRestated':
      case 'OrderExpired':
      case 'OrderTriggered':
        this.update(event.order, event, event.tsUs);
        return;
      case 'Trade':
        this.update(event.maker.order, event.maker, event.tsUs);
        this.update(event.taker.order, event.taker, event.tsUs);
        return;
      case 'TradeAmended':
        // Operations cancelled or corrected a trade: also an order that has finished shows its executed quantity anew.
        for (const fill of [event.maker, event.taker]) {
          const record = this.records.get(fill.order.orderId);
          if (record?.finished === true) [record.state, record.updatedUs] = [state(fill), event.tsUs];
          else this.update(fill.order, fill, event.tsUs);
        }
        return;
      default:
        return;
    }
  }

  private create(terms: OrderTerms, s: OrderState, tsUs: bigint): void {
    const record: MutableRecord = { terms, state: state(s), updatedUs: tsUs, finished: false, clientOrderIds: [terms.clientOrderId] };
    this.records.set(terms.orderId, record);
    this.indexClientId(terms);
    this.finishIfDone(record);
  }

  private update(terms: OrderTerms, s: OrderState, tsUs: bigint): void {
    const record = this.records.get(terms.orderId);
    if (record === undefined || record.finished) return;
    if (record.terms.clientOrderId !== terms.clientOrderId) {
      record.clientOrderIds.push(terms.clientOrderId);
      this.indexClientId(terms);
    }
    record.terms = terms;
    record.state = state(s);
    record.updatedUs = tsUs;
    this.finishIfDone(record);
  }

  private indexClientId(terms: OrderTerms): void {
    let ids = this.clientIds.get(terms.sessionId);
    if (ids === undefined) {
      ids = new Map();
      this.clientIds.set(terms.sessionId, ids);
    }
    ids.set(terms.clientOrderId, terms.orderId);
  }

  private finishIfDone(record: MutableRecord): void {
    if (!isTerminalStatus(record.state.status)) return;
    record.finished = true;
    const source = record.terms.sessionId;
    let queue = this.finished.get(source);
    if (queue === undefined) {
      queue = { ids: [], head: 0 };
      this.finished.set(source, queue);
    }
    queue.ids.push(record.terms.orderId);
    while (queue.ids.length - queue.head > this.maxFinishedPerSource) {
      const oldest = queue.ids[queue.head];
      queue.head += 1;
      if (oldest !== undefined) this.forget(oldest);
    }
    if (queue.head > 1024 && queue.head * 2 > queue.ids.length) {
      queue.ids = queue.ids.slice(queue.head);
      queue.head = 0;
    }
  }

  private forget(orderId: number): void {
    const record = this.records.get(orderId);
    if (record === undefined) return;
    this.records.delete(orderId);
    const ids = this.clientIds.get(record.terms.sessionId);
    for (const id of record.clientOrderIds) if (ids?.get(id) === orderId) ids.delete(id);
  }
}
