import type { Database, Queryable } from '../database';
import { assertContiguous } from './memory-session-store';
import { maxEventSeq, OutboundBatcher, type StoreWriteObserver } from './outbound-batcher';
import type { OutboundMessage, SessionSequences, SessionStore, StoredMessage } from './session-store';

interface SequenceRow {
  epoch: number;
  next_sender_seq: string;
  next_target_seq: string;
  epoch_started_ms: string;
}

interface MessageRow {
  seq: string;
  msg_type: string;
  sending_time_us: string;
  body: Buffer;
}

function toSequences(row: SequenceRow): SessionSequences {
  return { epoch: row.epoch, nextSenderSeq: Number(row.next_sender_seq), nextTargetSeq: Number(row.next_target_seq), epochStartedAtMs: Number(row.epoch_started_ms) };
}

const SEQUENCE_COLUMNS = 'epoch, next_sender_seq, next_target_seq, (extract(epoch from epoch_started_at) * 1000)::bigint AS epoch_started_ms';
const RETURNING = `RETURNING ${SEQUENCE_COLUMNS}`;

/** `store: database`: the session store in Postgres (server or PGlite). Each call is one transaction (one statement where it can). */
export class PostgresSessionStore implements SessionStore {
  private readonly batcher: OutboundBatcher;

  constructor(private readonly db: Database) {
    this.batcher = new OutboundBatcher(db, (sessionId, messages, nextTargetSeq) => this.recordOutboundLocked(sessionId, messages, nextTargetSeq));
  }

  /** Tells `observer` of each statement that stores the outbound messages of the sessions writing at one moment. */
  observeWrites(observer: StoreWriteObserver): void {
    this.batcher.observe(observer);
  }

  async load(sessionId: string): Promise<SessionSequences> {
    const result = await this.db.query<SequenceRow>(
      `INSERT INTO fix_session (session_id, epoch, next_sender_seq, next_target_seq) VALUES ($1, 1, 1, 1)
       ON CONFLICT (session_id) DO UPDATE SET session_id = EXCLUDED.session_id ${RETURNING}`,
      [sessionId],
    );
    return toSequences(single(result.rows));
  }

  /**
   * Written with the other sessions' writes of the same moment, in one statement (OutboundBatcher): the UPDATE of
   * the session's row takes its lock and checks that the batch starts at the stored next MsgSeqNum, and the
   * messages to keep for a resend are inserted from column arrays. When it updates nothing (a gap, a repeat, or no
   * row yet), the transaction below finds out which and refuses the batch or creates the row.
   */
  async recordOutbound(sessionId: string, messages: readonly OutboundMessage[], nextTargetSeq?: number): Promise<void> {
    const first = messages[0];
    if (first === undefined) return;
    assertContiguous(first.seq, messages);
    await this.batcher.record(sessionId, messages, nextTargetSeq ?? 0);
  }

  /** recordOutbound in a transaction that locks the session's row first (creating it when missing). */
  private async recordOutboundLocked(sessionId: string, messages: readonly OutboundMessage[], nextTargetSeq: number): Promise<void> {
    const last = messages[messages.length - 1];
    if (last === undefined) return;
    await this.db.transaction(async (client) => {
      const current = await this.lockSession(client, sessionId);
      assertContiguous(current.nextSenderSeq, messages);
      const stored = messages.filter((m) => m.body !== null);
      if (stored.length > 0) {
        const params: unknown[] = [sessionId, current.epoch];
        const rows = stored.map((m) => {
          params.push(m.seq, m.msgType, m.sendingTimeUs.toString(), m.body, m.eventSeq ?? null);
          const base = params.length - 5;
          return `($1, $2, $${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5})`;
        });
        await client.query(`INSERT INTO fix_message_out (session_id, epoch, seq, msg_type, sending_time_us, body, event_seq) VALUES ${rows.join(', ')}`, params);
      }
      await client.query('UPDATE fix_session SET next_sender_seq = $2, next_target_seq = GREATEST(next_target_seq, $3), last_event_seq = GREATEST(last_event_seq, $4), updated_at = now() WHERE session_id = $1', [
        sessionId,
        last.seq + 1,
        nextTargetSeq,
        maxEventSeq(messages),
      ]);
    });
  }

  async lastEventSeq(sessionId: string): Promise<number> {
    const result = await this.db.query<{ last_event_seq: string }>('SELECT last_event_seq FROM fix_session WHERE session_id = $1', [sessionId]);
    return Number(result.rows[0]?.last_event_seq ?? 0);
  }

  async enrol(sessionId: string, journaledEventSeq: number): Promise<void> {
    await this.db.query(
      'INSERT INTO fix_session (session_id, epoch, next_sender_seq, next_target_seq, last_event_seq) VALUES ($1, 1, 1, 1, $2) ON CONFLICT (session_id) DO NOTHING',
      [sessionId, journaledEventSeq],
    );
  }

  async advanceEventSeq(sessionId: string, eventSeq: number): Promise<void> {
    await this.db.query('UPDATE fix_session SET last_event_seq = $2, updated_at = now() WHERE session_id = $1 AND last_event_seq < $2', [sessionId, eventSeq]);
  }

  async dropReportsBeyond(sessionId: string, lastJournaledEventSeq: number): Promise<number> {
    return this.db.transaction(async (client) => {
      const row = await client.query<{ last_event_seq: string }>('SELECT last_event_seq FROM fix_session WHERE session_id = $1 FOR UPDATE', [sessionId]);
      if (Number(row.rows[0]?.last_event_seq ?? 0) <= lastJournaledEventSeq) return 0;
      const dropped = await client.query('DELETE FROM fix_message_out WHERE session_id = $1 AND event_seq > $2', [sessionId, lastJournaledEventSeq]);
      await client.query('UPDATE fix_session SET last_event_seq = $2, updated_at = now() WHERE session_id = $1', [sessionId, lastJournaledEventSeq]);
      return dropped.rowCount ?? 0;
    });
  }

  async recordInbound(sessionId: string, nextTargetSeq: number): Promise<void> {
    // Never backwards: a write queued earlier must not undo one that recordOutbound made meanwhile.
    await this.db.query(
      `INSERT INTO fix_session (session_id, epoch, next_sender_seq, next_target_seq) VALUES ($1, 1, 1, $2)
       ON CONFLICT (session_id) DO UPDATE SET next_target_seq = GREATEST(fix_session.next_target_seq, EXCLUDED.next_target_seq), updated_at = now()`,
      [sessionId, nextTargetSeq],
    );
  }

  async outboundRange(sessionId: string, fromSeq: number, toSeq: number): Promise<readonly StoredMessage[]> {
    const result = await this.db.query<MessageRow>(
      `SELECT m.seq, m.msg_type, m.sending_time_us, m.body FROM fix_message_out m
       JOIN fix_session s ON s.session_id = m.session_id AND s.epoch = m.epoch
       WHERE m.session_id = $1 AND m.seq >= $2 AND ($3 = 0 OR m.seq <= $3) ORDER BY m.seq`,
      [sessionId, fromSeq, toSeq],
    );
    return result.rows.map((r) => ({ seq: Number(r.seq), msgType: r.msg_type, sendingTimeUs: BigInt(r.sending_time_us), body: new Uint8Array(r.body) }));
  }

  async reset(sessionId: string, next = { nextSenderSeq: 1, nextTargetSeq: 1 }): Promise<SessionSequences> {
    await this.load(sessionId);
    const result = await this.db.query<SequenceRow>(
      `UPDATE fix_session SET epoch = epoch + 1, next_sender_seq = $2, next_target_seq = $3, epoch_started_at = now(), updated_at = now()
       WHERE session_id = $1 ${RETURNING}`,
      [sessionId, next.nextSenderSeq, next.nextTargetSeq],
    );
    return toSequences(single(result.rows));
  }

  async setSequences(sessionId: string, next: Partial<Pick<SessionSequences, 'nextSenderSeq' | 'nextTargetSeq'>>): Promise<SessionSequences> {
    await this.load(sessionId);
    const result = await this.db.query<SequenceRow>(
      `UPDATE fix_session SET next_sender_seq = COALESCE($2, next_sender_seq), next_target_seq = COALESCE($3, next_target_seq), updated_at = now()
       WHERE session_id = $1 ${RETURNING}`,
      [sessionId, next.nextSenderSeq ?? null, next.nextTargetSeq ?? null],
    );
    return toSequences(single(result.rows));
  }

  private async lockSession(client: Queryable, sessionId: string): Promise<SessionSequences> {
    await client.query(
      `INSERT INTO fix_session (session_id, epoch, next_sender_seq, next_target_seq) VALUES ($1, 1, 1, 1) ON CONFLICT (session_id) DO NOTHING`,
      [sessionId],
    );
    const result = await client.query<SequenceRow>(`SELECT ${SEQUENCE_COLUMNS} FROM fix_session WHERE session_id = $1 FOR UPDATE`, [sessionId]);
    return toSequences(single(result.rows));
  }
}

function single<T>(rows: readonly T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error('expected one row');
  return row;
}
