import { expect } from 'chai';
import {
  type Database,
  HashChain,
  GENESIS_HASH,
  migrate,
  OutboxRelay,
  PostgresJournalStore,
  PostgresOutboxPositionStore,
  type OutboxMessage,
  type OutboxPositionStore,
  type OutboxRelayOptions,
  type OutboxSink,
} from '../../../db';
import { databaseBackends, openIsolated } from '../../support/databases';
import { JournalFeeder } from './outbox-feeder';

/** Remembers every batch it took; fails the next `failures` calls without taking anything. */
class RecordingSink implements OutboxSink {
  readonly batches: OutboxMessage[][] = [];
  failures = 0;
  calls = 0;
  onCall: () => void = () => undefined;

  async publish(messages: readonly OutboxMessage[]): Promise<void> {
    this.calls += 1;
    this.onCall();
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('broker unavailable');
    }
    this.batches.push([...messages]);
  }

  get messages(): OutboxMessage[] {
    return this.batches.flat();
  }
}

/** A position store whose saves fail from the `saveLimit`-th on: the process dies after the sink took a batch. */
class CrashingPositionStore implements OutboxPositionStore {
  private saves = 0;
  constructor(private readonly inner: OutboxPositionStore, private readonly saveLimit: number) {}
  load(relayName: string, chainId: number): Promise<bigint> {
    return this.inner.load(relayName, chainId);
  }
  async save(relayName: string, chainId: number, lastSeq: bigint): Promise<void> {
    this.saves += 1;
    if (this.saves >= this.saveLimit) throw new Error('connection lost');
    await this.inner.save(relayName, chainId, lastSeq);
  }
}

const OPTIONS: OutboxRelayOptions = { name: 'test', chainId: 1, batchSize: 10, pollIntervalMs: 10, retryDelayMs: 5, maxRetryDelayMs: 20 };

interface ExpectedEvent {
  readonly seq: bigint;
  readonly eventType: string;
  readonly key: string;
}

/** What the relay should publish, read independently of it: every non-CMD row; the feeder's sessions are `S-<account>`. */
async function expectedEvents(db: Database): Promise<ExpectedEvent[]> {
  const rows = await db.query<{ seq: string; event_type: string; session_id: string | null }>("SELECT seq, event_type, session_id FROM audit_event WHERE chain_id = 1 AND event_type <> 'CMD' ORDER BY seq");
  return rows.rows.map((r) => ({ seq: BigInt(r.seq), eventType: r.event_type, key: r.session_id?.replace(/^S-/, '') ?? '' }));
}

function summary(messages: readonly OutboxMessage[]): ExpectedEvent[] {
  return messages.map((m) => ({ seq: m.seq, eventType: m.headers['event-type'] ?? '', key: m.key }));
}

async function storedPosition(db: Database): Promise<bigint> {
  return new PostgresOutboxPositionStore(db).load(OPTIONS.name, 1);
}

async function journalHead(db: Database): Promise<bigint> {
  return (await new PostgresJournalStore(db).head(1)).nextSeq - 1n;
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

for (const backend of databaseBackends()) {
  describe(`outbox relay on ${backend.name}`, function () {
    this.timeout(60_000);
    let db: Database;
    let drop: () => Promise<void>;
    const relays: OutboxRelay[] = [];

    beforeEach(async () => {
      ({ db, drop } = await openIsolated(backend));
      await migrate(db);
    });

    afterEach(async () => {
      for (const relay of relays.splice(0)) await relay.stop();
      await drop();
    });

    function relayOf(sink: OutboxSink, options: Partial<OutboxRelayOptions> = {}, positions?: OutboxPositionStore): OutboxRelay {
      const relay = new OutboxRelay(db, sink, { ...OPTIONS, ...options }, positions);
      relays.push(relay);
      return relay;
    }

    it('publishes every committed event in seq order, keyed by account, without the CMD records, and stores the head as its position', async () => {
      const feeder = await JournalFeeder.open(db);
      await feeder.run(40);
      const expected = await expectedEvents(db);
      const head = await journalHead(db);
      expect(expected.map((e) => e.eventType)).to.include.members(['NEWO', 'PARF', 'FILL', 'TRADING_STATUS', 'REJECT']);
      expect(new Set(expected.map((e) => e.key))).to.deep.equal(new Set(['A1', 'A2', 'A3', '']));

      const sink = new RecordingSink();
      const relay = relayOf(sink);
      relay.start();
      await waitFor('the head', () => relay.position === head);
      expect(summary(sink.messages)).to.deep.equal(expected);
      expect(sink.batches.every((b) => b.length <= OPTIONS.batchSize)).to.equal(true);
      expect(await storedPosition(db)).to.equal(head);
      const first = JSON.parse(sink.messages[0]?.value ?? '{}') as Record<string, unknown>;
      expect(first).to.include({ schema: 'gateway.journal-event.v1', chainId: 1, seq: expected[0]?.seq.toString(), eventType: 'NEWO', account: 'A1', sessionId: 'S-A1' });
      expect(sink.messages[0]?.headers).to.include({ 'event-type': 'NEWO', 'chain-seq': `1:${expected[0]?.seq}` });
    });

    it('continues after its stored position when a new relay starts over the same database, skipping and repeating nothing', async () => {
      const feeder = await JournalFeeder.open(db);
      await feeder.run(20);
      const firstSink = new RecordingSink();
      const first = relayOf(firstSink);
      first.start();
      const headBefore = await journalHead(db);
      await waitFor('the first head', () => first.position === headBefore);
      await first.stop();

      await feeder.run(25);
      const secondSink = new RecordingSink();
      const second = relayOf(secondSink);
      second.start();
      const head = await journalHead(db);
      await waitFor('the second head', () => second.position === head);

      expect((secondSink.messages[0]?.seq ?? 0n) > headBefore, "the second relay starts after the first one's position").to.equal(true);
      expect(summary([...firstSink.messages, ...secondSink.messages])).to.deep.equal(await expectedEvents(db));
    });

    it('retries a failing sink with back-off and does not move its position until the sink takes the batch', async () => {
      const feeder = await JournalFeeder.open(db);
      await feeder.run(30);
      const sink = new RecordingSink();
      sink.failures = 4;
      const errors: number[] = [];
      const positionsAtCall: bigint[] = [];
      const relay = relayOf(sink, { onError: (_e, attempt) => errors.push(attempt) });
      sink.onCall = () => positionsAtCall.push(relay.position);
      relay.start();
      const head = await journalHead(db);
      await waitFor('the head', () => relay.position === head);

      expect(errors.slice(0, 4)).to.deep.equal([1, 2, 3, 4]);
      // Five calls for the first batch (four failed), each at position 0; nothing taken by the failed calls.
      expect(positionsAtCall.slice(0, 5)).to.deep.equal([0n, 0n, 0n, 0n, 0n]);
      expect(summary(sink.messages)).to.deep.equal(await expectedEvents(db));
    });

    it('after a crash between the publish and the position store, publishes that batch again and nothing else twice', async () => {
      const feeder = await JournalFeeder.open(db);
      await feeder.run(35);
      const crashingSink = new RecordingSink();
      let saveFailures = 0;
      // The third save fails for good: batches 1 and 2 are stored, batch 3 is published but its position is not.
      const crashing = relayOf(crashingSink, { onError: () => (saveFailures += 1) }, new CrashingPositionStore(new PostgresOutboxPositionStore(db), 3));
      crashing.start();
      await waitFor('the failing save', () => saveFailures >= 2);
      await crashing.stop();
      expect(crashingSink.batches).to.have.length(3);
      const lastBatch = crashingSink.batches[2] ?? [];
      expect(await storedPosition(db)).to.equal((crashingSink.batches[1] ?? []).at(-1)?.seq ?? -1n);

      const sink = new RecordingSink();
      const relay = relayOf(sink);
      relay.start();
      const head = await journalHead(db);
      await waitFor('the head', () => relay.position === head);

      const all = [...crashingSink.messages, ...sink.messages];
      const seen = new Map<bigint, number>();
      for (const m of all) seen.set(m.seq, (seen.get(m.seq) ?? 0) + 1);
      const repeated = [...seen].filter(([, n]) => n > 1).map(([seq]) => seq);
      expect(repeated).to.deep.equal(lastBatch.map((m) => m.seq));
      expect(summary(sink.batches[0] ?? [])).to.deep.equal(summary(lastBatch).slice(0, sink.batches[0]?.length));
      const unique = [...new Map(all.map((m) => [m.seq, m])).values()].sort((a, b) => (a.seq < b.seq ? -1 : 1));
      expect(summary(unique)).to.deep.equal(await expectedEvents(db));
    });

    it('picks up events committed while it runs, by poll and by nudge', async () => {
      const sink = new RecordingSink();
      const relay = relayOf(sink, { pollIntervalMs: 60_000 });
      relay.start();
      const feeder = await JournalFeeder.open(db);
      for (let round = 0; round < 5; round += 1) {
        await feeder.run(7);
        relay.nudge();
        const head = await journalHead(db);
        await waitFor(`round ${round}`, () => relay.position === head, 5_000);
      }
      expect(summary(sink.messages)).to.deep.equal(await expectedEvents(db));

      const polling = relayOf(new RecordingSink(), { name: 'polling' });
      polling.start();
      await feeder.run(5);
      const head = await journalHead(db);
      await waitFor('the polled head', () => polling.position === head);
    });

    it('waits at a hole in the chain rather than skip it, and goes on once the missing row commits', async () => {
      const chain = new HashChain(1, 1n, GENESIS_HASH);
      const records = [1, 2, 3, 4].map((i) =>
        chain.link({ eventTsUs: 1_000n * BigInt(i), eventType: 'NEWO', source: 'test', body: Buffer.from(JSON.stringify({ gatewaySeq: i, event: { kind: 'OrderAccepted', order: { account: `A${i}` } } })) }),
      );
      const store = new PostgresJournalStore(db);
      await store.append([records[0], records[1], records[3]].flatMap((r) => (r === undefined ? [] : [r])));
      const sink = new RecordingSink();
      const codes: string[] = [];
      const relay = relayOf(sink, { onError: (e) => codes.push(e instanceof Error && 'code' in e ? String(e.code) : String(e)) });
      relay.start();
      await waitFor('the hole to be seen', () => codes.length >= 2);
      expect(relay.position).to.equal(2n);
      expect(codes[0]).to.equal('GW_ERR_OUTBOX_CHAIN_GAP');

      await store.append(records.slice(2, 3));
      await waitFor('the end of the chain', () => relay.position === 4n);
      expect(sink.messages.map((m) => [m.seq, m.key])).to.deep.equal([
        [1n, 'A1'],
        [2n, 'A2'],
        [3n, 'A3'],
        [4n, 'A4'],
      ]);
    });
  });
}
