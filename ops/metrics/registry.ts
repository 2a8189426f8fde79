import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/**
 * One registry per process (tests make their own). Process metrics come from prom-client's defaults with
 * the `gw_` prefix; modules register theirs as `gw_<module>_<what>_<unit>`.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly dbUp: Gauge;
  readonly dbReconnects: Counter;
  readonly dbConnectAttempts: Counter;
  readonly startTime: Gauge;

  constructor(options: { readonly collectProcessMetrics: boolean } = { collectProcessMetrics: true }) {
    if (options.collectProcessMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'gw_' });
    this.dbUp = new Gauge({
      name: 'gw_db_up',
      help: '1 when the last database check succeeded, 0 when the database is unreachable',
      registers: [this.registry],
    });
    this.dbReconnects = new Counter({
      name: 'gw_db_connection_errors_total',
      help: 'Database connection errors seen by the pool (each is retried with back-off)',
      registers: [this.registry],
    });
    this.dbConnectAttempts = new Counter({
      name: 'gw_db_connect_attempts_total',
      help: 'Attempts to reach the database at start',
      registers: [this.registry],
    });
    this.startTime = new Gauge({
      name: 'gw_ops_start_time_seconds',
      help: 'Unix time at which the gateway finished starting',
      registers: [this.registry],
    });
  }

  async render(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
