import { type EngineCommand, type EngineEvent, type Instrument, type MassCancel, type OrderCommand, type PlaceOrder, RejectCode, Side } from '../engine/model';
import { assertValidLimits } from './compiled-limits';
import { usAsNumber } from './clock';
import { ACCEPT, checkLevel, OrderFacts, reject, type RiskDecision } from './level-checks';
import type { LiveOrder, RiskEntity } from './risk-entity';
import { type KillScope, type LimitScope, RISK_ROLE, type RiskActor, type RiskAuditEvent, type RiskLimits, type ScopedLimits } from './risk-limits';
import { type EngineView, nextUtcMidnightUs, RiskState } from './risk-state';
import { type LimitUsage, type RiskAlert, UsageMonitor, usageOf } from './usage-monitor';

/** A decision that may also say "send it later": only from checkPaced, for sessions whose throttle queues. */
export type PacedRiskDecision = RiskDecision | { readonly kind: 'delay'; readonly untilUs: bigint };

export interface PreTradeRiskOptions {
  /** The end of the trading day that holds `nowUs` (daily loss, messages and trades reset after it); default UTC midnight. */
  readonly dayEndUs?: ((nowUs: bigint) => bigint) | undefined;
  /** Usage at or above this fraction of a limit raises an alert (default 0.8). */
  readonly alertFraction?: number | undefined;
  /** Told of every alert at once: usage crossings (from scanUsage) and latched sessions. */
  readonly onAlert?: ((alert: RiskAlert) => void) | undefined;
  /**
   * The book's best bid and offer (ticks, NaN when a side is empty), read when a level's price collar is around the
   * mid; without it the mid is what setBestPrices last set.
   */
  readonly bestPrices?: { readonly bidTicks: (symbol: string) => number; readonly askTicks: (symbol: string) => number } | undefined;
}

export type ReleaseResult = { readonly ok: true; readonly audit: RiskAuditEvent } | { readonly ok: false; readonly text: string };

const DEFAULT_ALERT_FRACTION = 0.8;

/**
 * Pre-trade risk (MiFID II RTS 6 Art. 12, 15 and 16, DEA Art. 19-22): runs synchronously on every command between
 * normalisation and the engine, with no await, and keeps its own state from the engine's events (`onEvent`).
 * Limits at four levels, global, firm, account and session, each optionally per instrument: every level that
 * sets a limit must pass, so the tightest decides. Kill switch at the same levels: it refuses new orders and
 * replaces (cancels still pass), and `kill()` gives the mass cancel to run; release needs the risk role. Limits
 * change live: the next command sees them. The accept path allocates nothing once a level and instrument were
 * seen (state lives in preallocated per-level objects; open orders are pooled).
 */
export class PreTradeRisk {
  private readonly state: RiskState;
  private readonly facts = new OrderFacts();
  private readonly monitor: UsageMonitor;
  private readonly onAlert: (alert: RiskAlert) => void;
  private readonly bestPrices: PreTradeRiskOptions['bestPrices'];
  /** Whether the check under way has read the best bid and offer (see levels). */
  private midRead = false;

  /**
   * `engine`: what risk reads of the engine it guards (MatchingEngine itself): instrument reference data, and the live
   * order a replace or cancel names by ClOrdID (risk keeps no ClOrdID index of its own).
   */
  constructor(engine: EngineView, limits: readonly ScopedLimits[] = [], options: PreTradeRiskOptions = {}) {
    this.state = new RiskState(engine, options.dayEndUs ?? nextUtcMidnightUs);
    this.monitor = new UsageMonitor(options.alertFraction ?? DEFAULT_ALERT_FRACTION);
    this.onAlert = options.onAlert ?? (() => undefined);
    this.bestPrices = options.bestPrices;
    for (const l of limits) this.apply(l);
  }

  // ---- the order path -------------------------------------------------------------------------------------

  /** Accept or reject (a session whose throttle queues is refused here: the caller cannot pace; see checkPaced). */
  check(command: OrderCommand, nowUs: bigint): RiskDecision {
    const decision = this.decide(command, nowUs, false);
    return decision.kind === 'delay' ? reject(RejectCode.Throttled, 'message rate limit exceeded') : decision;
  }

  /**
   * Like check, but a session whose throttle is in 'queue' mode gets `{ kind: 'delay', untilUs }` instead of a
   * reject when its rate is exceeded by no more than its maxQueueDelayMs. Nothing is counted for a delayed
   * command: the caller keeps it (and every later command of that session, in order) and submits it again
   * through checkPaced at or after `untilUs`.
   */
  checkPaced(command: OrderCommand, nowUs: bigint): PacedRiskDecision {
    return this.decide(command, nowUs, true);
  }

  /** Every event of the engine, in order, so that open orders, positions and counts follow the book. */
  onEvent(event: EngineEvent): void {
    this.state.apply(event);
  }

  /**
   * Recovery: a journaled command about to run again, at its original time; what its check did to risk's counts is
   * done again. A journaled new order, replace or cancel is one that passed its check (a refused one has no command
   * record), so it was counted as a message of the day at its levels, and, the first after a day's end, it started
   * the new trading day. So the daily P&L, the day's start marks and the day's trade and message counts (the daily
   * loss limit, the order-to-trade ratio) are those of the command's day, as in the process that ran through
   * midnight. Before, a replay did neither: after a restart the daily figures counted every fill since the journal
   * began, and the day's messages none. Status requests and mass cancels are not checked, nor counted.
   */
  replayed(command: EngineCommand, nowUs: bigint): void {
    if (command.kind !== 'PlaceOrder' && command.kind !== 'ReplaceOrder' && command.kind !== 'CancelOrder') return;
    this.state.rollDay(nowUs);
    const session = this.state.session(command.sessionId);
    if (command.kind === 'CancelOrder') {
      const live = this.liveOrderOf(command, session);
      return this.count(live?.firm, live?.account, session);
    }
    // A new order or replace of an unknown instrument passed its check uncounted (the engine refuses it).
    if (this.state.instrument(command.symbol) === undefined) return;
    if (command.kind === 'PlaceOrder') return this.count(this.state.firmOf(session, command.firm), this.state.accountOf(session, command.account), session);
    const live = this.liveOrderOf(command, session);
    this.count(live?.firm, live?.account, session);
  }

  /** The open order a replace or cancel names: by its order id when it gives one, else by its session's ClOrdID. */
  private liveOrderOf(command: { readonly orderId?: number | undefined; readonly origClientOrderId: string }, session: RiskEntity): LiveOrder | undefined {
    return (command.orderId === undefined ? undefined : this.state.live.get(command.orderId)) ?? this.state.liveByClOrdId(session, command.origClientOrderId);
  }

  private decide(command: OrderCommand, nowUs: bigint, allowDelay: boolean): PacedRiskDecision {
    if (command.kind === 'OrderStatusRequest' || command.kind === 'MassCancel') return ACCEPT;
    this.midRead = false;
    const state = this.state;
    state.rollDay(nowUs);
    const session = state.session(command.sessionId);
    let firm: RiskEntity | undefined;
    let account: RiskEntity | undefined;
    let live: LiveOrder | undefined;
    if (command.kind === 'PlaceOrder') {
      firm = state.firmOf(session, command.firm);
      account = state.accountOf(session, command.account);
    } else {
      live = this.liveOrderOf(command, session);
      firm = live?.firm;
      account = live?.account;
    }
    const throttled = this.throttle(firm, account, session, nowUs, allowDelay);
    if (throttled !== null) return throttled;
    if (command.kind === 'CancelOrder') {
      this.count(firm, account, session);
      return ACCEPT;
    }
    const killed = state.global.killed ? 'the whole gateway' : firm?.killed === true ? firm.label : account?.killed === true ? account.label : session.killed ? session.label : null;
    if (killed !== null) return reject(RejectCode.KillSwitchActive, `kill switch active for ${killed}: new orders and replaces are refused`);
    if (session.latched) return reject(RejectCode.DuplicateOrder, session.latchText);
    const instrument = state.instrument(command.symbol);
    if (instrument === undefined) return ACCEPT; // the engine refuses an unknown instrument itself
    const ref = state.ref(command.symbol);
    const o = this.facts;
    o.symbol = command.symbol;
    o.nowUs = nowUs;
    o.instrument = instrument;
    o.ref = ref;
    o.qtyLots = command.qtyLots;
    if (command.kind === 'PlaceOrder') {
      o.isNew = true;
      o.buy = command.side === Side.Buy;
      o.priceTicks = command.priceTicks ?? Number.NaN;
      o.valueTicks = command.priceTicks ?? command.stopPriceTicks ?? ref.markTicks();
      o.addLots = command.qtyLots;
    } else {
      o.isNew = false;
      o.buy = command.side === Side.Buy;
      o.priceTicks = command.priceTicks ?? (live === undefined || live.priceTicks === 0 ? Number.NaN : live.priceTicks);
      o.valueTicks = Number.isNaN(o.priceTicks) ? ref.markTicks() : o.priceTicks;
      o.addLots = live === undefined ? command.qtyLots : Math.max(0, command.qtyLots - live.qtyLots);
    }
    let decision = this.levels(state.global, o, instrument, ref, session, command, nowUs);
    if (decision === ACCEPT && firm !== undefined) decision = this.levels(firm, o, instrument, ref, session, command, nowUs);
    if (decision === ACCEPT && account !== undefined) decision = this.levels(account, o, instrument, ref, session, command, nowUs);
    if (decision === ACCEPT) decision = this.levels(session, o, instrument, ref, session, command, nowUs);
    if (command.kind === 'PlaceOrder') session.recent?.record(command, nowUs);
    if (decision === ACCEPT) this.count(firm, account, session);
    return decision;
  }

  private levels(entity: RiskEntity, o: OrderFacts, instrument: Instrument, ref: NonNullable<OrderFacts['ref']>, session: RiskEntity, command: OrderCommand, nowUs: bigint): RiskDecision {
    if (!entity.hasLimits) return ACCEPT;
    const c = entity.limitsFor(instrument);
    if (c.collarReference === 'mid' && this.bestPrices !== undefined && !this.midRead) {
      // Read once per check, however many levels collar around the mid.
      ref.bidTicks = this.bestPrices.bidTicks(instrument.symbol);
      ref.askTicks = this.bestPrices.askTicks(instrument.symbol);
      this.midRead = true;
    }
    const decision = checkLevel(c, entity, o, instrument, ref);
    if (decision !== ACCEPT || command.kind !== 'PlaceOrder' || c.duplicateRepeats === Number.POSITIVE_INFINITY) return decision;
    const repeats = session.recent?.countRepeats(command, nowUs, c.duplicateWindowUs) ?? 0;
    return repeats >= c.duplicateRepeats ? this.latch(session, command, repeats, c.duplicateWindowUs, c.who, nowUs) : ACCEPT;
  }

  private latch(session: RiskEntity, order: PlaceOrder, repeats: number, windowUs: number, who: string, nowUs: bigint): RiskDecision {
    session.latched = true;
    session.latchText = `repeated automated execution: ${repeats} repeats of the same order within ${windowUs / 1000} ms (limit ${repeats} for ${who}); session ${session.id} is stopped until a risk officer releases it`;
    this.onAlert({ kind: 'LATCHED', tsUs: nowUs, sessionId: session.id, text: session.latchText });
    return reject(RejectCode.DuplicateOrder, session.latchText);
  }

  /** Token buckets (GCRA) of every level with a message rate: all must have room, or none is charged. */
  private throttle(firm: RiskEntity | undefined, account: RiskEntity | undefined, session: RiskEntity, nowUs: bigint, allowDelay: boolean): PacedRiskDecision | null {
    const nowNum = usAsNumber(nowUs);
    const g = this.state.global;
    let waitUs = 0;
    let over: RiskEntity | null = null;
    for (let i = 0; i < 4; i += 1) {
      const e = i === 0 ? g : i === 1 ? firm : i === 2 ? account : session;
      if (e === undefined || e.rateIntervalUs === 0) continue;
      const wait = Math.max(e.rateTatUs, nowNum) - e.rateToleranceUs - nowNum;
      if (wait > waitUs) [waitUs, over] = [wait, e];
    }
    if (over === null) {
      for (let i = 0; i < 4; i += 1) {
        const e = i === 0 ? g : i === 1 ? firm : i === 2 ? account : session;
        if (e !== undefined && e.rateIntervalUs !== 0) e.rateTatUs = Math.max(e.rateTatUs, nowNum) + e.rateIntervalUs;
      }
      return null;
    }
    if (allowDelay && over.rateQueue && waitUs <= over.rateMaxQueueUs) return { kind: 'delay', untilUs: nowUs + BigInt(Math.ceil(waitUs)) };
    return reject(RejectCode.Throttled, `message rate limit ${over.general?.maxMessagesPerSecond ?? 0}/s exceeded for ${over.label}`);
  }

  private count(firm: RiskEntity | undefined, account: RiskEntity | undefined, session: RiskEntity): void {
    this.state.global.messagesDay += 1;
    if (firm !== undefined) firm.messagesDay += 1;
    if (account !== undefined) account.messagesDay += 1;
    session.messagesDay += 1;
  }

  // ---- limits -----------------------------------------------------------------------------------------------

  /** Sets (replaces) the limits of one level (or of one instrument at that level); in force for the next command. */
  setLimits(scoped: ScopedLimits, actor: RiskActor, nowUs: bigint): RiskAuditEvent {
    const previous = this.limitsOf(scoped.scope, scoped.id, scoped.symbol);
    this.apply(scoped);
    return { kind: 'LIMIT_CHANGE', tsUs: nowUs, actor: actor.userId, detail: { scope: scoped.scope, id: scoped.id, symbol: scoped.symbol ?? null, previous: previous ?? null, limits: scoped.limits } };
  }

  /** Removes the limits of one level (or of one instrument at that level). */
  clearLimits(scope: LimitScope, id: string, symbol: string | undefined, actor: RiskActor, nowUs: bigint): RiskAuditEvent {
    const previous = this.limitsOf(scope, id, symbol);
    this.levelOf(scope, id).setLimits(symbol, undefined);
    return { kind: 'LIMIT_CHANGE', tsUs: nowUs, actor: actor.userId, detail: { scope, id, symbol: symbol ?? null, previous: previous ?? null, limits: null } };
  }

  limitsOf(scope: LimitScope, id: string, symbol?: string): RiskLimits | undefined {
    const map = scope === 'global' ? null : scope === 'firm' ? this.state.firms : scope === 'account' ? this.state.accounts : this.state.sessions;
    const entity = map === null ? this.state.global : map.get(id);
    if (entity === undefined) return undefined;
    return symbol === undefined ? entity.general : entity.perSymbol.get(symbol);
  }

  /** Every level's limits as set (for listing). */
  allLimits(): ScopedLimits[] {
    const out: ScopedLimits[] = [];
    for (const e of this.state.entities()) {
      if (e.general !== undefined) out.push({ scope: e.scope, id: e.id, limits: e.general });
      for (const [symbol, limits] of e.perSymbol) out.push({ scope: e.scope, id: e.id, symbol, limits });
    }
    return out;
  }

  private apply(scoped: ScopedLimits): void {
    assertValidLimits(scoped.limits, `${scoped.scope} ${scoped.id}${scoped.symbol === undefined ? '' : ` (${scoped.symbol})`}`);
    this.levelOf(scoped.scope, scoped.id).setLimits(scoped.symbol, scoped.limits);
  }

  private levelOf(scope: LimitScope, id: string): RiskEntity {
    return scope === 'global' ? this.state.global : this.state.entity(scope, id);
  }

  // ---- reference prices -------------------------------------------------------------------------------------

  /**
   * Sets the external reference price of a symbol (ticks; NaN withdraws it), set at `setAtUs` (µs since the epoch;
   * a level's referenceMaxAgeMs measures from it, and an unknown time counts as too old): collars around 'external'
   * measure from it, and positions are marked at it rather than at the last trade. Live: the next order sees it.
   */
  setReferencePrice(symbol: string, priceTicks: number, setAtUs = 0): void {
    const ref = this.state.ref(symbol);
    ref.externalTicks = priceTicks;
    ref.externalSetUs = setAtUs;
  }

  /** The external reference price of a symbol in ticks; NaN when none is set. */
  referencePriceTicks(symbol: string): number {
    return this.state.ref(symbol).externalTicks;
  }

  /** The instrument risk knows by that symbol (the engine's reference data). */
  instrument(symbol: string): Instrument | undefined {
    return this.state.instrument(symbol);
  }

  /** The best bid and offer, for collars around the mid ('mid'); NaN clears a side. */
  setBestPrices(symbol: string, bidTicks: number, askTicks: number): void {
    const ref = this.state.ref(symbol);
    ref.bidTicks = bidTicks;
    ref.askTicks = askTicks;
  }

  // ---- kill switch, latch, cancel on disconnect ---------------------------------------------------------------

  /** Engages the kill switch and returns the mass cancel that takes the scope's open orders off the book. */
  kill(scope: KillScope, actor: RiskActor, nowUs: bigint): { readonly commands: readonly MassCancel[]; readonly audit: RiskAuditEvent } {
    const name = scopeName(scope);
    if (scope.scope === 'global') this.state.global.killed = true;
    else this.state.entity(scope.scope, scope.id).killed = true;
    const filter = scope.scope === 'global' ? {} : scope.scope === 'firm' ? { firm: scope.id } : scope.scope === 'account' ? { account: scope.id } : { sessionId: scope.id };
    const command: MassCancel = { kind: 'MassCancel', sessionId: `risk:${actor.userId}`, requestId: `KILL-${nowUs}`, filter, unsolicited: true };
    return { commands: [command], audit: { kind: 'KILL', tsUs: nowUs, actor: actor.userId, detail: { scope: name, roles: actor.roles } } };
  }

  /** Releases a kill switch; only a user with the risk role may. */
  release(scope: KillScope, actor: RiskActor, nowUs: bigint): ReleaseResult {
    const name = scopeName(scope);
    if (!actor.roles.includes(RISK_ROLE)) return { ok: false, text: `${actor.userId} has no risk role: only a risk officer may release a kill switch` };
    const entity = scope.scope === 'global' ? this.state.global : this.limitsHolder(scope.scope, scope.id);
    if (entity === undefined || !entity.killed) return { ok: false, text: `no kill switch is active for ${name}` };
    entity.killed = false;
    return { ok: true, audit: { kind: 'KILL_RELEASE', tsUs: nowUs, actor: actor.userId, detail: { scope: name } } };
  }

  isKilled(scope: KillScope): boolean {
    const entity = scope.scope === 'global' ? this.state.global : this.limitsHolder(scope.scope, scope.id);
    return entity?.killed === true;
  }

  /** Sessions latched by the duplicate-order control, with the reason. */
  latchedSessions(): { readonly sessionId: string; readonly text: string }[] {
    return [...this.state.sessions.values()].filter((s) => s.latched).map((s) => ({ sessionId: s.id, text: s.latchText }));
  }

  /**
   * A latch of the duplicate-order control journaled before a restart and not released since (see openLatches): the
   * session stays stopped until a risk officer releases it, as it was (a restart used to release it).
   */
  restoreLatch(sessionId: string, text: string): void {
    const session = this.state.session(sessionId);
    session.latched = true;
    session.latchText = text;
  }

  /** Re-enables a session latched by the duplicate-order control (RTS 6 Art. 15(3)): a named risk officer only. */
  releaseLatch(sessionId: string, actor: RiskActor, nowUs: bigint): ReleaseResult {
    if (!actor.roles.includes(RISK_ROLE)) return { ok: false, text: `${actor.userId} has no risk role: only a risk officer may re-enable a latched session` };
    const session = this.state.sessions.get(sessionId);
    if (session === undefined || !session.latched) return { ok: false, text: `session ${sessionId} is not latched` };
    const reason = session.latchText;
    session.latched = false;
    session.latchText = '';
    session.recent?.forget();
    return { ok: true, audit: { kind: 'LATCH_RELEASE', tsUs: nowUs, actor: actor.userId, detail: { sessionId, reason } } };
  }

  /** Whether the session's limits ask for its open orders to be cancelled when it disconnects. */
  cancelsOnDisconnect(sessionId: string): boolean {
    return this.state.sessions.get(sessionId)?.general?.cancelOnDisconnect === true;
  }

  // ---- monitoring -------------------------------------------------------------------------------------------

  /** Current usage of every limit set, for gauges (off the order path). */
  usage(nowUs?: bigint): LimitUsage[] {
    const now = nowUs === undefined ? 0 : Number(nowUs);
    const out: LimitUsage[] = [];
    for (const e of this.state.entities()) if (e.hasLimits) out.push(...usageOf(e, now, this.state.instrument));
    return out;
  }

  /** Usage alerts: each limit whose usage crossed the alert fraction since the last scan (also told to onAlert). */
  scanUsage(nowUs: bigint): RiskAlert[] {
    this.state.rollDay(nowUs);
    const alerts = this.monitor.scan(this.usage(nowUs), nowUs);
    for (const alert of alerts) this.onAlert(alert);
    return alerts;
  }

  /** Position (lots) and the trading day's P&L of an account in one instrument, as risk counts them. */
  position(accountId: string, symbol: string): { readonly positionLots: number; readonly openBuyLots: number; readonly openSellLots: number; readonly dailyPnl: number } {
    const book = this.state.accounts.get(accountId)?.books.get(symbol);
    return { positionLots: book?.positionLots ?? 0, openBuyLots: book?.openBuyLots ?? 0, openSellLots: book?.openSellLots ?? 0, dailyPnl: book?.dailyPnl() ?? 0 };
  }

  /** The instruments of an account's books (a position, open orders or fills), in the order risk first saw them. */
  accountSymbols(accountId: string): readonly string[] {
    return this.state.accounts.get(accountId)?.bookList.map((book) => book.ref.symbol) ?? [];
  }

  /** The price positions are marked at (the external reference when set, else the last trade); undefined while unknown. */
  markPriceTicks(symbol: string): number | undefined {
    const mark = this.state.refs.get(symbol)?.markTicks();
    return mark === undefined || Number.isNaN(mark) ? undefined : mark;
  }

  /** Open orders, their value and the day's messages and trades of a level. */
  exposure(scope: 'firm' | 'account' | 'session', id: string): { readonly openOrders: number; readonly openValue: number; readonly messagesToday: number; readonly tradesToday: number; readonly dailyPnl: number } {
    const e = this.limitsHolder(scope, id);
    return { openOrders: e?.openOrders ?? 0, openValue: e?.openValue ?? 0, messagesToday: e?.messagesDay ?? 0, tradesToday: e?.tradesDay ?? 0, dailyPnl: e?.dailyPnl() ?? 0 };
  }

  private limitsHolder(scope: 'firm' | 'account' | 'session', id: string): RiskEntity | undefined {
    return (scope === 'firm' ? this.state.firms : scope === 'account' ? this.state.accounts : this.state.sessions).get(id);
  }
}

function scopeName(scope: KillScope): string {
  return scope.scope === 'global' ? 'global' : `${scope.scope}:${scope.id}`;
}
