import type { SessionSequences } from '../../../db';
import { AdminMsgType as M, textBody } from './admin-messages';
import type { FixSessionDeps } from './session-deps';
import type { SessionTransport } from './session-ports';

/** Refuses a Logon: a Logout with the reason (it takes the next sequence number, as any message), then close. */
export async function refuseLogon(deps: FixSessionDeps, sessionId: string, transport: SessionTransport, sequences: SessionSequences, text: string): Promise<void> {
  deps.logger.warn('logon refused', { sessionId, remote: transport.remoteAddress, text });
  const now = deps.nowUs();
  const bytes = deps.codec.encode(M.Logout, sequences.nextSenderSeq, now, textBody(text));
  await deps.store.recordOutbound(sessionId, [{ seq: sequences.nextSenderSeq, msgType: M.Logout, sendingTimeUs: now, body: null }]);
  transport.write(bytes);
  transport.close(text);
}
