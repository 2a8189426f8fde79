import type { ChainedRecord, JournalStore } from '../../db';

/**
 * A journal store whose writes wait while the test holds them (the durability barrier made visible), and that can
 * fail its next writes on demand; it counts the records of each batch it passed on.
 */
export class GatedStore implements JournalStore {
  readonly batches: number[] = [];
  /** How many of the next writes fail (as an unavailable database would). */
  failures = 0;
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  constructor(private readonly inner: JournalStore) {}
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open();
  }
  async append(records: readonly ChainedRecord[]): Promise<void> {
    await this.gate;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('database unavailable');
    }
    this.batches.push(records.length);
    await this.inner.append(records);
  }
  head(chainId: number) {
    return this.inner.head(chainId);
  }
}
