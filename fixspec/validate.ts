import { type FieldSet, FieldKind, type FixDictionary, type GroupDef } from './dictionary';
import { Tag } from './generated/constants';
import type { FixMessageView } from './message-view';
import { isDate, isFloat, isTimeOfDay, isUtcTimestamp, readInt } from './values';

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
const OK = -1;

/** One walker per dictionary and options, reused: its marks are generation counters, so nothing is allocated per message. */
const walkers = new WeakMap<FixDictionary, Map<ValidationOptions, Walker>>();

function walkerFor(dictionary: FixDictionary, options: ValidationOptions): Walker {
  let byOptions = walkers.get(dictionary);
  if (byOptions === undefined) {
    byOptions = new Map();
    walkers.set(dictionary, byOptions);
  }
  let walker = byOptions.get(options);
  if (walker === undefined) {
    walker = new Walker(dictionary, options);
    byOptions.set(options, walker);
  }
  return walker;
}

/**
 * Checks a parsed message against a dictionary: field order (8, 9, 35 first, header before body, 10 last),
 * message type, defined tags, tags allowed in the message type, values present and well-formed and in range,
 * no tag twice, repeating groups with the right count and their delimiter first, required fields present.
 * Returns the first problem as the SessionRejectReason(373) and RefTagID(371) of a Reject, or null.
 */
export function validateMessage(view: FixMessageView, dictionary: FixDictionary, options: ValidationOptions = STRICT_VALIDATION): ValidationFailure | null {
  return walkerFor(dictionary, options).validate(view);
}

class Walker {
  private view: FixMessageView | null = null;
  private i = 0;
  private end = 0;
  /** seen[tag] === generation when the tag was seen at the current level. */
  private seen = new Uint32Array(1024);
  private generation = 1;
  private failTag = 0;
  private failText = '';

  constructor(private readonly dictionary: FixDictionary, private readonly options: ValidationOptions) {}

  validate(view: FixMessageView): ValidationFailure | null {
    const n = view.fieldCount;
    const msgType = n > 2 && view.tagAt(2) === Tag.MsgType ? view.stringAt(2) : '';
    if (n < 4 || view.tagAt(0) !== Tag.BeginString || view.tagAt(1) !== Tag.BodyLength || view.tagAt(2) !== Tag.MsgType) {
      const tag = view.tagAt(view.tagAt(0) !== Tag.BeginString ? 0 : view.tagAt(1) !== Tag.BodyLength ? 1 : 2);
      return failure(R.TagSpecifiedOutOfRequiredOrder, tag, msgType, 'BeginString(8), BodyLength(9) and MsgType(35) must be the first three fields');
    }
    if (view.tagAt(n - 1) !== Tag.CheckSum) return failure(R.TagSpecifiedOutOfRequiredOrder, Tag.CheckSum, msgType, 'CheckSum(10) must be the last field');
    const def = this.dictionary.message(msgType);
    if (def === undefined) return failure(R.InvalidMsgType, Tag.MsgType, msgType, `invalid MsgType ${msgType}`);
    this.view = view;
    this.i = 3;
    this.end = n - 1;
    const reason = this.body(def);
    this.view = null;
    return reason === OK ? null : failure(reason, this.failTag, msgType, this.failText);
  }

  private fail(reason: number, tag: number, text: string): number {
    this.failTag = tag;
    this.failText = text;
    return reason;
  }

  private nextGeneration(): number {
    this.generation += 1;
    if (this.generation === 0xffffffff) {
      this.seen.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }

  private body(body: FieldSet): number {
    const view = this.view;
    if (view === null) return OK;
    const header = this.dictionary.header;
    const trailer = this.dictionary.trailer;
    const headerGen = this.nextGeneration();
    const bodyGen = this.nextGeneration();
    let phase = 0; // header, body, trailer
    while (this.i < this.end) {
      const tag = view.tagAt(this.i);
      let reason: number;
      const inBody = (body.member[tag] ?? 0) !== 0;
      if (!inBody && (header.member[tag] ?? 0) !== 0) {
        if (phase !== 0 && this.options.checkFieldOrder) return this.fail(R.TagSpecifiedOutOfRequiredOrder, tag, `header field ${tag} after the body`);
        reason = this.field(tag, header, headerGen);
      } else if (!inBody && (trailer.member[tag] ?? 0) !== 0) {
        phase = 2;
        reason = this.field(tag, trailer, bodyGen);
      } else {
        if (phase === 2 && this.options.checkFieldOrder) return this.fail(R.TagSpecifiedOutOfRequiredOrder, tag, `body field ${tag} after the trailer`);
        phase = 1;
        reason = this.field(tag, body, bodyGen);
      }
      if (reason !== OK) return reason;
    }
    if (this.options.checkRequiredFields) {
      const seen = this.seen;
      for (const tag of header.required) {
        if (tag !== Tag.BeginString && tag !== Tag.BodyLength && tag !== Tag.MsgType && seen[tag] !== headerGen) return this.fail(R.RequiredTagMissing, tag, `required tag ${tag} missing`);
      }
      for (const tag of body.required) if (seen[tag] !== bodyGen) return this.fail(R.RequiredTagMissing, tag, `required tag ${tag} missing`);
    }
    return OK;
  }

  /** Checks the field at the cursor as a member of `level` and moves past it (and past its group, if it has one). */
  private field(tag: number, level: FieldSet, generation: number): number {
    const view = this.view;
    if (view === null) return OK;
    if (tag <= 0) return this.fail(R.InvalidTagNumber, tag, `invalid tag number ${tag}`);
    const kind = this.dictionary.kindOf(tag);
    if (kind === -1) {
      const tolerated = this.options.allowUnknownFields || (this.options.allowUserDefinedFields && tag >= USER_DEFINED_FROM);
      if (!tolerated) return this.fail(R.UndefinedTag, tag, `undefined tag ${tag}`);
      this.i += 1;
      return OK;
    }
    const membership = level.member[tag] ?? 0;
    if (membership === 0 && !this.options.allowFieldsNotInMessage) {
      return this.fail(R.TagNotDefinedForThisMessageType, tag, `tag ${tag} is not defined for this message type`);
    }
    if (tag >= this.seen.length) this.grow(tag);
    if (this.seen[tag] === generation) return this.fail(R.TagAppearsMoreThanOnce, tag, `tag ${tag} appears more than once`);
    this.seen[tag] = generation;
    const index = this.i;
    const start = view.valueStartAt(index);
    const end = view.valueEndAt(index);
    if (start === end) return this.fail(R.TagSpecifiedWithoutAValue, tag, `tag ${tag} has no value`);
    if (this.options.checkFieldValues) {
      const reason = this.value(tag, kind, start, end);
      if (reason !== OK) return reason;
    }
    this.i += 1;
    if (membership !== 2) return OK;
    const group = level.groups.get(tag);
    return group === undefined ? OK : this.group(tag, group, readInt(view.rawBytes(), start, end) ?? -1);
  }

  private group(countTag: number, group: GroupDef, count: number): number {
    const view = this.view;
    if (view === null) return OK;
    if (count < 0) return this.fail(R.IncorrectDataFormatForValue, countTag, `NumInGroup ${countTag} is not a count`);
    let entries = 0;
    while (this.i < this.end && view.tagAt(this.i) === group.delimiter) {
      entries += 1;
      const generation = this.nextGeneration();
      // The delimiter, then any member of the group until the next delimiter or a non-member.
      do {
        const reason = this.field(view.tagAt(this.i), group, generation);
        if (reason !== OK) return reason;
      } while (this.i < this.end && view.tagAt(this.i) !== group.delimiter && (group.member[view.tagAt(this.i)] ?? 0) !== 0);
      if (this.options.checkRequiredFields) {
        for (const tag of group.required) if (this.seen[tag] !== generation) return this.fail(R.RequiredTagMissing, tag, `required tag ${tag} missing in group ${countTag}`);
      }
    }
    if (entries !== count) {
      const next = view.tagAt(this.i);
      if (entries < count && group.fields.has(next)) return this.fail(R.RepeatingGroupFieldsOutOfOrder, next, `group ${countTag}: entry does not start with its delimiter ${group.delimiter}`);
      return this.fail(R.IncorrectNumInGroupCountForRepeatingGroup, countTag, `NumInGroup ${countTag} says ${count}, ${entries} found`);
    }
    return OK;
  }

  private value(tag: number, kind: FieldKind, start: number, end: number): number {
    const view = this.view;
    if (view === null) return OK;
    const bytes = view.rawBytes();
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
        wellFormed = isUtcTimestamp(bytes, start, end);
        break;
      case FieldKind.Date:
        wellFormed = isDate(bytes, start, end);
        break;
      case FieldKind.Time:
        wellFormed = isTimeOfDay(bytes, start, end);
        break;
      case FieldKind.MonthYear:
        wellFormed = isMonthYear(bytes, start, end);
        break;
      default:
        break;
    }
    if (!wellFormed) return this.fail(R.IncorrectDataFormatForValue, tag, `incorrect data format for tag ${tag}`);
    const chars = this.dictionary.charValuesOf(tag);
    if (chars !== undefined && end - start === 1) {
      const c = bytes[start] ?? 0;
      if (((chars[c >> 3] ?? 0) & (1 << (c & 7))) !== 0) return OK;
      return this.fail(R.ValueIsIncorrect, tag, `value ${String.fromCharCode(c)} is incorrect (out of range) for tag ${tag}`);
    }
    const allowed = this.dictionary.valuesOf(tag);
    if (allowed === undefined) return OK;
    const text = view.stringAt(this.i);
    if (kind === FieldKind.MultipleValues) {
      for (const part of text.split(' ')) if (!allowed.has(part)) return this.fail(R.ValueIsIncorrect, tag, `value ${part} is incorrect (out of range) for tag ${tag}`);
      return OK;
    }
    return allowed.has(text) ? OK : this.fail(R.ValueIsIncorrect, tag, `value ${text} is incorrect (out of range) for tag ${tag}`);
  }

  private grow(tag: number): void {
    const next = new Uint32Array(Math.max(tag + 1, this.seen.length * 2));
    next.set(this.seen);
    this.seen = next;
  }
}

function failure(reason: number, tag: number | undefined, msgType: string, text: string): ValidationFailure {
  return { sessionRejectReason: reason, refTagId: tag, refMsgType: msgType, text };
}

/** MonthYear: YYYYMM, YYYYMMDD or YYYYMMwN. */
function isMonthYear(bytes: Uint8Array, start: number, end: number): boolean {
  const month = readInt(bytes, start + 4, start + 6);
  if (end - start < 6 || readInt(bytes, start, start + 4) === undefined || month === undefined || month < 1 || month > 12) return false;
  if (end - start === 6) return true;
  if (end - start === 8 && bytes[start + 6] === 119) return readInt(bytes, start + 7, end) !== undefined;
  return end - start === 8 && isDate(bytes, start, end);
}
