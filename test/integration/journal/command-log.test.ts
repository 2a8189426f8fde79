import { expect } from 'chai';
import { auditRecordsOf, commandRecordOf, commandRecords, JournalWriter, migrate, PostgresJournalStore } from '../../../db';
import { MatchingEngine } from '../../../engine';
import { databaseBackends, openIsolated } from '../../support/databases';
import { CommandGenerator, TEST_INSTRUMENTS } from '../../unit/engine/command-generator';

for (const backend of databaseBackends()) {
  describe(`command records read back for a replay on ${backend.name}`, function () {
    this.timeout(60_000);

    it('every command record comes back once, in journal order, as it was written, whatever the page size', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        const writer = await JournalWriter.open(new PostgresJournalStore(db), 1);
        const engine = new MatchingEngine(TEST_INSTRUMENTS);
        const generator = new CommandGenerator(5);
        const written: { command: unknown; nowUs: bigint }[] = [];
        let seq = 0;
        for (let i = 0; i < 400; i += 1) {
          const { command, nowUs } = generator.next();
          const events = engine.execute(command, nowUs).map((event) => ({ seq: (seq += 1), event }));
          if (events.length === 0) continue;
          writer.append([commandRecordOf(command, nowUs, events, 'fix:S1'), ...auditRecordsOf(command, events, 'fix:S1')], () => undefined);
          written.push({ command: JSON.parse(JSON.stringify(command, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))), nowUs });
        }
        await writer.drained();
        expect(written.length).to.be.greaterThan(300);
        const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)));
        // Pages of 1, 7 and 100,000 journal seqs: many pages (empty ones among them, where a span holds only events) and one.
        for (const pageSeqs of [1, 7, 100_000]) {
          const read: { command: unknown; nowUs: bigint }[] = [];
          let previous = 0n;
          for await (const { seq: at, record } of commandRecords(db, 1, pageSeqs)) {
            expect(at > previous, `seq ${at} after ${previous}`).to.equal(true);
            previous = at;
            read.push({ command: plain(record.command), nowUs: record.nowUs });
          }
          expect(read, `pages of ${pageSeqs} seqs`).to.deep.equal(written);
        }
      } finally {
        await drop();
      }
    });
  });
}
