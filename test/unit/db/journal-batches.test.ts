import { expect } from 'chai';
import { type AuditRecord, JournalWriter, MemoryJournalStore } from '../../../db';
import { GatedStore } from '../../support/gated-journal-store';

const record = (i: number): AuditRecord => ({ eventTsUs: 1_767_225_600_000_000n + BigInt(i), eventType: 'NEWO', source: 'test', body: Buffer.from(`{"i":${i}}`) });

describe('journal batches: what the metrics are told of each commit and each release', () => {
  it('reports each committed batch with its records and the time its write took, group commit shaping the batches', async () => {
    const store = new GatedStore(new MemoryJournalStore());
    const journal = await JournalWriter.open(store, 1, { maxBatchRecords: 3, retryDelayMs: 5 });
    const seen: { records: number; commitMs: number }[] = [];
    journal.observeBatches((records, commitMs) => seen.push({ records, commitMs }));
    const waits: number[] = [];
    journal.observeReleases((waitedMs) => waits.push(waitedMs));
    store.hold();
    journal.append([record(1)], () => undefined);
    await new Promise((r) => setImmediate(r)); // the writer's turn: the first batch goes alone and waits at the gate
    journal.append([record(2), record(3)], () => undefined);
    journal.append([record(4), record(5)], () => undefined); // these four wait: batches of at most 3
    await new Promise((r) => setTimeout(r, 30));
    expect(seen).to.deep.equal([]); // nothing is committed while the gate holds
    store.release();
    await journal.drained();
    expect(seen.map((s) => s.records)).to.deep.equal([1, 3, 1]);
    expect(store.batches).to.deep.equal([1, 3, 1]);
    // The first batch waited at the gate for the 30 ms above; the others went through at once.
    expect(seen[0]?.commitMs).to.be.at.least(25);
    for (const s of seen) expect(s.commitMs).to.be.a('number').and.at.least(0);
    // Three callers, each released once (the last one's records spanned the last two batches), after the gate's
    // 30 ms: each waited at least that long from its append.
    expect(waits).to.have.length(3);
    for (const w of waits) expect(w).to.be.at.least(25);
  });

  it('does not count a failed attempt as a batch, and an observer that throws holds nothing back', async () => {
    const store = new GatedStore(new MemoryJournalStore());
    const journal = await JournalWriter.open(store, 1, { maxBatchRecords: 500, retryDelayMs: 5 });
    const sizes: number[] = [];
    journal.observeBatches(() => {
      throw new Error('a broken metric');
    });
    journal.observeBatches((records) => sizes.push(records));
    journal.observeReleases(() => {
      throw new Error('another broken metric');
    });
    store.failures = 2;
    let released = 0;
    journal.append([record(1), record(2)], () => (released += 1));
    await journal.drained();
    expect(released).to.equal(1);
    expect(sizes).to.deep.equal([2]);
    journal.append([record(3)], () => (released += 1));
    await journal.drained();
    expect(released).to.equal(2);
    expect(sizes).to.deep.equal([2, 1]);
    expect(journal.committed).to.equal(3n);
  });
});
