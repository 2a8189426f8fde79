import { type ChainedRecord, MemoryJournalStore } from '../../db';

/** A memory journal store that fails every write while `down`, as a journal whose database is unreachable. */
export class UnreachableStore extends MemoryJournalStore {
  down = false;
  override async append(records: readonly ChainedRecord[]): Promise<void> {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    await super.append(records);
  }
}
