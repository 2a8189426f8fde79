import { Gauge, type Registry } from 'prom-client';

/** What the metrics read of the journal writer, when Prometheus scrapes. */
export interface JournalGauges {
  readonly backlog: number;
  admission(): string | null;
}

/** The audit journal: records waiting for their commit, and whether new orders are taken (see JournalWriter.admission). */
export function registerJournalMetrics(registry: Registry, journal: JournalGauges): void {
  const registers = [registry];
  new Gauge({
    name: 'gw_journal_backlog_records',
    help: 'Audit journal records appended but not yet committed (their ExecutionReports and replies wait for the commit)',
    registers,
    collect() {
      this.set(journal.backlog);
    },
  });
  new Gauge({
    name: 'gw_journal_accepting_orders',
    help: '1 while new orders are taken; 0 while the journal is not committing (database unreachable or slow) and they are refused',
    registers,
    collect() {
      this.set(journal.admission() === null ? 1 : 0);
    },
  });
}
