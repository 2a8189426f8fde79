import { SessionTag as T } from './admin-messages';
import { verifyPassword } from './password';
import { isInSchedule } from './schedule';
import type { FixSessionConfig } from './session-config';
import type { InboundMessage } from './session-ports';
import type { SessionSequences } from '../../../db';

export type LogonVerdict =
  | { readonly ok: true; readonly heartBtIntSec: number; readonly resetRequested: boolean; readonly nextExpectedMsgSeqNum: number | undefined }
  | { readonly ok: false; readonly text: string };

/**
 * The checks of a Logon that do not depend on sequence numbers: schedule, credentials, HeartBtInt, the FIXT
 * application version, SendingTime. Each failure carries the Text(58) of the Logout that refuses it.
 */
export async function checkLogon(config: FixSessionConfig, logon: InboundMessage, nowUs: bigint): Promise<LogonVerdict> {
  if (config.schedule !== undefined && !isInSchedule(config.schedule, Number(nowUs / 1000n))) {
    return { ok: false, text: `session ${config.targetCompId} is outside its schedule (${config.schedule.start}-${config.schedule.end} ${config.schedule.timeZone})` };
  }
  if (config.credentials !== undefined) {
    const username = logon.getString(T.Username);
    const password = logon.getString(T.Password) ?? '';
    const valid = username === config.credentials.username && (await verifyPassword(password, config.credentials.passwordHash));
    if (!valid) return { ok: false, text: 'invalid Username(553) or Password(554)' };
  }
  const heartBtInt = logon.getInt(T.HeartBtInt);
  if (heartBtInt === undefined || heartBtInt < 0) return { ok: false, text: 'HeartBtInt(108) missing or not a whole number of seconds' };
  const range = config.heartbeatSec;
  if (range !== undefined && (heartBtInt < range.min || heartBtInt > range.max)) {
    return { ok: false, text: `HeartBtInt(108) ${heartBtInt} outside the accepted range ${range.min}-${range.max}` };
  }
  if (config.beginString === 'FIXT.1.1' && logon.getString(T.DefaultApplVerID) === undefined) {
    return { ok: false, text: 'DefaultApplVerID(1137) missing on a FIXT.1.1 Logon' };
  }
  if (!sendingTimeAccurate(logon.sendingTimeUs, nowUs, config.maxLatencySec)) {
    return { ok: false, text: `SendingTime(52) accuracy problem: more than ${config.maxLatencySec} s from our clock` };
  }
  const reset = logon.getString(T.ResetSeqNumFlag) === 'Y';
  const nextExpected = config.beginString === 'FIX.4.2' ? undefined : logon.getInt(T.NextExpectedMsgSeqNum);
  return { ok: true, heartBtIntSec: heartBtInt, resetRequested: reset, nextExpectedMsgSeqNum: nextExpected };
}

export function sendingTimeAccurate(sendingTimeUs: bigint | undefined, nowUs: bigint, maxLatencySec: number): boolean {
  if (sendingTimeUs === undefined) return false;
  const diff = sendingTimeUs > nowUs ? sendingTimeUs - nowUs : nowUs - sendingTimeUs;
  return diff <= BigInt(maxLatencySec) * 1_000_000n;
}

/** The sequence-number checks of a Logon against the stored sequences; the Logout text when it is refused. */
export function checkLogonSequences(
  seq: number | undefined,
  verdict: { readonly resetRequested: boolean; readonly nextExpectedMsgSeqNum: number | undefined },
  sequences: SessionSequences,
): string | null {
  if (seq === undefined) return 'MsgSeqNum(34) missing';
  if (verdict.resetRequested && seq !== 1) return `ResetSeqNumFlag=Y needs MsgSeqNum 1, received ${seq}`;
  if (seq < sequences.nextTargetSeq) return `MsgSeqNum too low, expecting ${sequences.nextTargetSeq} but received ${seq}`;
  const nextExpected = verdict.nextExpectedMsgSeqNum;
  if (nextExpected !== undefined && nextExpected > sequences.nextSenderSeq) {
    return `NextExpectedMsgSeqNum(789) ${nextExpected} is beyond the last message sent (${sequences.nextSenderSeq - 1})`;
  }
  return null;
}
