import { Gauge, Histogram, type Registry } from 'prom-client';
import type { BatchObserver, ReleaseObserver } from '../../db';
import { DATABASE_WAIT_SECONDS_BUCKETS } from './buckets';

/** What the metrics read of the journal writer, when Prometheus scrapes, and the batches it is told of. */
export interface JournalGauges {
  readonly backlog: number;
  admission(): string | null;
  observeBatches(observer: BatchObserver): void;
  observeReleases(observer: ReleaseObserver): void;
}

/** Records in a batch: one order's few at a low rate, up to the batch limit (500) under load. */
const BATCH_RECORDS_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500];

/**
 * The audit journal: records waiting for their commit, whether new orders are taken (see JournalWriter.admission),
 * each committed batch's commit time and size, and each command's wait for its records' commit (every
 * ExecutionReport and REST reply waits for it).
 */
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
  const commitSeconds = new Histogram({
    name: 'gw_journal_batch_commit_seconds',
    help: 'Time from handing a journal batch to the database to its commit; the releases of its records wait for it',
    buckets: [...DATABASE_WAIT_SECONDS_BUCKETS],
    registers,
  });
  const batchRecords = new Histogram({
    name: 'gw_journal_batch_records',
    help: 'Audit records per committed journal batch (group commit: a batch takes what waited while the one before committed)',
    buckets: BATCH_RECORDS_BUCKETS,
    registers,
  });
  const releaseWait = new Histogram({
    name: 'gw_journal_release_wait_seconds',
    help: 'Per command: from appending its records to the journal to their commit (the batch in flight, then its own); its ExecutionReports and replies wait this long',
    buckets: [...DATABASE_WAIT_SECONDS_BUCKETS],
    registers,
  });
  journal.observeReleases((waitedMs) => releaseWait.observe(waitedMs / 1000));
  journal.observeBatches((records, commitMs) => {
    commitSeconds.observe(commitMs / 1000);
    batchRecords.observe(records);
  });
}

/** What the last start's recovery did (RecoveryReport): set once, for a restart's cost to be watched and sized. */
export function registerRecoveryMetrics(registry: Registry, report: { readonly commands: number; readonly liveOrders: number; readonly elapsedMs: number }): void {
  const registers = [registry];
  new Gauge({ name: 'gw_recovery_replayed_commands', help: 'Journaled commands run again at this start to rebuild the books, risk and numbering', registers }).set(report.commands);
  new Gauge({ name: 'gw_recovery_replay_seconds', help: 'How long that replay took (the start accepts no session or client until it is done)', registers }).set(report.elapsedMs / 1000);
  new Gauge({ name: 'gw_recovery_live_orders', help: 'Orders live in the books after the replay (resting, or stops waiting for their trigger)', registers }).set(report.liveOrders);
}
