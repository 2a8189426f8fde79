import { Counter, Gauge, type Registry } from 'prom-client';
import type { LimitUsage, RiskAlert } from '../../risk';

/**
 * Risk's monitoring (RTS 6 Art. 16): the usage of every limit set, read from risk's state when Prometheus scrapes
 * (off the order path: the scrape runs on the same thread, between commands), and a counter of alerts.
 */
export class RiskMetrics {
  private readonly alerts: Counter;

  constructor(registry: Registry, usage: () => readonly LimitUsage[]) {
    const registers = [registry];
    const labelNames = ['limit', 'scope', 'symbol'] as const;
    const labels = (u: LimitUsage): Record<(typeof labelNames)[number], string> => ({ limit: u.limit, scope: u.scope, symbol: u.symbol ?? '' });
    new Gauge({
      name: 'gw_risk_limit_usage',
      help: 'Current usage of a risk limit, in the limit\'s unit (orders, messages in the bucket, ratio, currency, lots)',
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const u of usage()) this.set(labels(u), u.used);
      },
    });
    new Gauge({
      name: 'gw_risk_limit_max',
      help: 'The value of a risk limit, in the same unit as gw_risk_limit_usage',
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const u of usage()) this.set(labels(u), u.max);
      },
    });
    new Gauge({
      name: 'gw_risk_limit_usage_ratio',
      help: 'Usage of a risk limit as a fraction of it (1 = at the limit)',
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const u of usage()) this.set(labels(u), u.max > 0 ? u.used / u.max : 0);
      },
    });
    this.alerts = new Counter({ name: 'gw_risk_alerts_total', help: 'Risk alerts raised: a limit\'s usage crossed the alert fraction, or a session was latched', labelNames: ['kind', 'limit'], registers });
  }

  alert(alert: RiskAlert): void {
    this.alerts.inc({ kind: alert.kind, limit: alert.kind === 'USAGE' ? alert.usage.limit : 'duplicateMaxRepeats' });
  }
}
