import { expect } from 'chai';
import { JournalWriter } from '../../db';
import { FixTestClient, fixTime } from '../support/fix-test-client';
import { journaledOrderEntry, type Harness } from '../support/fix-harness';
import { UnreachableStore } from '../support/unreachable-journal-store';

describe('FIX: the audit database unreachable (backpressure)', function () {
  this.timeout(20_000);
  let harness: Harness;
  let client: FixTestClient;
  let store: UnreachableStore;
  let journal: JournalWriter;
  let now = 0;

  beforeEach(async () => {
    store = new UnreachableStore();
    journal = await JournalWriter.open(store, 1, { maxBatchRecords: 500, retryDelayMs: 5, refuseAfterMs: 2_000, nowMs: () => now });
    ({ harness, client } = await journaledOrderEntry(journal));
  });
  afterEach(async () => {
    client.close();
    await harness.close();
  });

  const order = (id: string, price = '5.00'): void => {
    client.send('D', [[11, id], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '10'], [40, '2'], [44, price]]);
  };

  it('holds what was executed until it commits, refuses new orders past the bound with a reason, takes cancels, and resumes', async () => {
    store.down = true;
    order('K1');
    // K1 ran in the engine; its ExecutionReport waits for the commit that cannot happen.
    await new Promise((r) => setTimeout(r, 100));
    expect(client.pending().filter((m) => m.msgType === '8')).to.deep.equal([]);

    now += 2_000;
    order('K2', '5.01');
    const refused = await client.expect('8');
    expect([refused.get(11), refused.get(150), refused.get(39), refused.get(103)]).to.deep.equal(['K2', '8', '8', '99']);
    expect(refused.get(58)).to.match(/audit journal has not committed .* new orders are refused until it catches up/);

    // A cancel is still taken (it only lowers risk); it is acknowledged with the rest once the journal commits.
    client.send('F', [[41, 'K1'], [11, 'X1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '10']]);
    await new Promise((r) => setTimeout(r, 50));
    expect(client.pending().filter((m) => m.msgType === '8')).to.deep.equal([]);

    store.down = false;
    const acked = await client.expect('8');
    const cancelled = await client.expect('8');
    expect([acked.get(11), acked.get(39)]).to.deep.equal(['K1', '0']);
    expect([cancelled.get(11), cancelled.get(41), cancelled.get(39)]).to.deep.equal(['X1', 'K1', '4']);

    // Caught up: the refused ClOrdID may be sent again and is taken.
    order('K2', '5.01');
    const again = await client.expect('8');
    expect([again.get(11), again.get(39)]).to.deep.equal(['K2', '0']);
    expect(store.rows.filter((r) => r.eventType === 'NEWO').map((r) => r.clOrdId)).to.deep.equal(['K1', 'K2']);
  });
});
