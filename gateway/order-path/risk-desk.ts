import { type AuditRecord, canonicalBytes, type JournalWriter } from '../../db';
import type { AppliedChanges, KillScope, LimitChangeRequest, LimitScope, LimitUsage, LiveRiskLimits, PreTradeRisk, RiskActor, RiskAuditEvent, RiskLimits, ScopedLimits, StoredReferencePrice } from '../../risk';
import type { OrderPath } from './order-path';

/**
 * What risk officers do to the running order path: engage or release a kill switch, change limits live, re-enable a
 * session latched by the duplicate-order control, set an instrument's external reference price. Kill switches, limits
 * and reference prices are stored first (who, when, why: the live limits' stores), then applied; the mass cancels a
 * kill switch asks for go through the order path like any command, so their cancels reach the owners and the
 * journal. Every action is journaled as an audit event.
 */
export class RiskDesk {
  constructor(
    private readonly risk: PreTradeRisk,
    private readonly live: LiveRiskLimits,
    private readonly orderPath: OrderPath,
    private readonly journal: JournalWriter | null,
    private readonly nowUs: () => bigint,
  ) {}

  /** Loads the stored limits and kill switches (at start, before any session is accepted). */
  async load(): Promise<{ readonly limits: number; readonly killSwitches: number }> {
    const loaded = await this.live.load();
    this.run(loaded);
    return { limits: loaded.limits, killSwitches: loaded.commands.length };
  }

  /** Engages a kill switch; returns how many open orders it cancelled. */
  async kill(scope: KillScope, actor: RiskActor, reason: string | null = null): Promise<{ readonly cancelled: number }> {
    return { cancelled: this.run(await this.live.kill(scope, actor, reason)) };
  }

  async release(scope: KillScope, actor: RiskActor, reason: string | null = null): Promise<void> {
    this.run(await this.live.release(scope, actor, reason));
  }

  /** Sets (or with `limits: null`, removes) the limits of one level; in force for the next order. */
  async setLimits(request: LimitChangeRequest, actor: RiskActor): Promise<void> {
    this.run(await this.live.set(request, actor));
  }

  /** Sets (a decimal price) or withdraws (null) an instrument's external reference price; in force for the next order. */
  async setReferencePrice(symbol: string, price: string | null, actor: RiskActor, reason: string | null = null): Promise<void> {
    this.run(await this.live.setReferencePrice(symbol, price, actor, reason));
  }

  referencePrices(): StoredReferencePrice[] {
    return this.live.referencePriceList();
  }

  /** Picks up limit changes and kill switches stored by another process (the CLI); the caller runs it every second or so. */
  async refresh(): Promise<void> {
    this.run(await this.live.refresh());
  }

  /** Re-enables a session latched by the duplicate-order control (risk role only); false with the reason when refused. */
  releaseLatch(sessionId: string, actor: RiskActor): { readonly ok: true } | { readonly ok: false; readonly text: string } {
    const result = this.risk.releaseLatch(sessionId, actor, this.nowUs());
    if (!result.ok) return result;
    this.record(result.audit);
    return { ok: true };
  }

  limitsOf(scope: LimitScope, id: string, symbol?: string): RiskLimits | undefined {
    return this.risk.limitsOf(scope, id, symbol);
  }

  allLimits(): ScopedLimits[] {
    return this.risk.allLimits();
  }

  usage(): LimitUsage[] {
    return this.risk.usage(this.nowUs());
  }

  latchedSessions(): { readonly sessionId: string; readonly text: string }[] {
    return this.risk.latchedSessions();
  }

  isKilled(scope: KillScope): boolean {
    return this.risk.isKilled(scope);
  }

  /** Runs the mass cancels through the order path and journals the audit events; returns the orders cancelled. */
  private run(applied: AppliedChanges): number {
    let cancelled = 0;
    const now = this.nowUs();
    for (const command of applied.commands) {
      for (const { event } of this.orderPath.submit(command, now)) if (event.kind === 'OrderCancelled') cancelled += 1;
    }
    for (const audit of applied.audits) this.record(audit);
    return cancelled;
  }

  private record(audit: RiskAuditEvent): void {
    this.journal?.append([riskAuditRecord(audit)], () => undefined);
  }
}

/** The journal record of a risk audit event: its kind as the event type, its actor, its canonical JSON as the body. */
export function riskAuditRecord(audit: RiskAuditEvent): AuditRecord {
  return { eventTsUs: audit.tsUs, eventType: audit.kind, source: `ops:${audit.actor}`, actorId: audit.actor, body: canonicalBytes(audit) };
}
