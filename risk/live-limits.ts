import { type Instrument, type MassCancel, priceToTicks } from '../engine/model';
import { parseRiskLimits } from './limit-parsing';
import { limitProblems } from './compiled-limits';
import { RiskError } from './errors';
import type { PreTradeRisk } from './pre-trade-risk';
import { type KillScope, type LimitScope, RISK_ROLE, type RiskActor, type RiskAuditEvent, type RiskLimits } from './risk-limits';

/** One audited limit change as the store gives it back. */
export interface StoredLimitChange {
  readonly changeId: number;
  readonly scope: LimitScope;
  readonly scopeId: string;
  readonly symbol: string | null;
  readonly oldLimits: Readonly<Record<string, unknown>> | null;
  readonly newLimits: Readonly<Record<string, unknown>> | null;
  readonly changedBy: string;
}

/** Where limits live (Postgres: db's RiskLimitRepository fits this port). */
export interface RiskLimitStore {
  list(): Promise<readonly { readonly scope: LimitScope; readonly scopeId: string; readonly symbol: string | null; readonly limits: Readonly<Record<string, unknown>>; readonly changeId: number }[]>;
  change(input: { readonly scope: LimitScope; readonly scopeId: string; readonly symbol: string | null; readonly limits: RiskLimits | null; readonly changedBy: string; readonly reason?: string | null | undefined }): Promise<StoredLimitChange>;
  changesSince(changeId: number): Promise<readonly StoredLimitChange[]>;
}

/** A kill switch engaged or released, as stored (db's RiskKillRepository fits the port below). */
export interface StoredKillEvent {
  readonly eventId: number;
  readonly action: 'KILL' | 'RELEASE';
  readonly scope: LimitScope;
  readonly scopeId: string;
  readonly actor: string;
}

export interface RiskKillStore {
  record(action: 'KILL' | 'RELEASE', scope: LimitScope, scopeId: string, actor: string, reason: string | null): Promise<StoredKillEvent>;
  engaged(): Promise<readonly StoredKillEvent[]>;
  eventsSince(eventId: number): Promise<readonly StoredKillEvent[]>;
  lastEventId(): Promise<number>;
}

/** An external reference price set or withdrawn, as stored (db's RiskReferencePriceRepository fits the port below). */
export interface StoredReferencePrice {
  readonly eventId: number;
  readonly symbol: string;
  /** A decimal at the instrument's scale; null: withdrawn. */
  readonly price: string | null;
  readonly actor: string;
  readonly reason: string | null;
  readonly at: Date;
}

export interface ReferencePriceStore {
  record(symbol: string, price: string | null, actor: string, reason: string | null): Promise<StoredReferencePrice>;
  current(): Promise<readonly StoredReferencePrice[]>;
  eventsSince(eventId: number): Promise<readonly StoredReferencePrice[]>;
  lastEventId(): Promise<number>;
}

/** A price as the reference of an instrument, in ticks, or why it cannot be one (the CLI checks with it too). */
export function referencePriceTicks(symbol: string, price: string, instrument: Instrument | undefined): number | string {
  if (instrument === undefined) return `unknown instrument ${symbol}`;
  const ticks = priceToTicks(price, instrument);
  if (!ticks.ok) return `reference price of ${symbol}: ${ticks.text}`;
  if (ticks.value <= 0) return `reference price of ${symbol}: ${price} is not positive`;
  return ticks.value;
}

/** What applying stored changes gives the caller: audit records to journal, mass cancels to run through the order path. */
export interface AppliedChanges {
  readonly audits: readonly RiskAuditEvent[];
  readonly commands: readonly MassCancel[];
}

export interface LimitChangeRequest {
  readonly scope: LimitScope;
  readonly id: string;
  readonly symbol?: string | undefined;
  /** The new limits; null removes them. */
  readonly limits: RiskLimits | null;
  readonly reason?: string | undefined;
}

/**
 * Live limits: loaded from the store at start, changed at run time by `set` (the store writes the change and its
 * audit row first; then it is applied in memory, in force for the next order, no restart), and caught up with
 * changes made elsewhere (the CLI, another process) by `refresh`, which the caller runs every second or so.
 * Changes are applied in the store's order. Only a user with the risk role may change limits. With a kill store,
 * kill switches engaged elsewhere (the CLI) are engaged here too, and the ones still engaged at start stay so.
 */
export class LiveRiskLimits {
  private lastChangeId = 0;
  private lastKillEventId = 0;
  private lastReferenceEventId = 0;
  /** The reference price in force per symbol, as it was stored (who set it, when, why). */
  private readonly references = new Map<string, StoredReferencePrice>();
  /** Refreshes run one at a time, so that no stored change or kill event is applied twice. */
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly risk: PreTradeRisk,
    private readonly store: RiskLimitStore,
    private readonly nowUs: () => bigint,
    private readonly kills: RiskKillStore | null = null,
    private readonly referencePrices: ReferencePriceStore | null = null,
  ) {}

  /** Loads every stored limit and engaged kill switch into risk; the mass cancels of those kill switches are to be run. */
  async load(): Promise<AppliedChanges & { readonly limits: number }> {
    const commands: MassCancel[] = [];
    const audits: RiskAuditEvent[] = [];
    if (this.kills !== null) {
      this.lastKillEventId = await this.kills.lastEventId();
      for (const e of await this.kills.engaged()) {
        const applied = this.risk.kill(killScope(e), { userId: e.actor, roles: [] }, this.nowUs());
        commands.push(...applied.commands);
        audits.push(applied.audit);
      }
    }
    if (this.referencePrices !== null) {
      this.lastReferenceEventId = await this.referencePrices.lastEventId();
      // Applied again at each start: journaled again only when a stored price no longer fits its instrument.
      for (const stored of await this.referencePrices.current()) {
        const audit = this.applyReference(stored);
        if (audit.detail.notApplied !== undefined) audits.push(audit);
      }
    }
    const records = await this.store.list();
    const system = { userId: 'system:load', roles: [] };
    for (const r of records) {
      const limits = parseRiskLimits(r.limits, `${r.scope} ${r.scopeId}`);
      this.risk.setLimits({ scope: r.scope, id: r.scopeId, symbol: r.symbol ?? undefined, limits }, system, this.nowUs());
      this.lastChangeId = Math.max(this.lastChangeId, r.changeId);
    }
    // Changes committed while we listed come again through refresh: applying a change twice is harmless.
    return { limits: records.length, audits, commands };
  }

  /** Validates, stores (audited) and applies one change, with any other stored change not yet applied. */
  async set(request: LimitChangeRequest, actor: RiskActor): Promise<AppliedChanges> {
    requireRiskRole(actor, 'change limits');
    if (request.limits !== null) {
      const problems = limitProblems(request.limits);
      if (problems.length > 0) throw new RiskError('GW_ERR_RISK_INVALID_LIMIT', `limits of ${request.scope} ${request.id}: ${problems.join('; ')}`);
    }
    await this.store.change({ scope: request.scope, scopeId: request.id, symbol: request.symbol ?? null, limits: request.limits, changedBy: actor.userId, reason: request.reason ?? null });
    return this.refresh();
  }

  /**
   * Engages a kill switch: stored first (who, when, why), then applied with every other stored event not yet
   * applied; the result holds the mass cancels to run. Only a user with the risk role may.
   */
  async kill(scope: KillScope, actor: RiskActor, reason: string | null = null): Promise<AppliedChanges> {
    const store = this.killStore();
    requireRiskRole(actor, 'engage a kill switch');
    await store.record('KILL', scope.scope, scopeId(scope), actor.userId, reason);
    return this.refresh();
  }

  /** Releases a kill switch (stored, then applied); refused when none is engaged in that scope. */
  async release(scope: KillScope, actor: RiskActor, reason: string | null = null): Promise<AppliedChanges> {
    const store = this.killStore();
    requireRiskRole(actor, 'release a kill switch');
    if (!this.risk.isKilled(scope)) throw new RiskError('GW_ERR_RISK_NOT_ENGAGED', `no kill switch is active for ${scope.scope === 'global' ? 'global' : `${scope.scope}:${scope.id}`}`);
    await store.record('RELEASE', scope.scope, scopeId(scope), actor.userId, reason);
    return this.refresh();
  }

  /**
   * Sets (price: a decimal string) or withdraws (null) the external reference price of an instrument: stored first
   * (who, when, why), then applied with every other stored change not yet applied. Refused for an instrument risk does
   * not know, a price that is not a positive multiple of its tick, or a withdrawal when none is set.
   */
  async setReferencePrice(symbol: string, price: string | null, actor: RiskActor, reason: string | null = null): Promise<AppliedChanges> {
    const store = this.referenceStore();
    requireRiskRole(actor, 'set a reference price');
    if (price === null) {
      if (Number.isNaN(this.risk.referencePriceTicks(symbol))) throw new RiskError('GW_ERR_RISK_NOT_ENGAGED', `no reference price is set for ${symbol}`);
    } else {
      const ticks = this.referenceTicks(symbol, price);
      if (typeof ticks === 'string') throw new RiskError('GW_ERR_RISK_INVALID_REFERENCE', ticks);
    }
    await store.record(symbol, price, actor.userId, reason);
    return this.refresh();
  }

  /** The reference prices in force, as stored: symbol, price, who set it, when and why. */
  referencePriceList(): StoredReferencePrice[] {
    return [...this.references.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  }

  /** Applies the stored limit changes and kill events since the last ones applied, in order (one refresh at a time). */
  refresh(): Promise<AppliedChanges> {
    const next = this.running.then(() => this.applyStored());
    this.running = next.catch(() => undefined);
    return next;
  }

  private referenceStore(): ReferencePriceStore {
    if (this.referencePrices === null) throw new RiskError('GW_ERR_RISK_INVALID_REFERENCE', 'reference prices are not stored here: no reference price store was given');
    return this.referencePrices;
  }

  private referenceTicks(symbol: string, price: string): number | string {
    return referencePriceTicks(symbol, price, this.risk.instrument(symbol));
  }

  /**
   * One stored reference price into risk. A stored price that no longer fits its instrument (removed, or its tick
   * changed since) withdraws the reference rather than applying a wrong one; the audit says so.
   */
  private applyReference(stored: StoredReferencePrice): RiskAuditEvent {
    const detail: Record<string, unknown> = { symbol: stored.symbol, price: stored.price, eventId: stored.eventId, reason: stored.reason };
    const ticks = stored.price === null ? Number.NaN : this.referenceTicks(stored.symbol, stored.price);
    if (typeof ticks === 'string') detail.notApplied = ticks;
    if (typeof ticks === 'number' && !Number.isNaN(ticks)) {
      this.risk.setReferencePrice(stored.symbol, ticks, stored.at.getTime() * 1000);
      this.references.set(stored.symbol, stored);
    } else {
      this.risk.setReferencePrice(stored.symbol, Number.NaN);
      this.references.delete(stored.symbol);
    }
    return { kind: 'REFERENCE_PRICE', tsUs: this.nowUs(), actor: stored.actor, detail };
  }

  private killStore(): RiskKillStore {
    if (this.kills === null) throw new RiskError('GW_ERR_RISK_INVALID_LIMIT', 'kill switches are not stored here: no kill store was given');
    return this.kills;
  }

  private async applyStored(): Promise<AppliedChanges> {
    const audits: RiskAuditEvent[] = [];
    const commands: MassCancel[] = [];
    if (this.kills !== null) {
      for (const e of await this.kills.eventsSince(this.lastKillEventId)) {
        this.lastKillEventId = e.eventId;
        if (e.action === 'KILL') {
          const applied = this.risk.kill(killScope(e), { userId: e.actor, roles: [] }, this.nowUs());
          commands.push(...applied.commands);
          audits.push(applied.audit);
        } else {
          const released = this.risk.release(killScope(e), { userId: e.actor, roles: [RISK_ROLE] }, this.nowUs());
          if (released.ok) audits.push(released.audit);
        }
      }
    }
    if (this.referencePrices !== null) {
      for (const stored of await this.referencePrices.eventsSince(this.lastReferenceEventId)) {
        this.lastReferenceEventId = stored.eventId;
        audits.push(this.applyReference(stored));
      }
    }
    for (const change of await this.store.changesSince(this.lastChangeId)) {
      const actor = { userId: change.changedBy, roles: [RISK_ROLE] };
      const symbol = change.symbol ?? undefined;
      const audit =
        change.newLimits === null
          ? this.risk.clearLimits(change.scope, change.scopeId, symbol, actor, this.nowUs())
          : this.risk.setLimits({ scope: change.scope, id: change.scopeId, symbol, limits: parseRiskLimits(change.newLimits, `${change.scope} ${change.scopeId}`) }, actor, this.nowUs());
      audits.push({ ...audit, detail: { ...audit.detail, changeId: change.changeId } });
      this.lastChangeId = change.changeId;
    }
    return { audits, commands };
  }
}

function requireRiskRole(actor: RiskActor, what: string): void {
  if (!actor.roles.includes(RISK_ROLE)) throw new RiskError('GW_ERR_RISK_NOT_AUTHORISED', `${actor.userId} has no risk role: only a risk officer may ${what}`);
}

function scopeId(scope: KillScope): string {
  return scope.scope === 'global' ? '*' : scope.id;
}

function killScope(e: StoredKillEvent): KillScope {
  return e.scope === 'global' ? { scope: 'global' } : { scope: e.scope, id: e.scopeId };
}
