import { randomBytes } from 'node:crypto';
import { type Database, type ExecutionRecord, ExecutionRepository, FirmRepository } from '../../../db';
import type { BookDepth, OrderSnapshot } from '../../../engine';
import { type EngineEvent, type Instrument, type OrderCommand, type OrderTerms, RejectCode } from '../../../engine/model';
import type { EventSink, OrderPath, SequencedEvent } from '../../order-path';
import { principalKey, scopeAllows, type AccountScope, type Principal } from '../access';
import { rejectError } from './order-rejects';
import { RestOrderStore, type RestOrderRecord } from './rest-order-store';

/** The engine's read side the REST API uses: one live order, and the book's depth. MatchingEngine fits it. */
export interface OrderQueries {
  order(orderId: number): OrderSnapshot | undefined;
  depth(symbol: string, levels: number): BookDepth | undefined;
}

export interface RestOrderDeskDeps {
  readonly orderPath: OrderPath;
  readonly engine: OrderQueries;
  /** Where accounts and their firms are (the account's firm goes on the order, as a FIX session's does). */
  readonly db: Database;
  readonly nowUs: () => bigint;
  /** Finished orders kept per REST source for GET; default 10,000. */
  readonly maxFinishedPerSource?: number;
  /**
   * The REST orders recovered from the journal at start (createOrderPath fills the store as it replays): the desk
   * keeps them, and follows every source among them at once, so that what happens to those orders before the
   * source's next request (an expiry at start, a fill against a FIX order) reaches the store too.
   */
  readonly recovered?: RestOrderStore;
  /** How long an account's firm is cached; default 30 s. */
  readonly accountCacheTtlMs?: number;
  readonly nowMs?: () => number;
}

/** An order as a query finds it: a REST order from the store, or any live order from the engine. */
export interface FoundOrder extends RestOrderRecord {
  /** False for an order of another way in (a FIX session), seen in the engine. */
  readonly rest: boolean;
}

const DEFAULT_ACCOUNT_CACHE_TTL_MS = 30_000;

/**
 * What the order routes stand on: REST orders take the one order path (risk, engine, journal, drop copies) as
 * commands of the source `rest:<principal>`, one per API key or user; the routes answer once the command's events
 * are released by the durability barrier. A sink registered for every REST source keeps the orders' released state.
 */
export class RestOrderDesk {
  readonly store: RestOrderStore;
  private readonly registered = new Set<string>();
  private readonly sink: EventSink;
  private readonly accounts: FirmRepository;
  private readonly executions: ExecutionRepository;
  private readonly firms = new Map<string, { readonly firmId: string; readonly untilMs: number }>();
  /** ClOrdIDs of place and replace commands not yet released, per source (so that a concurrent repeat is refused). */
  private readonly inFlight = new Set<string>();
  private readonly idPrefix = `R${randomBytes(3).toString('hex')}`;
  private nextId = 1;

  constructor(private readonly deps: RestOrderDeskDeps) {
    this.store = deps.recovered ?? new RestOrderStore(deps.maxFinishedPerSource);
    this.sink = { deliver: (events) => this.store.apply(events) };
    for (const source of this.store.sources()) this.register(source);
    this.accounts = new FirmRepository(deps.db);
    this.executions = new ExecutionRepository(deps.db);
  }

  /** The order path's source id of a principal: its orders, replies and journal records carry it. */
  sourceOf(principal: Principal): string {
    return `rest:${principalKey(principal)}`;
  }

  instrument(symbol: string): Instrument | undefined {
    return this.deps.orderPath.instrument(symbol);
  }

  depth(symbol: string, levels: number): BookDepth | undefined {
    return this.deps.engine.depth(symbol, levels);
  }

  /** A fresh client order id for a request that gave none (and for cancel requests). */
  newClientOrderId(): string {
    const id = `${this.idPrefix}-${this.nextId.toString(36)}`;
    this.nextId += 1;
    return id;
  }

  /** The firm of an account, or null when there is no such account. */
  async firmOf(account: string): Promise<string | null> {
    const now = (this.deps.nowMs ?? Date.now)();
    const cached = this.firms.get(account);
    if (cached !== undefined && cached.untilMs > now) return cached.firmId;
    const record = await this.accounts.getAccount(account);
    if (record === null) {
      this.firms.delete(account);
      return null;
    }
    this.firms.set(account, { firmId: record.firmId, untilMs: now + (this.deps.accountCacheTtlMs ?? DEFAULT_ACCOUNT_CACHE_TTL_MS) });
    return record.firmId;
  }

  /** Runs a command of a REST source through the order path; resolves with its events once they are durable. */
  submit(command: OrderCommand): Promise<readonly SequencedEvent[]> {
    this.register(command.sessionId);
    if (command.kind !== 'PlaceOrder' && command.kind !== 'ReplaceOrder') return this.deps.orderPath.submitReleased(command, this.deps.nowUs());
    const refusal = this.deps.orderPath.admission();
    if (refusal !== null) return Promise.reject(rejectError(RejectCode.JournalUnavailable, refusal, { clientOrderId: command.clientOrderId }));
    const key = `${command.sessionId}\u0000${command.clientOrderId}`;
    this.inFlight.add(key);
    // Released events reach the store before this resolves, so the id stays known once it leaves the set.
    return this.deps.orderPath.submitReleased(command, this.deps.nowUs()).finally(() => this.inFlight.delete(key));
  }

  /** One sink object for every REST source: a trade between two REST orders reaches the store once. */
  private register(sessionId: string): void {
    if (this.registered.has(sessionId)) return;
    this.deps.orderPath.register(sessionId, this.sink);
    this.registered.add(sessionId);
  }

  /** An order by gateway id, if the scope may see it: a kept REST order, else a live order of the engine. */
  find(orderId: number, scope: AccountScope): FoundOrder | undefined {
    const kept = this.store.get(orderId);
    if (kept !== undefined) return scopeAllows(scope, kept.terms.account) ? { ...kept, rest: true } : undefined;
    const live = this.deps.engine.order(orderId);
    if (live === undefined || !scopeAllows(scope, live.order.account)) return undefined;
    return { terms: live.order, state: live, updatedUs: live.order.acceptedUs, clientOrderIds: [live.order.clientOrderId], rest: false };
  }

  /** The fills an order made when it arrived (as the taker, in the command that placed it), from the journal. */
  arrivalFills(terms: OrderTerms): Promise<ExecutionRecord[]> {
    return this.executions.takenAt(terms.orderId, terms.acceptedUs);
  }

  /** True when `source` used this ClOrdID for an order still kept (live, or finished and not yet forgotten). */
  clientOrderIdUsed(source: string, clientOrderId: string): boolean {
    return this.inFlight.has(`${source}\u0000${clientOrderId}`) || this.store.byClientOrderId(source, clientOrderId) !== undefined;
  }
}

/** The refusal of `command` among its events, if it was refused. */
export function rejectionOf(command: OrderCommand, events: readonly SequencedEvent[]): Extract<EngineEvent, { kind: 'OrderRejected' }> | undefined {
  for (const { event } of events) if (event.kind === 'OrderRejected' && event.command === command) return event;
  return undefined;
}

