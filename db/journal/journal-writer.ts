import { NextTurn } from '../next-turn';
import { tellAll } from '../observers';
import { type AuditRecord, HashChain } from './audit-record';
import type { JournalStore } from './journal-store';

export interface JournalWriterOptions {
  /** A batch closes at this many records. */
  readonly maxBatchRecords: number;
  /** Back-off after a failed write: the batch is retried, never dropped and never released. */
  readonly retryDelayMs: number;
  readonly onWriteError?: (e: unknown, attempt: number) => void;
  /** Admission: new orders are refused once the oldest record not yet committed has waited this long (ms)... */
  readonly refuseAfterMs?: number;
  /** ... or once this many records wait for their commit. */
  readonly maxBacklogRecords?: number;
  /** The clock (ms) of admission's ages and of the observers' times; default performance.now() (monotonic). */
  readonly nowMs?: () => number;
}

export const DEFAULT_JOURNAL_OPTIONS: JournalWriterOptions = { maxBatchRecords: 500, retryDelayMs: 100 };
export const DEFAULT_REFUSE_AFTER_MS = 2_000;
export const DEFAULT_MAX_BACKLOG_RECORDS = 200_000;

/** Told of each committed batch: how many records it held and how long its write and commit took (ms). */
export type BatchObserver = (records: number, commitMs: number) => void;

/** Told of each caller released: how long (ms) its records waited from append to their commit. */
export type ReleaseObserver = (waitedMs: number) => void;

/** The writer's clock unless the options give one: monotonic and sub-millisecond, for ages and waits. */
const defaultNowMs = (): number => performance.now();

interface Pending {
  readonly count: number;
  readonly release: () => void;
  /** When its records were appended (ms, the writer's clock): admission reads its age, the release observers its wait. */
  readonly atMs: number;
}

/**
 * The durability barrier (design.md): records are chained at once, in call order, and written by group commit — a
 * batch goes to the store as soon as the previous one has committed (or at once when none is in flight), up to
 * `maxBatchRecords`. Each caller's `release` runs only after the batch holding its records is committed, so nothing
 * is told to the outside before it is durable. The caller never waits: append returns immediately.
 */
export class JournalWriter {
  private queue: ReturnType<HashChain['link']>[] = [];
  private releases: Pending[] = [];
  private writing = false;
  private readonly nextTurn = new NextTurn(() => this.writing, () => this.flush());
  private committedSeq = 0n;
  private drainWaiters: (() => void)[] = [];
  private readonly batchObservers: BatchObserver[] = [];
  private readonly releaseObservers: ReleaseObserver[] = [];

  private constructor(private readonly store: JournalStore, private readonly chain: HashChain, private readonly options: JournalWriterOptions) {}

  /** Continues the chain where the store left it (after a restart, at its head). */
  static async open(store: JournalStore, chainId: number, options: JournalWriterOptions = DEFAULT_JOURNAL_OPTIONS): Promise<JournalWriter> {
    const head = await store.head(chainId);
    const writer = new JournalWriter(store, new HashChain(chainId, head.nextSeq, head.head), options);
    writer.committedSeq = head.nextSeq - 1n;
    return writer;
  }

  /** Records waiting for a commit. */
  get backlog(): number {
    return this.queue.length;
  }

  /** The last seq known to be committed. */
  get committed(): bigint {
    return this.committedSeq;
  }

  /** Chains `records` now and calls `release` once they are committed. */
  append(records: readonly AuditRecord[], release: () => void): void {
    for (const record of records) this.queue.push(this.chain.link(record));
    this.releases.push({ count: records.length, release, atMs: this.now() });
    this.nextTurn.request();
  }

  /**
   * Null while new orders may be taken; otherwise why not: the journal is not committing (the database is
   * unreachable or slow) and what waits for it would only grow. Events already produced keep waiting for their
   * commit (nothing is released uncommitted); only new orders are turned away, with this text.
   */
  admission(): string | null {
    const max = this.options.maxBacklogRecords ?? DEFAULT_MAX_BACKLOG_RECORDS;
    if (this.queue.length >= max) return `the audit journal holds ${this.queue.length} records not yet committed (limit ${max}): new orders are refused until the database catches up`;
    const oldest = this.releases[0];
    if (oldest === undefined) return null;
    const waitedMs = this.now() - oldest.atMs;
    const limitMs = this.options.refuseAfterMs ?? DEFAULT_REFUSE_AFTER_MS;
    return waitedMs < limitMs ? null : `the audit journal has not committed for ${Math.round(waitedMs)} ms (limit ${limitMs} ms; the database is unreachable or slow): new orders are refused until it catches up`;
  }

  private now(): number {
    return (this.options.nowMs ?? defaultNowMs)();
  }

  /**
   * Tells `observer` of every batch committed from now on (its records, and the time from handing it to the store
   * to its commit: what every release of its records waited for, besides the batch before it). Failed attempts are
   * not batches committed; they go to onWriteError.
   */
  observeBatches(observer: BatchObserver): void {
    this.batchObservers.push(observer);
  }

  /**
   * Tells `observer` of every caller released from now on: how long its records waited from append to commit (the
   * batch in flight before theirs, then their own). Every ExecutionReport and REST reply waits this long.
   */
  observeReleases(observer: ReleaseObserver): void {
    this.releaseObservers.push(observer);
  }

  /** Resolves when everything appended so far is committed. */
  drained(): Promise<void> {
    if (this.queue.length === 0 && !this.writing) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    let attempt = 0;
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.options.maxBatchRecords);
      const startedMs = this.now();
      try {
        await this.store.append(batch);
      } catch (e: unknown) {
        attempt += 1;
        this.options.onWriteError?.(e, attempt);
        await new Promise((r) => setTimeout(r, Math.min(this.options.retryDelayMs * attempt, 5_000)));
        continue;
      }
      attempt = 0;
      const commitMs = this.now() - startedMs;
      tellAll(this.batchObservers, batch.length, commitMs);
      this.queue.splice(0, batch.length);
      const last = batch[batch.length - 1];
      if (last !== undefined) this.committedSeq = last.seq;
      this.releaseCommitted(batch.length);
    }
    this.writing = false;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * Releases, in order, every caller whose records are all among the `count` just committed. The released callers
   * are dropped from the front in one splice (a shift per caller would copy a long backlog once per caller).
   */
  private releaseCommitted(count: number): void {
    let left = count;
    let done = 0;
    const releases = this.releases;
    try {
      for (;;) {
        const head = releases[done];
        if (head === undefined) break;
        if (head.count > left) {
          // Part of this caller's records is committed: what remains is waiting in the queue.
          releases[done] = { count: head.count - left, release: head.release, atMs: head.atMs };
          break;
        }
        left -= head.count;
        done += 1;
        if (this.releaseObservers.length > 0) tellAll(this.releaseObservers, this.now() - head.atMs);
        head.release();
      }
    } finally {
      releases.splice(0, done);
    }
  }
}
