import { expect } from 'chai';
import { type AuditRecord, JournalWriter } from '../../../db';
import { UnreachableStore } from '../../support/unreachable-journal-store';

const record = (i: number): AuditRecord => ({ eventTsUs: 1_767_225_600_000_000n + BigInt(i), eventType: 'NEWO', source: 'test', body: Buffer.from(`{"i":${i}}`) });

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).to.equal(true);
}

describe('journal admission: new orders are refused while the journal does not commit', () => {
  it('refuses once the oldest uncommitted record has waited refuseAfterMs, and takes orders again after the commit', async () => {
    const store = new UnreachableStore();
    let now = 1_000;
    const journal = await JournalWriter.open(store, 1, { maxBatchRecords: 500, retryDelayMs: 5, refuseAfterMs: 2_000, nowMs: () => now });
    store.down = true;
    let released = 0;
    journal.append([record(1), record(2)], () => (released += 1));
    expect(journal.admission()).to.equal(null);
    now += 1_999;
    expect(journal.admission()).to.equal(null);
    now += 1;
    expect(journal.admission()).to.match(/has not committed for 2000 ms \(limit 2000 ms; the database is unreachable or slow\)/);
    expect(released).to.equal(0);
    store.down = false;
    await journal.drained();
    expect(released).to.equal(1);
    expect(store.rows.map((r) => r.seq)).to.deep.equal([1n, 2n]);
    expect(journal.admission()).to.equal(null);
  });

  it('refuses once maxBacklogRecords records wait, whatever their age', async () => {
    const store = new UnreachableStore();
    const journal = await JournalWriter.open(store, 1, { maxBatchRecords: 500, retryDelayMs: 5, maxBacklogRecords: 3, nowMs: () => 0 });
    store.down = true;
    journal.append([record(1), record(2)], () => undefined);
    expect(journal.admission()).to.equal(null);
    journal.append([record(3)], () => undefined);
    expect(journal.admission()).to.match(/holds 3 records not yet committed \(limit 3\)/);
    store.down = false;
    await until(() => journal.backlog === 0);
    expect(journal.admission()).to.equal(null);
  });
});
