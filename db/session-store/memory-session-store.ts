import type { OutboundMessage, SessionSequences, SessionStore, StoredMessage } from './session-store';

interface MemoryMessage extends StoredMessage {
  readonly eventSeq: number | undefined;
}

interface MemorySession {
  epoch: number;
  epochStartedAtMs: number;
  nextSenderSeq: number;
  nextTargetSeq: number;
  messages: Map<number, MemoryMessage>;
  lastEventSeq: number;
}

/** `store: memory`: the same contract as the Postgres store, lost when the process ends. */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, MemorySession>();

  async load(sessionId: string): Promise<SessionSequences> {
    return snapshot(this.session(sessionId));
  }

  async recordOutbound(sessionId: string, messages: readonly OutboundMessage[], nextTargetSeq?: number): Promise<void> {
    const session = this.session(sessionId);
    assertContiguous(session.nextSenderSeq, messages);
    for (const m of messages) {
      if (m.body !== null) session.messages.set(m.seq, { seq: m.seq, msgType: m.msgType, sendingTimeUs: m.sendingTimeUs, body: m.body, eventSeq: m.eventSeq });
      if (m.eventSeq !== undefined && m.eventSeq > session.lastEventSeq) session.lastEventSeq = m.eventSeq;
    }
    const last = messages[messages.length - 1];
    if (last !== undefined) session.nextSenderSeq = last.seq + 1;
    if (nextTargetSeq !== undefined) session.nextTargetSeq = Math.max(session.nextTargetSeq, nextTargetSeq);
  }

  async lastEventSeq(sessionId: string): Promise<number> {
    return this.sessions.get(sessionId)?.lastEventSeq ?? 0;
  }

  async enrol(sessionId: string, journaledEventSeq: number): Promise<void> {
    if (!this.sessions.has(sessionId)) this.session(sessionId).lastEventSeq = journaledEventSeq;
  }

  async advanceEventSeq(sessionId: string, eventSeq: number): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session !== undefined && session.lastEventSeq < eventSeq) session.lastEventSeq = eventSeq;
  }

  async dropReportsBeyond(sessionId: string, lastJournaledEventSeq: number): Promise<number> {
    const session = this.sessions.get(sessionId);
    if (session === undefined || session.lastEventSeq <= lastJournaledEventSeq) return 0;
    let dropped = 0;
    for (const [seq, m] of session.messages) {
      if (m.eventSeq === undefined || m.eventSeq <= lastJournaledEventSeq) continue;
      session.messages.delete(seq);
      dropped += 1;
    }
    session.lastEventSeq = lastJournaledEventSeq;
    return dropped;
  }

  async recordInbound(sessionId: string, nextTargetSeq: number): Promise<void> {
    const session = this.session(sessionId);
    session.nextTargetSeq = Math.max(session.nextTargetSeq, nextTargetSeq);
  }

  async outboundRange(sessionId: string, fromSeq: number, toSeq: number): Promise<readonly StoredMessage[]> {
    const session = this.session(sessionId);
    const end = toSeq === 0 ? Number.MAX_SAFE_INTEGER : toSeq;
    return [...session.messages.values()]
      .filter((m) => m.seq >= fromSeq && m.seq <= end)
      .sort((a, b) => a.seq - b.seq)
      .map(({ seq, msgType, sendingTimeUs, body }) => ({ seq, msgType, sendingTimeUs, body }));
  }

  async reset(sessionId: string, next = { nextSenderSeq: 1, nextTargetSeq: 1 }): Promise<SessionSequences> {
    const session = this.session(sessionId);
    session.epoch += 1;
    session.epochStartedAtMs = Date.now();
    session.nextSenderSeq = next.nextSenderSeq;
    session.nextTargetSeq = next.nextTargetSeq;
    session.messages = new Map();
    return snapshot(session);
  }

  async setSequences(sessionId: string, next: Partial<Pick<SessionSequences, 'nextSenderSeq' | 'nextTargetSeq'>>): Promise<SessionSequences> {
    const session = this.session(sessionId);
    if (next.nextSenderSeq !== undefined) session.nextSenderSeq = next.nextSenderSeq;
    if (next.nextTargetSeq !== undefined) session.nextTargetSeq = next.nextTargetSeq;
    return snapshot(session);
  }

  private session(sessionId: string): MemorySession {
    let session = this.sessions.get(sessionId);
    if (session === undefined) {
      session = { epoch: 1, epochStartedAtMs: Date.now(), nextSenderSeq: 1, nextTargetSeq: 1, messages: new Map(), lastEventSeq: 0 };
      this.sessions.set(sessionId, session);
    }
    return session;
  }
}

function snapshot(session: MemorySession): SessionSequences {
  return { epoch: session.epoch, nextSenderSeq: session.nextSenderSeq, nextTargetSeq: session.nextTargetSeq, epochStartedAtMs: session.epochStartedAtMs };
}

/** Outbound messages must continue the sequence exactly: a gap or a repeat is a bug in the caller. */
export function assertContiguous(nextSenderSeq: number, messages: readonly OutboundMessage[]): void {
  let expected = nextSenderSeq;
  for (const m of messages) {
    if (m.seq !== expected) throw new RangeError(`outbound MsgSeqNum ${m.seq} where ${expected} was next`);
    expected += 1;
  }
}
