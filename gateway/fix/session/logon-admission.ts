import type { SessionSequences } from '../../../db';
import { AdminMsgType as M, textBody } from './admin-messages';
import { checkLogon, checkLogonSequences } from './logon-check';
import { sequencesAtLogon } from './schedule';
import type { FixSessionDeps } from './session-deps';
import type { InboundMessage, SessionTransport } from './session-ports';

/** A Logon admitted: what the session starts from. */
export interface AdmittedLogon {
  readonly heartBtIntSec: number;
  readonly resetRequested: boolean;
  readonly nextExpectedMsgSeqNum: number | undefined;
  /** The Logon's own MsgSeqNum. */
  readonly seq: number;
  /** The stored sequences, after a reset the Logon asked for or a new schedule period made. */
  readonly sequences: SessionSequences;
}

/**
 * Decides a Logon: its own checks (checkLogon), then its sequence numbers against the store's (after any reset).
 * Null when it is refused, the refusal already sent (refuseLogon). Throws when the store does not answer.
 */
export async function admitLogon(deps: FixSessionDeps, sessionId: string, transport: SessionTransport, logon: InboundMessage, nowUs: bigint): Promise<AdmittedLogon | null> {
  const verdict = await checkLogon(deps.config, logon, nowUs);
  const stored = await deps.store.load(sessionId);
  if (!verdict.ok) {
    await refuseLogon(deps, sessionId, transport, stored, verdict.text);
    return null;
  }
  const sequences = await sequencesAtLogon(deps, sessionId, stored, verdict.resetRequested, nowUs);
  const seq = logon.seq;
  const problem = checkLogonSequences(seq, verdict, sequences);
  if (problem !== null || seq === undefined) {
    await refuseLogon(deps, sessionId, transport, sequences, problem ?? 'MsgSeqNum(34) missing');
    return null;
  }
  return { heartBtIntSec: verdict.heartBtIntSec, resetRequested: verdict.resetRequested, nextExpectedMsgSeqNum: verdict.nextExpectedMsgSeqNum, seq, sequences };
}

/** Refuses a Logon: a Logout with the reason (it takes the next sequence number, as any message), then close. */
export async function refuseLogon(deps: FixSessionDeps, sessionId: string, transport: SessionTransport, sequences: SessionSequences, text: string): Promise<void> {
  deps.logger.warn('logon refused', { sessionId, remote: transport.remoteAddress, text });
  const now = deps.nowUs();
  const bytes = deps.codec.encode(M.Logout, sequences.nextSenderSeq, now, textBody(text));
  await deps.store.recordOutbound(sessionId, [{ seq: sequences.nextSenderSeq, msgType: M.Logout, sendingTimeUs: now, body: null }]);
  transport.write(bytes);
  transport.close(text);
}
