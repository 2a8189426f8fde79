import {
  type EngineEvent,
  type Instrument,
  isTerminalStatus,
  type MassCancel,
  type OrderCommand,
  type OrderTerms,
  RejectCode,
  ticksToPrice,
} from '../engine/model';
import { decimalToScaled, notionalScale, notionalScaled } from './decimal-units';
import type { KillScope, LimitScope, RiskActor, RiskAuditEvent, RiskLimits, ScopedLimits } from './risk-limits';

export type RiskDecision = { readonly kind: 'accept' } | { readonly kind: 'reject'; readonly code: RejectCode; readonly text: string };

const ACCEPT: RiskDecision = Object.freeze({ kind: 'accept' });
const WINDOW_US = 1_000_000n;
const SCOPES: readonly LimitScope[] = ['firm', 'account', 'session'];

function key(scope: LimitScope, id: string): string {
  return `${scope}:${id}`;
}

function reject(code: RejectCode, text: string): RiskDecision {
  return { kind: 'reject', code, text };
}

interface Window {
  startUs: bigint;
  count: number;
}

/** The owner of an order or a command at each scope level. */
interface Owner {
  readonly firm: string | undefined;
  readonly account: string | undefined;
  readonly session: string;
}

/**
 * Pre-trade risk (RTS 6 Art. 15 and 12): runs synchronously on every command between normalisation and the
 * engine, with no await, and keeps its own state from the engine's events. Limits per firm, account and session:
 * each level that has a limit must pass (so the tightest decides). Kill switch at global, firm, account and
 * session level: it blocks new orders and replaces (cancels still pass) and its kill() gives the mass cancels to
 * run; release needs the risk role. Limits change live: the next command sees them.
 */
export class PreTradeRisk {
  private readonly limits = new Map<string, RiskLimits>();
  private readonly killed = new Set<string>();
  private readonly open = new Map<string, number>();
  private readonly liveOrders = new Map<number, Owner>();
  /** session + ClOrdID of each live order (its latest version), for replaces that carry no OrderID. */
  private readonly byClOrdId = new Map<string, Owner>();
  private readonly clOrdKeyOf = new Map<number, string>();
  private readonly windows = new Map<string, Window>();
  private readonly lastTrade = new Map<string, number>();

  constructor(private readonly instrument: (symbol: string) => Instrument | undefined, limits: readonly ScopedLimits[] = []) {
    for (const l of limits) this.limits.set(key(l.scope, l.id), l.limits);
  }

  /** Sets (replaces) the limits of one firm, account or session; in force for the next command. */
  setLimits(scoped: ScopedLimits, actor: RiskActor, nowUs: bigint): RiskAuditEvent {
    const previous = this.limits.get(key(scoped.scope, scoped.id));
    this.limits.set(key(scoped.scope, scoped.id), scoped.limits);
    return { kind: 'LIMIT_CHANGE', tsUs: nowUs, actor: actor.userId, detail: { scope: scoped.scope, id: scoped.id, previous: previous ?? null, limits: scoped.limits } };
  }

  limitsOf(scope: LimitScope, id: string): RiskLimits | undefined {
    return this.limits.get(key(scope, id));
  }

  check(command: OrderCommand, nowUs: bigint): RiskDecision {
    if (command.kind === 'OrderStatusRequest' || command.kind === 'MassCancel') return ACCEPT;
    const throttled = this.throttle(command.sessionId, nowUs);
    if (throttled !== null) return throttled;
    if (command.kind === 'CancelOrder') return ACCEPT;
    const owner: Owner =
      command.kind === 'PlaceOrder'
        ? { firm: command.firm, account: command.account, session: command.sessionId }
        : (this.ownerOfReplace(command.orderId, command.sessionId, command.origClientOrderId) ?? { firm: undefined, account: undefined, session: command.sessionId });
    const killed = this.killedFor(owner);
    if (killed !== null) return reject(RejectCode.KillSwitchActive, `kill switch active for ${killed}: new orders and replaces are refused`);
    const instrument = this.instrument(command.symbol);
    if (instrument === undefined) return ACCEPT; // the engine refuses an unknown instrument itself
    for (const scope of SCOPES) {
      const id = scope === 'firm' ? owner.firm : scope === 'account' ? owner.account : owner.session;
      if (id === undefined) continue;
      const limits = this.limits.get(key(scope, id));
      if (limits === undefined) continue;
      const decision = this.checkLimits(limits, `${scope} ${id}`, key(scope, id), command, instrument);
      if (decision !== ACCEPT) return decision;
    }
    return ACCEPT;
  }

  onEvent(event: EngineEvent): void {
    switch (event.kind) {
      case 'OrderAccepted':
        this.opened(event.order);
        return;
      case 'OrderReplaced': {
        const owner = this.liveOrders.get(event.order.orderId);
        this.byClOrdId.delete(`${event.previous.sessionId}\u0001${event.previous.clientOrderId}`);
        if (owner !== undefined && !isTerminalStatus(event.status)) {
          const clKey = `${event.order.sessionId}\u0001${event.order.clientOrderId}`;
          this.byClOrdId.set(clKey, owner);
          this.clOrdKeyOf.set(event.order.orderId, clKey);
        }
        if (isTerminalStatus(event.status)) this.closed(event.order.orderId);
        return;
      }
      case 'Trade':
        this.lastTrade.set(event.symbol, event.priceTicks);
        if (isTerminalStatus(event.maker.status)) this.closed(event.maker.order.orderId);
        if (isTerminalStatus(event.taker.status)) this.closed(event.taker.order.orderId);
        return;
      case 'OrderCancelled':
      case 'OrderExpired':
      case 'OrderRestated':
        if (isTerminalStatus(event.status)) this.closed(event.order.orderId);
        return;
      default:
        return;
    }
  }

  /** Engages the kill switch and returns the mass cancels that take the scope's open orders off the book. */
  kill(scope: KillScope, actor: RiskActor, nowUs: bigint): { readonly commands: readonly MassCancel[]; readonly audit: RiskAuditEvent } {
    const name = scope.scope === 'global' ? 'global' : key(scope.scope, scope.id);
    this.killed.add(name);
    const filter = scope.scope === 'global' ? {} : scope.scope === 'firm' ? { firm: scope.id } : scope.scope === 'account' ? { account: scope.id } : { sessionId: scope.id };
    const command: MassCancel = { kind: 'MassCancel', sessionId: `risk:${actor.userId}`, requestId: `KILL-${nowUs}`, filter };
    return { commands: [command], audit: { kind: 'KILL', tsUs: nowUs, actor: actor.userId, detail: { scope: name } } };
  }

  /** Releases a kill switch; only a user with the risk role may. */
  release(scope: KillScope, actor: RiskActor, nowUs: bigint): { readonly ok: true; readonly audit: RiskAuditEvent } | { readonly ok: false; readonly text: string } {
    if (!actor.roles.includes('risk')) return { ok: false, text: `${actor.userId} has no risk role: only a risk officer may release a kill switch` };
    const name = scope.scope === 'global' ? 'global' : key(scope.scope, scope.id);
    if (!this.killed.delete(name)) return { ok: false, text: `no kill switch is active for ${name}` };
    return { ok: true, audit: { kind: 'KILL_RELEASE', tsUs: nowUs, actor: actor.userId, detail: { scope: name } } };
  }

  /** Current usage of the limits that count (open orders), for gauges and alerts. */
  usage(): readonly { readonly limit: 'maxOpenOrders'; readonly scope: string; readonly used: number; readonly max: number }[] {
    const out: { limit: 'maxOpenOrders'; scope: string; used: number; max: number }[] = [];
    for (const [name, limits] of this.limits) {
      if (limits.maxOpenOrders !== undefined) out.push({ limit: 'maxOpenOrders', scope: name, used: this.open.get(name) ?? 0, max: limits.maxOpenOrders });
    }
    return out;
  }

  private checkLimits(limits: RiskLimits, who: string, name: string, command: Extract<OrderCommand, { kind: 'PlaceOrder' | 'ReplaceOrder' }>, instrument: Instrument): RiskDecision {
    if (limits.maxOrderQty !== undefined) {
      const max = decimalToScaled(limits.maxOrderQty, instrument.qtyScale);
      const qty = BigInt(command.qtyLots) * instrument.lotUnits;
      if (max !== null && qty > max) return reject(RejectCode.MaxOrderQuantityExceeded, `max order quantity ${limits.maxOrderQty} exceeded for ${who} (order ${formatScaled(qty, instrument.qtyScale)})`);
    }
    const priceTicks = command.priceTicks ?? this.lastTrade.get(command.symbol);
    if (limits.maxOrderNotional !== undefined) {
      const max = decimalToScaled(limits.maxOrderNotional, notionalScale(instrument));
      if (priceTicks === undefined) return reject(RejectCode.RiskLimitsMissing, `no price to value this order against the max order value of ${who}`);
      const value = notionalScaled(priceTicks, command.qtyLots, instrument);
      if (max !== null && value > max) return reject(RejectCode.MaxNotionalExceeded, `max order value ${limits.maxOrderNotional} exceeded for ${who} (order ${formatScaled(value, notionalScale(instrument))})`);
    }
    const reference = this.lastTrade.get(command.symbol);
    if (limits.priceCollarPercent !== undefined && command.priceTicks !== undefined && reference !== undefined) {
      const distance = Math.abs(command.priceTicks - reference);
      if (distance * 100 > limits.priceCollarPercent * Math.abs(reference)) {
        return reject(RejectCode.PriceCollarBreached, `price ${ticksToPrice(command.priceTicks, instrument)} outside the ${limits.priceCollarPercent}% collar around ${ticksToPrice(reference, instrument)} for ${who}`);
      }
    }
    if (limits.maxOpenOrders !== undefined && command.kind === 'PlaceOrder' && (this.open.get(name) ?? 0) >= limits.maxOpenOrders) {
      return reject(RejectCode.MaxOpenOrdersExceeded, `max open orders ${limits.maxOpenOrders} reached for ${who}`);
    }
    return ACCEPT;
  }

  /** Counts new, replace and cancel messages per session in one-second windows. */
  private throttle(sessionId: string, nowUs: bigint): RiskDecision | null {
    const limits = this.limits.get(key('session', sessionId));
    const max = limits?.maxMessagesPerSecond;
    if (max === undefined) return null;
    let window = this.windows.get(sessionId);
    if (window === undefined || nowUs - window.startUs >= WINDOW_US) {
      window = { startUs: nowUs, count: 0 };
      this.windows.set(sessionId, window);
    }
    window.count += 1;
    return window.count > max ? reject(RejectCode.Throttled, `message rate limit ${max}/s exceeded for session ${sessionId}`) : null;
  }

  private killedFor(owner: Owner): string | null {
    if (this.killed.size === 0) return null;
    if (this.killed.has('global')) return 'the whole gateway';
    if (owner.firm !== undefined && this.killed.has(key('firm', owner.firm))) return `firm ${owner.firm}`;
    if (owner.account !== undefined && this.killed.has(key('account', owner.account))) return `account ${owner.account}`;
    if (this.killed.has(key('session', owner.session))) return `session ${owner.session}`;
    return null;
  }

  private ownerOfReplace(orderId: number | undefined, sessionId: string, origClientOrderId: string): Owner | undefined {
    return (orderId === undefined ? undefined : this.liveOrders.get(orderId)) ?? this.byClOrdId.get(`${sessionId}\u0001${origClientOrderId}`);
  }

  private opened(order: OrderTerms): void {
    const owner = { firm: order.firm, account: order.account, session: order.sessionId };
    this.liveOrders.set(order.orderId, owner);
    const clKey = `${order.sessionId}\u0001${order.clientOrderId}`;
    this.byClOrdId.set(clKey, owner);
    this.clOrdKeyOf.set(order.orderId, clKey);
    for (const name of [key('firm', order.firm), key('account', order.account), key('session', order.sessionId)]) this.open.set(name, (this.open.get(name) ?? 0) + 1);
  }

  private closed(orderId: number): void {
    const owner = this.liveOrders.get(orderId);
    if (owner === undefined) return;
    this.liveOrders.delete(orderId);
    const clKey = this.clOrdKeyOf.get(orderId);
    if (clKey !== undefined) this.byClOrdId.delete(clKey);
    this.clOrdKeyOf.delete(orderId);
    for (const name of [key('firm', owner.firm ?? ''), key('account', owner.account ?? ''), key('session', owner.session)]) this.open.set(name, Math.max(0, (this.open.get(name) ?? 0) - 1));
  }
}

function formatScaled(value: bigint, scale: number): string {
  if (scale === 0) return value.toString();
  const text = value.toString().padStart(scale + 1, '0');
  return `${text.slice(0, -scale)}.${text.slice(-scale)}`.replace(/\.?0+$/, '');
}
