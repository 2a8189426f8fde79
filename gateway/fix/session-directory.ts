import type { SessionStore } from '../../db';
import type { FixSession } from './session/fix-session';
import { isLoggedOn } from './session/session-state';

export interface SessionView {
  readonly sessionId: string;
  readonly role: string;
  readonly state: string;
  readonly nextSenderSeq: number;
  readonly nextTargetSeq: number;
}

export type DirectoryResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: 'unknown-session' | 'logged-on' | 'not-logged-on' };

/** What operators may see and do with the FIX sessions (REST admin routes, CLI). */
export class FixSessionDirectory {
  private readonly byId: ReadonlyMap<string, { readonly session: FixSession; readonly store: SessionStore }>;

  constructor(entries: readonly { readonly session: FixSession; readonly store: SessionStore }[]) {
    this.byId = new Map(entries.map((e) => [e.session.sessionId, e]));
  }

  async list(): Promise<readonly SessionView[]> {
    return Promise.all([...this.byId.values()].map((e) => this.view(e.session, e.store)));
  }

  async get(sessionId: string): Promise<DirectoryResult<SessionView>> {
    const entry = this.byId.get(sessionId);
    if (entry === undefined) return { ok: false, reason: 'unknown-session' };
    return { ok: true, value: await this.view(entry.session, entry.store) };
  }

  /** Sets the sequence numbers of a session that is not logged on (a new epoch when both go back to 1). */
  async reset(sessionId: string, next: { readonly nextSenderSeq: number; readonly nextTargetSeq: number }): Promise<DirectoryResult<SessionView>> {
    const entry = this.byId.get(sessionId);
    if (entry === undefined) return { ok: false, reason: 'unknown-session' };
    if (isLoggedOn(entry.session.currentState)) return { ok: false, reason: 'logged-on' };
    if (next.nextSenderSeq === 1 && next.nextTargetSeq === 1) await entry.store.reset(sessionId);
    else await entry.store.setSequences(sessionId, next);
    entry.session.forgetSequences();
    return { ok: true, value: await this.view(entry.session, entry.store) };
  }

  /** Starts the Logout handshake of a logged-on session. */
  async logout(sessionId: string, text: string): Promise<DirectoryResult<SessionView>> {
    const entry = this.byId.get(sessionId);
    if (entry === undefined) return { ok: false, reason: 'unknown-session' };
    if (!isLoggedOn(entry.session.currentState)) return { ok: false, reason: 'not-logged-on' };
    entry.session.logout(text, 'operator');
    return { ok: true, value: await this.view(entry.session, entry.store) };
  }

  private async view(session: FixSession, store: SessionStore): Promise<SessionView> {
    const live = session.sequences();
    const stored = live.nextSenderSeq === null ? await store.load(session.sessionId) : null;
    return {
      sessionId: session.sessionId,
      role: session.config.role,
      state: session.currentState,
      nextSenderSeq: live.nextSenderSeq ?? stored?.nextSenderSeq ?? 1,
      nextTargetSeq: stored?.nextTargetSeq ?? live.nextTargetSeq,
    };
  }
}
