/**
 * Bodies of the session-level messages, as field lists for the codec. Tags and MsgTypes are named here once; when
 * the generated fixspec constants land they replace these names one for one.
 */
import { valueWithin } from './fix-version';
import type { FieldValue } from './session-ports';

export const AdminMsgType = {
  Heartbeat: '0',
  TestRequest: '1',
  ResendRequest: '2',
  Reject: '3',
  SequenceReset: '4',
  Logout: '5',
  Logon: 'A',
  BusinessMessageReject: 'j',
} as const;

export const SessionTag = {
  BeginSeqNo: 7,
  EndSeqNo: 16,
  NewSeqNo: 36,
  RefSeqNum: 45,
  SenderCompID: 49,
  SendingTime: 52,
  TargetCompID: 56,
  Text: 58,
  EncryptMethod: 98,
  HeartBtInt: 108,
  TestReqID: 112,
  OrigSendingTime: 122,
  GapFillFlag: 123,
  ResetSeqNumFlag: 141,
  RefTagID: 371,
  RefMsgType: 372,
  SessionRejectReason: 373,
  BusinessRejectRefID: 379,
  BusinessRejectReason: 380,
  Username: 553,
  Password: 554,
  NextExpectedMsgSeqNum: 789,
  DefaultApplVerID: 1137,
  MsgSeqNum: 34,
  MsgType: 35,
  PossDupFlag: 43,
} as const;

/** SessionRejectReason(373) values the session layer itself sends. */
export const RejectReason = {
  RequiredTagMissing: 1,
  ValueIncorrect: 5,
  CompIdProblem: 9,
  SendingTimeAccuracyProblem: 10,
  InvalidMsgType: 11,
} as const;

/** BusinessRejectReason(380). */
export const BusinessRejectReason = {
  Other: 0,
  UnknownId: 1,
  UnsupportedMessageType: 3,
  ApplicationNotAvailable: 4,
  ConditionallyRequiredFieldMissing: 5,
} as const;

const T = SessionTag;

export function logonBody(heartBtIntSec: number, options: { resetSeqNum: boolean; nextExpectedMsgSeqNum?: number | undefined; defaultApplVerId?: string | undefined }): FieldValue[] {
  const body: FieldValue[] = [
    [T.EncryptMethod, 0],
    [T.HeartBtInt, heartBtIntSec],
  ];
  if (options.resetSeqNum) body.push([T.ResetSeqNumFlag, 'Y']);
  if (options.nextExpectedMsgSeqNum !== undefined) body.push([T.NextExpectedMsgSeqNum, options.nextExpectedMsgSeqNum]);
  if (options.defaultApplVerId !== undefined) body.push([T.DefaultApplVerID, options.defaultApplVerId]);
  return body;
}

export function textBody(text: string | undefined): FieldValue[] {
  return text === undefined || text === '' ? [] : [[T.Text, text]];
}

export function heartbeatBody(testReqId: string | undefined): FieldValue[] {
  return testReqId === undefined ? [] : [[T.TestReqID, testReqId]];
}

export function resendRequestBody(beginSeqNo: number, endSeqNo: number): FieldValue[] {
  return [
    [T.BeginSeqNo, beginSeqNo],
    [T.EndSeqNo, endSeqNo],
  ];
}

export function gapFillBody(newSeqNo: number): FieldValue[] {
  return [
    [T.GapFillFlag, 'Y'],
    [T.NewSeqNo, newSeqNo],
  ];
}

/**
 * The nearest SessionRejectReason(373) a FIX 4.2 session has for the later ones (4.2 defines 0-11): the Text beside it
 * says exactly what was wrong. A counterparty that checks values would otherwise reject the Reject itself.
 */
const FIX42_REJECT_REASON: Readonly<Record<number, number>> = { 12: 6, 13: 2, 14: 2, 15: 2, 16: 5, 17: 6, 18: 5, 99: 5 };

/** `reason` if the session's FIX version defines it, else the nearest one it does. */
export function sessionRejectReasonFor(reason: number, beginString: string): number {
  return valueWithin(beginString, T.SessionRejectReason, reason, [FIX42_REJECT_REASON[reason] ?? RejectReason.ValueIncorrect]);
}

export function rejectBody(refSeqNum: number, refMsgType: string | undefined, reason: number, refTagId: number | undefined, text: string): FieldValue[] {
  const body: FieldValue[] = [[T.RefSeqNum, refSeqNum]];
  if (refTagId !== undefined) body.push([T.RefTagID, refTagId]);
  if (refMsgType !== undefined && refMsgType !== '') body.push([T.RefMsgType, refMsgType]);
  body.push([T.SessionRejectReason, reason], [T.Text, text]);
  return body;
}

export function businessRejectBody(refSeqNum: number, refMsgType: string, reason: number, text: string, refId?: string): FieldValue[] {
  const body: FieldValue[] = [
    [T.RefSeqNum, refSeqNum],
    [T.RefMsgType, refMsgType],
  ];
  if (refId !== undefined) body.push([T.BusinessRejectRefID, refId]);
  body.push([T.BusinessRejectReason, reason], [T.Text, text]);
  return body;
}

/** Application MsgTypes each role takes; everything else gets a BusinessMessageReject. */
export const ROLE_MSG_TYPES: Readonly<Record<'order-entry' | 'drop-copy' | 'market-data', ReadonlySet<string>>> = {
  // NewOrderSingle, OrderCancelRequest, OrderCancelReplaceRequest, OrderStatusRequest, OrderMassCancelRequest
  'order-entry': new Set(['D', 'F', 'G', 'H', 'q']),
  'drop-copy': new Set(),
  // MarketDataRequest
  'market-data': new Set(['V']),
};
