import type { Database } from '../database';
import { OutboxError } from './errors';
import { isPublished, type JournalRow, outboxMessageOf } from './outbox-message';
import { type OutboxPositionStore, PostgresOutboxPositionStore } from './outbox-position-store';
import type { OutboxSink } from './outbox-sink';

export interface OutboxRelayOptions {
  /** The relay's row in outbox_position: two relays of one journal (two topics) need two names. */
  readonly name: string;
  readonly chainId: number;
  /** Journal rows read, and messages handed to the sink, per batch at most. */
  readonly batchSize: number;
  /** How often the journal is looked at when nothing nudges the relay. */
  readonly pollIntervalMs: number;
  /** Back-off after a failure (sink, read or position store): it doubles each time, up to maxRetryDelayMs. */
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  /** Told of each failure; the relay retries the same step until it succeeds or is stopped. */
  readonly onError?: (e: unknown, attempt: number) => void;
  /** Told after each batch the sink took and whose position is stored. */
  readonly onPublished?: (messages: number, lastSeq: bigint) => void;
}

export const DEFAULT_OUTBOX_RELAY_OPTIONS = { name: 'kafka', batchSize: 500, pollIntervalMs: 50, retryDelayMs: 100, maxRetryDelayMs: 5_000 } as const;

const STOPPED = Symbol('stopped');
type Outcome = 'more' | 'idle' | typeof STOPPED;

interface RowOfTable {
  seq: string;
  event_type: string;
  event_ts_us: string;
  recorded_at: Date;
  source: string;
  session_id: string | null;
  order_id: string | null;
  cl_ord_id: string | null;
  exec_id: string | null;
  actor_id: string | null;
  body: Buffer;
}

const READ_AFTER = `SELECT seq, event_type, event_ts_us, recorded_at, source, session_id, order_id, cl_ord_id, exec_id, actor_id, body
  FROM audit_event WHERE chain_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`;

function checkOptions(options: OutboxRelayOptions): void {
  const problems: string[] = [];
  if (options.name === '') problems.push('name must not be empty');
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) problems.push(`batchSize must be a positive integer, got ${options.batchSize}`);
  for (const key of ['pollIntervalMs', 'retryDelayMs', 'maxRetryDelayMs'] as const) {
    if (!Number.isFinite(options[key]) || options[key] < 1) problems.push(`${key} must be at least 1, got ${options[key]}`);
  }
  if (problems.length > 0) throw new OutboxError('GW_ERR_OUTBOX_INVALID_OPTION', `outbox relay options: ${problems.join('; ')}`);
}

/**
 * Publishes the journal's committed events of one chain, in seq order, to a sink, and stores how far it got.
 *
 * Each batch: read the rows after the stored position (committed rows only: it reads the table), hand their
 * messages to the sink, and only once the sink has resolved store the batch's last seq. A failure of any step is
 * retried with back-off, never skipped, so nothing is lost; a stop or crash after the sink took a batch but before
 * its position was stored publishes that batch again at the next start, and nothing more (at-least-once, with the
 * `chain-seq` header to de-duplicate on). The chain has one writer whose batches commit in seq order, so a row
 * past the position never commits after one before it; a hole after the position is waited on, never passed.
 */
export class OutboxRelay {
  private lastSeq = 0n;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private nudged = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly db: Database,
    private readonly sink: OutboxSink,
    private readonly options: OutboxRelayOptions,
    private readonly positions: OutboxPositionStore = new PostgresOutboxPositionStore(db),
  ) {
    checkOptions(options);
  }

  /** The last seq the sink has taken and whose position is stored (0 before the first). */
  get position(): bigint {
    return this.lastSeq;
  }

  get running(): boolean {
    return this.loop !== null;
  }

  /** Loads the stored position and relays from there until stopped. */
  start(): void {
    if (this.loop !== null) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Ends the loop: the batch in flight is finished (its sink call and, if that succeeded, its position). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp();
    await this.loop;
    this.loop = null;
  }

  /** Looks at the journal now rather than at the next poll (called after a journal commit). */
  nudge(): void {
    this.nudged = true;
    this.wakeUp();
  }

  private async run(): Promise<void> {
    const loaded = await this.retrying(() => this.positions.load(this.options.name, this.options.chainId));
    if (loaded === STOPPED) return;
    this.lastSeq = loaded;
    while (!this.stopping) {
      const outcome = await this.relayBatch();
      if (outcome === STOPPED) return;
      if (outcome === 'idle') await this.pause(this.options.pollIntervalMs, true);
    }
  }

  /** One batch: read, publish, store the position. 'more' when the batch was full (more rows may be waiting). */
  private async relayBatch(): Promise<Outcome> {
    this.nudged = false;
    const rows = await this.retrying(() => this.readAfter(this.lastSeq));
    if (rows === STOPPED) return STOPPED;
    const last = rows[rows.length - 1];
    if (last === undefined) return 'idle';
    const messages = rows.filter((row) => isPublished(row.eventType)).map(outboxMessageOf);
    if (messages.length > 0 && (await this.retrying(() => this.sink.publish(messages))) === STOPPED) return STOPPED;
    if ((await this.retrying(() => this.positions.save(this.options.name, this.options.chainId, last.seq))) === STOPPED) return STOPPED;
    this.lastSeq = last.seq;
    this.options.onPublished?.(messages.length, last.seq);
    return rows.length === this.options.batchSize ? 'more' : 'idle';
  }

  /** The committed rows after `afterSeq`, up to the first hole (a hole right after it is an error, retried). */
  private async readAfter(afterSeq: bigint): Promise<JournalRow[]> {
    const result = await this.db.query<RowOfTable>(READ_AFTER, [this.options.chainId, afterSeq.toString(), this.options.batchSize]);
    const rows: JournalRow[] = [];
    let expected = afterSeq + 1n;
    for (const row of result.rows) {
      const seq = BigInt(row.seq);
      if (seq !== expected) break;
      rows.push({
        chainId: this.options.chainId,
        seq,
        eventType: row.event_type,
        eventTsUs: BigInt(row.event_ts_us),
        recordedAt: row.recorded_at,
        source: row.source,
        sessionId: row.session_id,
        orderId: row.order_id === null ? null : Number(row.order_id),
        clOrdId: row.cl_ord_id,
        execId: row.exec_id,
        actorId: row.actor_id,
        body: new Uint8Array(row.body),
      });
      expected = seq + 1n;
    }
    const first = result.rows[0];
    if (rows.length === 0 && first !== undefined) {
      throw new OutboxError('GW_ERR_OUTBOX_CHAIN_GAP', `journal chain ${this.options.chainId} has no seq ${afterSeq + 1n} (next is ${first.seq}); the relay waits rather than skip it`);
    }
    return rows;
  }

  /** Runs `work` until it succeeds, backing off after each failure; STOPPED when stopped after a failure. */
  private async retrying<T>(work: () => Promise<T>): Promise<T | typeof STOPPED> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (e: unknown) {
        this.options.onError?.(e, attempt);
        if (this.stopping) return STOPPED;
        await this.pause(Math.min(this.options.retryDelayMs * 2 ** (attempt - 1), this.options.maxRetryDelayMs), false);
        if (this.stopping) return STOPPED;
      }
    }
  }

  /** Waits `ms`, or less when stopped (or, when `wakeOnNudge`, when nudged). */
  private pause(ms: number, wakeOnNudge: boolean): Promise<void> {
    if (this.stopping || (wakeOnNudge && this.nudged)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = () => {
        if (this.stopping || wakeOnNudge) done();
      };
    });
  }

  private wakeUp(): void {
    this.wake?.();
  }
}
