import type { SessionStore } from '../../../db';
import { AdminMsgType as M, gapFillBody, SessionTag as T } from './admin-messages';
import type { InboundMessage, SessionCodec } from './session-ports';

/**
 * The answer to a ResendRequest for [begin, end]: every stored application message re-encoded with PossDupFlag=Y
 * and OrigSendingTime, and each run of sequence numbers without one (admin messages) as one SequenceReset-GapFill
 * with the run's first MsgSeqNum.
 */
export async function buildResend(
  store: SessionStore,
  codec: SessionCodec,
  sessionId: string,
  begin: number,
  end: number,
  nowUs: bigint,
): Promise<{ readonly messages: readonly Uint8Array[]; readonly replayed: number }> {
  const stored = await store.outboundRange(sessionId, begin, end);
  const messages: Uint8Array[] = [];
  const gap = (from: number, to: number): void => {
    messages.push(codec.encode(M.SequenceReset, from, nowUs, gapFillBody(to), { possDup: true, origSendingTimeUs: nowUs }));
  };
  let cursor = begin;
  for (const m of stored) {
    if (m.seq > cursor) gap(cursor, m.seq);
    messages.push(codec.reencodeForResend(m.body, nowUs));
    cursor = m.seq + 1;
  }
  if (cursor <= end) gap(cursor, end + 1);
  return { messages, replayed: stored.length };
}

export function textOf(message: InboundMessage): string {
  const text = message.getString(T.Text);
  return text === undefined ? '' : `: ${text}`;
}

/** DefaultApplVerID(1137) values: FIX.5.0SP2 is 9. */
export function applVerIdOf(version: string | undefined): string {
  return version === 'FIX.5.0SP2' || version === undefined ? '9' : version;
}
