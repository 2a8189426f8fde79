import { Counter, Gauge, type Registry } from 'prom-client';

/** The outbox relay: how far behind the journal it is, what it published, and its failed attempts. */
export class OutboxMetrics {
  readonly published: Counter;
  readonly failures: Counter;

  /** `lag` is read when Prometheus scrapes: journal events committed but not yet taken by Kafka. */
  constructor(registry: Registry, lag: () => number) {
    const registers = [registry];
    new Gauge({
      name: 'gw_outbox_lag_events',
      help: 'Journal rows committed after the outbox relay\'s stored position (journal head seq minus relay position)',
      registers,
      collect() {
        this.set(lag());
      },
    });
    this.published = new Counter({ name: 'gw_outbox_published_total', help: 'Journal events the outbox relay handed to Kafka and Kafka acknowledged', registers });
    this.failures = new Counter({ name: 'gw_outbox_failures_total', help: 'Failed outbox relay attempts (Kafka or the database), each retried with back-off', registers });
  }
}
