import type { SessionStore } from '../../../db';
import { AdminMsgType as M, gapFillBody, SessionTag as T } from './admin-messages';
import type { OutboundSequencer } from './outbound-sequencer';
import type { FixSessionDeps } from './session-deps';
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

/**
 * Replays stored application messages in [begin, end] with PossDupFlag=Y and fills the rest with merged gap fills,
 * in order with whatever else the sequencer sends.
 */
export function serveResend(deps: Pick<FixSessionDeps, 'store' | 'codec' | 'nowUs' | 'metrics' | 'logger'>, sessionId: string, sequencer: OutboundSequencer, begin: number, end: number): void {
  if (begin > end) return;
  sequencer.replay(async () => {
    const out = await buildResend(deps.store, deps.codec, sessionId, begin, end, deps.nowUs());
    deps.metrics.resendServed(sessionId, out.messages.length);
    deps.logger.info('resend served', { sessionId, begin, end, replayed: out.replayed, messages: out.messages.length });
    return out.messages;
  });
}

export function textOf(message: InboundMessage): string {
  const text = message.getString(T.Text);
  return text === undefined ? '' : `: ${text}`;
}

/** DefaultApplVerID(1137) values: FIX.5.0SP2 is 9. */
export function applVerIdOf(version: string | undefined): string {
  return version === 'FIX.5.0SP2' || version === undefined ? '9' : version;
}
