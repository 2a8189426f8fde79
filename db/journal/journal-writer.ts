import { type AuditRecord, HashChain } from './audit-record';
import type { JournalStore } from './journal-store';

export interface JournalWriterOptions {
  /** A batch closes at this many records. */
  readonly maxBatchRecords: number;
  /** Back-off after a failed write: the batch is retried, never dropped and never released. */
  readonly retryDelayMs: number;
  readonly onWriteError?: (e: unknown, attempt: number) => void;
}

export const DEFAULT_JOURNAL_OPTIONS: JournalWriterOptions = { maxBatchRecords: 500, retryDelayMs: 100 };

interface Pending {
  readonly count: number;
  readonly release: () => void;
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
  private scheduled = false;
  private committedSeq = 0n;
  private drainWaiters: (() => void)[] = [];

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
    this.releases.push({ count: records.length, release });
    this.schedule();
  }

  /** Resolves when everything appended so far is committed. */
  drained(): Promise<void> {
    if (this.queue.length === 0 && !this.writing) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    // The rest of the current burst of commands joins this batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    let attempt = 0;
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.options.maxBatchRecords);
      try {
        await this.store.append(batch);
      } catch (e: unknown) {
        attempt += 1;
        this.options.onWriteError?.(e, attempt);
        await new Promise((r) => setTimeout(r, Math.min(this.options.retryDelayMs * attempt, 5_000)));
        continue;
      }
      attempt = 0;
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

  /** Releases, in order, every caller whose records are all among the `count` just committed. */
  private releaseCommitted(count: number): void {
    let left = count;
    while (this.releases.length > 0) {
      const head = this.releases[0];
      if (head === undefined) break;
      if (head.count > left) {
        // Part of this caller's records is committed: what remains is waiting in the queue.
        this.releases[0] = { count: head.count - left, release: head.release };
        return;
      }
      left -= head.count;
      this.releases.shift();
      head.release();
    }
  }
}
