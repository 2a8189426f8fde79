import { AdminMsgType as M, RejectReason, SessionTag as T } from './admin-messages';
import { sendingTimeAccurate } from './logon-check';
import type { InboundMessage, SessionCodec } from './session-ports';

/** Why an in-sequence message is rejected (session-level Reject) before it is acted on. */
export interface InboundProblem {
  readonly reason: number;
  readonly refTagId: number | undefined;
  readonly text: string;
  /** The session ends with it (a SendingTime out of bounds). */
  readonly fatal: boolean;
  /** Its MsgSeqNum is recorded as processed at once (a codec validation failure). */
  readonly recorded: boolean;
}

/** The checks of an in-sequence message, in FIX's order: PossDup without OrigSendingTime, SendingTime, the dictionary. */
export function inboundProblem(message: InboundMessage, nowUs: bigint, maxLatencySec: number, codec: SessionCodec): InboundProblem | null {
  if (message.possDup && message.origSendingTimeUs === undefined && message.msgType !== M.SequenceReset) {
    return { reason: RejectReason.RequiredTagMissing, refTagId: T.OrigSendingTime, text: 'OrigSendingTime(122) required with PossDupFlag=Y', fatal: false, recorded: false };
  }
  if (!sendingTimeAccurate(message.sendingTimeUs, nowUs, maxLatencySec)) {
    return { reason: RejectReason.SendingTimeAccuracyProblem, refTagId: T.SendingTime, text: 'SendingTime accuracy problem', fatal: true, recorded: false };
  }
  const invalid = codec.validate(message);
  return invalid === null ? null : { reason: invalid.sessionRejectReason, refTagId: invalid.refTagId, text: invalid.text, fatal: false, recorded: true };
}
