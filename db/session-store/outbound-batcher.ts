import type { Database } from '../database';
import { arrayLiteral } from '../array-literal';
import { NextTurn } from '../next-turn';
import { tellAll } from '../observers';
import { packBytes, unpackedSql } from '../packed-bytes';
import type { OutboundMessage } from './session-store';

/**
 * The outbound writes of every session in one statement: $1..$5 one row per session (its id, the batch's first
 * MsgSeqNum, which must be the stored next, the next after the batch, the inbound next, never lowered, and the last
 * gateway event reported), $6..$13 the messages kept for a resend, each with its session and the event it reports
 * (the bodies packed: each one's start and length in the blob $12, see packed-bytes). Only the sessions whose row was at the batch's first
 * MsgSeqNum are updated and get their messages; the statement returns them. The arrays are unnested in select lists
 * (row by row), not in FROM (which copies every row into a tuplestore first; see the journal's unnestInsert).
 */
const RECORD_OUTBOUND_ALL = `WITH input AS (
    SELECT unnest($1::text[]) AS session_id, unnest($2::bigint[]) AS first_seq, unnest($3::bigint[]) AS next_seq, unnest($4::bigint[]) AS next_target, unnest($5::bigint[]) AS last_event
  ), session AS (
    UPDATE fix_session s SET next_sender_seq = i.next_seq, next_target_seq = GREATEST(s.next_target_seq, i.next_target),
      last_event_seq = GREATEST(s.last_event_seq, i.last_event), updated_at = now()
    FROM input i WHERE s.session_id = i.session_id AND s.next_sender_seq = i.first_seq
    RETURNING s.session_id, s.epoch
  ), stored AS (
    INSERT INTO fix_message_out (session_id, epoch, seq, msg_type, sending_time_us, body, event_seq)
    SELECT m.session_id, session.epoch, m.seq, m.msg_type, m.sending_time_us, ${unpackedSql('$12::bytea', 'm.body_start', 'm.body_length')}, m.event_seq
    FROM session JOIN (
      SELECT unnest($6::text[]) AS session_id, unnest($7::bigint[]) AS seq, unnest($8::text[]) AS msg_type, unnest($9::bigint[]) AS sending_time_us,
        unnest($10::int[]) AS body_start, unnest($11::int[]) AS body_length, unnest($13::bigint[]) AS event_seq
    ) AS m USING (session_id)
  )
  SELECT session_id FROM session`;

/** Told of each statement that stored outbound messages: the sessions it wrote and how long it took to commit (ms). */
export type StoreWriteObserver = (sessions: number, commitMs: number) => void;

interface Pending {
  readonly sessionId: string;
  /** Contiguous, at least one (the store checked). */
  readonly messages: readonly OutboundMessage[];
  readonly nextTargetSeq: number;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Group commit for the session store: the outbound writes that arrive in one turn of the event loop (a journal
 * commit releases the reports of many sessions at once) go to the database in one statement, and while it runs
 * the next ones gather for the following statement. A write whose session row was not where it expected (a gap, a
 * repeat, no row yet) is handed to `fallback`, which locks the row and finds out which. One statement runs at a
 * time, so two never wait on each other's session rows.
 */
export class OutboundBatcher {
  private pending: Pending[] = [];
  private writing = false;
  private readonly observers: StoreWriteObserver[] = [];
  private readonly nextTurn = new NextTurn(() => this.writing, () => this.flush());

  constructor(
    private readonly db: Database,
    private readonly fallback: (sessionId: string, messages: readonly OutboundMessage[], nextTargetSeq: number) => Promise<void>,
  ) {}

  /** Tells `observer` of every statement that succeeds from now on (the fallback's transactions are not counted). */
  observe(observer: StoreWriteObserver): void {
    this.observers.push(observer);
  }

  record(sessionId: string, messages: readonly OutboundMessage[], nextTargetSeq: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ sessionId, messages, nextTargetSeq, resolve, reject });
      this.nextTurn.request();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.takeOnePerSession();
        let updated: ReadonlySet<string>;
        const startedMs = performance.now();
        try {
          updated = await this.write(batch);
        } catch (e: unknown) {
          for (const p of batch) p.reject(e);
          continue;
        }
        tellAll(this.observers, batch.length, performance.now() - startedMs);
        for (const p of batch) {
          if (updated.has(p.sessionId)) p.resolve();
          else this.fallback(p.sessionId, p.messages, p.nextTargetSeq).then(p.resolve, p.reject);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** The first waiting write of each session (a later one of the same session waits for the next statement). */
  private takeOnePerSession(): Pending[] {
    const seen = new Set<string>();
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of this.pending) {
      if (seen.has(p.sessionId)) rest.push(p);
      else {
        seen.add(p.sessionId);
        batch.push(p);
      }
    }
    this.pending = rest;
    return batch;
  }

  private async write(batch: readonly Pending[]): Promise<ReadonlySet<string>> {
    const sessions: string[] = [];
    const firsts: number[] = [];
    const nexts: number[] = [];
    const targets: number[] = [];
    const lastEvents: number[] = [];
    const stored: OutboundMessage[] = [];
    const storedSessions: string[] = [];
    for (const p of batch) {
      const first = p.messages[0];
      const last = p.messages[p.messages.length - 1];
      if (first === undefined || last === undefined) continue;
      sessions.push(p.sessionId);
      firsts.push(first.seq);
      nexts.push(last.seq + 1);
      targets.push(p.nextTargetSeq);
      lastEvents.push(maxEventSeq(p.messages));
      for (const m of p.messages) {
        if (m.body === null) continue;
        stored.push(m);
        storedSessions.push(p.sessionId);
      }
    }
    const bodies = packBytes(stored.map((m) => m.body));
    const result = await this.db.query<{ session_id: string }>(
      RECORD_OUTBOUND_ALL,
      [
        ...[sessions, firsts, nexts, targets, lastEvents, storedSessions, stored.map((m) => m.seq), stored.map((m) => m.msgType), stored.map((m) => m.sendingTimeUs)].map(arrayLiteral),
        arrayLiteral(bodies.starts),
        arrayLiteral(bodies.lengths),
        bodies.blob,
        arrayLiteral(stored.map((m) => m.eventSeq ?? null)),
      ],
      'gw_session_record_outbound_all',
    );
    return new Set(result.rows.map((r) => r.session_id));
  }
}

export function maxEventSeq(messages: readonly OutboundMessage[]): number {
  let max = 0;
  for (const m of messages) if (m.eventSeq !== undefined && m.eventSeq > max) max = m.eventSeq;
  return max;
}
