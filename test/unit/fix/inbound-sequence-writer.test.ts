import { expect } from 'chai';
import { MemorySessionStore } from '../../../db';
import { InboundSequenceWriter } from '../../../gateway/fix/session/inbound-sequence-writer';

const SID = 'FIX.4.4:GW->CLIENT';
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A memory store that counts its inbound writes. */
function countingStore(): MemorySessionStore & { writes: number[] } {
  const store = Object.assign(new MemorySessionStore(), { writes: [] as number[] });
  const recordInbound = store.recordInbound.bind(store);
  store.recordInbound = async (sessionId: string, next: number) => {
    store.writes.push(next);
    await recordInbound(sessionId, next);
  };
  return store;
}

describe('InboundSequenceWriter: the inbound sequence number written behind the traffic', () => {
  it('coalesces what arrives within its delay into one write of the latest number', async () => {
    const store = countingStore();
    const writer = new InboundSequenceWriter(store, SID, logger, 20);
    for (let n = 2; n <= 6; n += 1) writer.record(n);
    expect(store.writes).to.deep.equal([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(store.writes).to.deep.equal([6]);
    expect((await store.load(SID)).nextTargetSeq).to.equal(6);
    writer.record(7);
    await new Promise((r) => setTimeout(r, 60));
    expect(store.writes).to.deep.equal([6, 7]);
  });

  it('writes what waits at once when asked to drain (a disconnect, a stop)', async () => {
    const store = countingStore();
    const writer = new InboundSequenceWriter(store, SID, logger, 60_000);
    writer.record(9);
    await writer.drained();
    expect(store.writes).to.deep.equal([9]);
    expect((await store.load(SID)).nextTargetSeq).to.equal(9);
    await writer.drained();
    expect(store.writes).to.deep.equal([9]);
  });
});
