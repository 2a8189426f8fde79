/** What validation reports (FIX's SessionRejectReason) and the per-session switches that tune it. */

/** SessionRejectReason(373), as FIX defines it. */
export const SessionRejectReason = {
  InvalidTagNumber: 0,
  RequiredTagMissing: 1,
  TagNotDefinedForThisMessageType: 2,
  UndefinedTag: 3,
  TagSpecifiedWithoutAValue: 4,
  ValueIsIncorrect: 5,
  IncorrectDataFormatForValue: 6,
  DecryptionProblem: 7,
  SignatureProblem: 8,
  CompIdProblem: 9,
  SendingTimeAccuracyProblem: 10,
  InvalidMsgType: 11,
  XmlValidationError: 12,
  TagAppearsMoreThanOnce: 13,
  TagSpecifiedOutOfRequiredOrder: 14,
  RepeatingGroupFieldsOutOfOrder: 15,
  IncorrectNumInGroupCountForRepeatingGroup: 16,
  NonDataValueIncludesFieldDelimiter: 17,
  Other: 99,
} as const;

export interface ValidationFailure {
  readonly sessionRejectReason: number;
  readonly refTagId?: number | undefined;
  readonly refMsgType: string;
  readonly text: string;
}

/** Per-session switches, as professional engines offer them; every check is on by default. */
export interface ValidationOptions {
  /** Accept tags the dictionary does not define at all. */
  readonly allowUnknownFields: boolean;
  /** Accept undefined user-defined tags (5000 and above) only. */
  readonly allowUserDefinedFields: boolean;
  /** Accept defined tags that the message type does not list. */
  readonly allowFieldsNotInMessage: boolean;
  readonly checkFieldValues: boolean;
  readonly checkRequiredFields: boolean;
  readonly checkFieldOrder: boolean;
}

export const STRICT_VALIDATION: ValidationOptions = Object.freeze({
  allowUnknownFields: false,
  allowUserDefinedFields: false,
  allowFieldsNotInMessage: false,
  checkFieldValues: true,
  checkRequiredFields: true,
  checkFieldOrder: true,
});
