import { type JournalWriter } from '../../db';
import type { KillScope, PreTradeRisk, RiskActor, RiskAuditEvent, ScopedLimits } from '../../risk';
import type { OrderPath } from './order-path';

/**
 * What risk officers do to the running order path: engage or release a kill switch (its mass cancels go through the
 * order path like any command, so their cancels reach the owners and the journal) and change limits live. Every
 * action is journaled as an audit event with who and when.
 */
export class RiskDesk {
  constructor(
    private readonly risk: PreTradeRisk,
    private readonly orderPath: OrderPath,
    private readonly journal: JournalWriter | null,
    private readonly nowUs: () => bigint,
  ) {}

  kill(scope: KillScope, actor: RiskActor): { readonly cancelled: number } {
    const now = this.nowUs();
    const { commands, audit } = this.risk.kill(scope, actor, now);
    let cancelled = 0;
    for (const command of commands) {
      for (const { event } of this.orderPath.submit(command, now)) if (event.kind === 'OrderCancelled') cancelled += 1;
    }
    this.record({ ...audit, detail: { ...audit.detail, cancelled } });
    return { cancelled };
  }

  release(scope: KillScope, actor: RiskActor): { readonly ok: true } | { readonly ok: false; readonly text: string } {
    const result = this.risk.release(scope, actor, this.nowUs());
    if (!result.ok) return result;
    this.record(result.audit);
    return { ok: true };
  }

  setLimits(limits: ScopedLimits, actor: RiskActor): void {
    this.record(this.risk.setLimits(limits, actor, this.nowUs()));
  }

  limitsOf(scope: ScopedLimits['scope'], id: string): ScopedLimits['limits'] | undefined {
    return this.risk.limitsOf(scope, id);
  }

  private record(audit: RiskAuditEvent): void {
    this.journal?.append(
      [{ eventTsUs: audit.tsUs, eventType: audit.kind, source: `ops:${audit.actor}`, actorId: audit.actor, body: Buffer.from(JSON.stringify(audit, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)), 'utf8') }],
      () => undefined,
    );
  }
}
