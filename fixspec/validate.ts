import { type FieldSet, FieldKind, type FixDictionary } from './dictionary';
import { Tag } from './generated/constants';
import type { FixMessageView } from './message-view';
import { isFloat, readDate, readInt, readTimeOfDayUs, readUtcTimestampUs } from './values';

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

const USER_DEFINED_FROM = 5000;
const R = SessionRejectReason;

class Failure {
  constructor(readonly reason: number, readonly tag: number | undefined, readonly text: string) {}
}

/**
 * Checks a parsed message against a dictionary: field order (8, 9, 35 first, header before body, 10 last),
 * message type, defined tags, tags allowed in the message type, values present and well-formed and in range,
 * no tag twice, repeating groups with the right count and their delimiter first, required fields present.
 * Returns the first problem as the SessionRejectReason(373) and RefTagID(371) of a Reject, or null.
 */
export function validateMessage(view: FixMessageView, dictionary: FixDictionary, options: ValidationOptions = STRICT_VALIDATION): ValidationFailure | null {
  const n = view.fieldCount;
  const msgType = n > 2 && view.tagAt(2) === Tag.MsgType ? view.stringAt(2) : '';
  const fail = (f: Failure): ValidationFailure => ({ sessionRejectReason: f.reason, refTagId: f.tag, refMsgType: msgType, text: f.text });
  if (n < 4 || view.tagAt(0) !== Tag.BeginString || view.tagAt(1) !== Tag.BodyLength || view.tagAt(2) !== Tag.MsgType) {
    const tag = view.tagAt(view.tagAt(0) !== Tag.BeginString ? 0 : view.tagAt(1) !== Tag.BodyLength ? 1 : 2);
    return fail(new Failure(R.TagSpecifiedOutOfRequiredOrder, tag, 'BeginString(8), BodyLength(9) and MsgType(35) must be the first three fields'));
  }
  if (view.tagAt(n - 1) !== Tag.CheckSum) return fail(new Failure(R.TagSpecifiedOutOfRequiredOrder, Tag.CheckSum, 'CheckSum(10) must be the last field'));
  const def = dictionary.message(msgType);
  if (def === undefined) return fail(new Failure(R.InvalidMsgType, Tag.MsgType, `invalid MsgType ${msgType}`));
  const walker = new Walker(view, dictionary, options);
  const result = walker.run(def, n - 1);
  return result === null ? null : fail(result);
}

/** Walks the fields once, level by level. */
class Walker {
  private i = 3;

  constructor(private readonly view: FixMessageView, private readonly dictionary: FixDictionary, private readonly options: ValidationOptions) {}

  run(body: FieldSet, end: number): Failure | null {
    const header = this.dictionary.header;
    const trailer = this.dictionary.trailer;
    const seenHeader = new Set<number>([Tag.BeginString, Tag.BodyLength, Tag.MsgType]);
    const seenBody = new Set<number>();
    let phase: 0 | 1 | 2 = 0; // header, body, trailer
    while (this.i < end) {
      const tag = this.view.tagAt(this.i);
      if (header.fields.has(tag) && !body.fields.has(tag)) {
        if (phase !== 0 && this.options.checkFieldOrder) return new Failure(R.TagSpecifiedOutOfRequiredOrder, tag, `header field ${tag} after the body`);
        const failure = this.field(tag, header, seenHeader);
        if (failure !== null) return failure;
        continue;
      }
      if (trailer.fields.has(tag) && !body.fields.has(tag)) {
        phase = 2;
        const failure = this.field(tag, trailer, seenBody);
        if (failure !== null) return failure;
        continue;
      }
      if (phase === 2 && this.options.checkFieldOrder) return new Failure(R.TagSpecifiedOutOfRequiredOrder, tag, `body field ${tag} after the trailer`);
      phase = 1;
      const failure = this.field(tag, body, seenBody);
      if (failure !== null) return failure;
    }
    if (this.options.checkRequiredFields) {
      for (const tag of header.required) if (!seenHeader.has(tag)) return new Failure(R.RequiredTagMissing, tag, `required tag ${tag} missing`);
      for (const tag of body.required) if (!seenBody.has(tag)) return new Failure(R.RequiredTagMissing, tag, `required tag ${tag} missing`);
    }
    return null;
  }

  /** Checks the field at the cursor as a member of `level` and moves past it (and past its group, if it has one). */
  private field(tag: number, level: FieldSet, seen: Set<number>): Failure | null {
    const view = this.view;
    const index = this.i;
    if (tag <= 0) return new Failure(R.InvalidTagNumber, tag, `invalid tag number ${tag}`);
    if (!this.dictionary.isDefined(tag)) {
      const tolerated = this.options.allowUnknownFields || (this.options.allowUserDefinedFields && tag >= USER_DEFINED_FROM);
      if (!tolerated) return new Failure(R.UndefinedTag, tag, `undefined tag ${tag}`);
      this.i += 1;
      return null;
    }
    if (!level.fields.has(tag) && !this.options.allowFieldsNotInMessage) {
      return new Failure(R.TagNotDefinedForThisMessageType, tag, `tag ${tag} is not defined for this message type`);
    }
    if (seen.has(tag)) return new Failure(R.TagAppearsMoreThanOnce, tag, `tag ${tag} appears more than once`);
    seen.add(tag);
    const start = view.valueStartAt(index);
    const end = view.valueEndAt(index);
    if (start === end) return new Failure(R.TagSpecifiedWithoutAValue, tag, `tag ${tag} has no value`);
    if (this.options.checkFieldValues) {
      const problem = this.value(tag, start, end);
      if (problem !== null) return problem;
    }
    this.i += 1;
    const group = level.groups.get(tag);
    return group === undefined ? null : this.group(tag, group, readInt(view.rawBytes(), start, end) ?? -1);
  }

  private group(countTag: number, group: FieldSet & { readonly delimiter: number }, count: number): Failure | null {
    if (count < 0) return new Failure(R.IncorrectDataFormatForValue, countTag, `NumInGroup ${countTag} is not a count`);
    let entries = 0;
    while (this.view.tagAt(this.i) === group.delimiter && this.i < this.view.fieldCount - 1) {
      entries += 1;
      const seen = new Set<number>();
      // The delimiter, then any member of the group until the next delimiter or a non-member.
      do {
        const failure = this.field(this.view.tagAt(this.i), group, seen);
        if (failure !== null) return failure;
      } while (this.i < this.view.fieldCount - 1 && this.view.tagAt(this.i) !== group.delimiter && group.fields.has(this.view.tagAt(this.i)));
      if (this.options.checkRequiredFields) {
        for (const tag of group.required) if (!seen.has(tag)) return new Failure(R.RequiredTagMissing, tag, `required tag ${tag} missing in group ${countTag}`);
      }
    }
    if (entries !== count) {
      const next = this.view.tagAt(this.i);
      if (entries < count && group.fields.has(next)) return new Failure(R.RepeatingGroupFieldsOutOfOrder, next, `group ${countTag}: entry does not start with its delimiter ${group.delimiter}`);
      return new Failure(R.IncorrectNumInGroupCountForRepeatingGroup, countTag, `NumInGroup ${countTag} says ${count}, ${entries} found`);
    }
    return null;
  }

  private value(tag: number, start: number, end: number): Failure | null {
    const bytes = this.view.rawBytes();
    const kind = this.dictionary.kindOf(tag);
    let wellFormed = true;
    switch (kind) {
      case FieldKind.Int:
        wellFormed = readInt(bytes, start, end) !== undefined;
        break;
      case FieldKind.Float:
        wellFormed = isFloat(bytes, start, end);
        break;
      case FieldKind.Char:
        wellFormed = end - start === 1;
        break;
      case FieldKind.Boolean:
        wellFormed = end - start === 1 && (bytes[start] === 89 || bytes[start] === 78);
        break;
      case FieldKind.UtcTimestamp:
        wellFormed = readUtcTimestampUs(bytes, start, end) !== undefined;
        break;
      case FieldKind.Date:
        wellFormed = readDate(bytes, start, end) !== undefined;
        break;
      case FieldKind.Time:
        wellFormed = readTimeOfDayUs(bytes, start, end) !== undefined;
        break;
      case FieldKind.MonthYear:
        wellFormed = isMonthYear(bytes, start, end);
        break;
      default:
        break;
    }
    if (!wellFormed) return new Failure(R.IncorrectDataFormatForValue, tag, `incorrect data format for tag ${tag}`);
    const allowed = this.dictionary.valuesOf(tag);
    if (allowed === undefined) return null;
    const text = this.view.stringAt(this.i);
    if (kind === FieldKind.MultipleValues) {
      for (const part of text.split(' ')) if (!allowed.has(part)) return new Failure(R.ValueIsIncorrect, tag, `value ${part} is incorrect (out of range) for tag ${tag}`);
      return null;
    }
    return allowed.has(text) ? null : new Failure(R.ValueIsIncorrect, tag, `value ${text} is incorrect (out of range) for tag ${tag}`);
  }
}

/** MonthYear: YYYYMM, YYYYMMDD or YYYYMMwN. */
function isMonthYear(bytes: Uint8Array, start: number, end: number): boolean {
  const month = readInt(bytes, start + 4, start + 6);
  if (end - start < 6 || readInt(bytes, start, start + 4) === undefined || month === undefined || month < 1 || month > 12) return false;
  if (end - start === 6) return true;
  if (end - start === 8 && bytes[start + 6] === 119) return readInt(bytes, start + 7, end) !== undefined;
  return end - start === 8 && readDate(bytes, start, end) !== undefined;
}
