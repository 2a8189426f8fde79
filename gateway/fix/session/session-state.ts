/**
 * The session's state: one enum and the table of moves it may make (style.md: never a set of booleans).
 *
 *   Disconnected --valid Logon--> Active <--gap found / gap filled--> Recovering
 *   Active | Recovering --we send Logout--> LogoutSent --Logout reply or timeout--> Disconnected
 *   any --connection closed, Logout received, fatal error--> Disconnected
 */
export enum SessionState {
  /** No connection is attached. */
  Disconnected = 'disconnected',
  /** Logged on, sequence numbers in step. */
  Active = 'active',
  /** Logged on; we sent a ResendRequest and queue messages that came early until the gap is filled. */
  Recovering = 'recovering',
  /** We sent Logout and wait for the counterparty's Logout (or the logout timeout). */
  LogoutSent = 'logout-sent',
}

const TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = {
  [SessionState.Disconnected]: [SessionState.Active, SessionState.Recovering],
  [SessionState.Active]: [SessionState.Recovering, SessionState.LogoutSent, SessionState.Disconnected],
  [SessionState.Recovering]: [SessionState.Active, SessionState.LogoutSent, SessionState.Disconnected],
  [SessionState.LogoutSent]: [SessionState.Disconnected],
};

export function canMove(from: SessionState, to: SessionState): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** True when application messages may flow. */
export function isLoggedOn(state: SessionState): boolean {
  return state === SessionState.Active || state === SessionState.Recovering;
}
