import { type FieldSet, FieldKind, type FixDictionary, type GroupDef, MAX_PACKED_VALUE, type MessageDef, packBytes, type ValueTables } from './dictionary';
import { Tag } from './generated/constants';
import { FixMessageView } from './message-view';
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
/** The view a walker holds between messages: it never keeps a caller's view (or its bytes) past the call. */
const NO_VIEW = new FixMessageView();

/** One walker per dictionary and options, reused: its marks are generation counters, so nothing is allocated per message. */
const walkers = new WeakMap<FixDictionary, Map<ValidationOptions, Walker>>();

/** The walker of the last call: a session validates every message with the same dictionary and options. */
let lastWalker: Walker | undefined;

function walkerFor(dictionary: FixDictionary, options: ValidationOptions): Walker {
  if (lastWalker !== undefined && lastWalker.dictionary === dictionary && lastWalker.options === options) return lastWalker;
  lastWalker = cachedWalker(dictionary, options);
  return lastWalker;
}

function cachedWalker(dictionary: FixDictionary, options: ValidationOptions): Walker {
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
  private view: FixMessageView = NO_VIEW;
  private bytes: Uint8Array = NO_VIEW.rawBytes();
  private i = 0;
  private end = 0;
  /** seen[tag] === generation when the tag was seen at the current level; sized for every defined tag. */
  private seen: Uint32Array;
  private generation = 1;
  private failTag = 0;
  private failText = '';
  private readonly header: FieldSet;
  private readonly trailer: FieldSet;
  private readonly tables: ValueTables;
  /** Message layouts by MsgType packed from its bytes (packBytes), so that no MsgType string is built. */
  private readonly messages = new Map<number, MessageDef>();
  private readonly allowUnknownFields: boolean;
  private readonly allowUserDefinedFields: boolean;
  private readonly allowFieldsNotInMessage: boolean;
  private readonly checkFieldValues: boolean;
  private readonly checkRequiredFields: boolean;
  private readonly checkFieldOrder: boolean;

  constructor(
    readonly dictionary: FixDictionary,
    readonly options: ValidationOptions,
  ) {
    this.header = dictionary.header;
    this.trailer = dictionary.trailer;
    this.tables = dictionary.valueTables;
    this.seen = new Uint32Array(this.tables.kinds.length);
    this.allowUnknownFields = options.allowUnknownFields;
    this.allowUserDefinedFields = options.allowUserDefinedFields;
    this.allowFieldsNotInMessage = options.allowFieldsNotInMessage;
    this.checkFieldValues = options.checkFieldValues;
    this.checkRequiredFields = options.checkRequiredFields;
    this.checkFieldOrder = options.checkFieldOrder;
  }

  validate(view: FixMessageView): ValidationFailure | null {
    const n = view.fieldCount;
    if (n < 4 || view.tagAt(0) !== Tag.BeginString || view.tagAt(1) !== Tag.BodyLength || view.tagAt(2) !== Tag.MsgType) {
      const tag = view.tagAt(view.tagAt(0) !== Tag.BeginString ? 0 : view.tagAt(1) !== Tag.BodyLength ? 1 : 2);
      return failure(R.TagSpecifiedOutOfRequiredOrder, tag, msgTypeOf(view), 'BeginString(8), BodyLength(9) and MsgType(35) must be the first three fields');
    }
    if (view.tagAt(n - 1) !== Tag.CheckSum) return failure(R.TagSpecifiedOutOfRequiredOrder, Tag.CheckSum, msgTypeOf(view), 'CheckSum(10) must be the last field');
    const def = this.messageDef(view);
    if (def === undefined) return failure(R.InvalidMsgType, Tag.MsgType, msgTypeOf(view), `invalid MsgType ${msgTypeOf(view)}`);
    this.view = view;
    this.bytes = view.rawBytes();
    this.i = 3;
    this.end = n - 1;
    const reason = this.body(def);
    this.view = NO_VIEW;
    this.bytes = NO_VIEW.rawBytes();
    if (reason === OK) return null;
    return failure(reason, this.failTag, msgTypeOf(view), this.failText === '' ? fieldFailureText(reason, this.failTag) : this.failText);
  }

  private messageDef(view: FixMessageView): MessageDef | undefined {
    const start = view.valueStartAt(2);
    const end = view.valueEndAt(2);
    if (end - start > MAX_PACKED_VALUE) return this.dictionary.message(view.stringAt(2));
    const key = packBytes(view.rawBytes(), start, end);
    const cached = this.messages.get(key);
    if (cached !== undefined) return cached;
    const def = this.dictionary.message(view.stringAt(2));
    if (def !== undefined) this.messages.set(key, def);
    return def;
  }

  /** Records the failure; without a text, the text follows from the reason and the tag (see fieldFailureText). */
  private fail(reason: number, tag: number, text = ''): number {
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
    const bodyMember = body.member;
    const headerMember = this.header.member;
    const trailerMember = this.trailer.member;
    const checkOrder = this.checkFieldOrder;
    const headerGen = this.nextGeneration();
    const bodyGen = this.nextGeneration();
    let phase = 0; // header, body, trailer
    while (this.i < this.end) {
      const tag = view.tagAt(this.i);
      let level = body;
      let member = bodyMember;
      let generation = bodyGen;
      if ((bodyMember[tag] ?? 0) === 0 && (headerMember[tag] ?? 0) !== 0) {
        if (phase !== 0 && checkOrder) return this.fail(R.TagSpecifiedOutOfRequiredOrder, tag, `header field ${tag} after the body`);
        level = this.header;
        member = headerMember;
        generation = headerGen;
      } else if ((bodyMember[tag] ?? 0) === 0 && (trailerMember[tag] ?? 0) !== 0) {
        phase = 2;
        level = this.trailer;
        member = trailerMember;
      } else {
        if (phase === 2 && checkOrder) return this.fail(R.TagSpecifiedOutOfRequiredOrder, tag, `body field ${tag} after the trailer`);
        phase = 1;
      }
      const reason = this.field(tag, member, level, generation);
      if (reason !== OK) return reason;
    }
    if (this.checkRequiredFields) {
      const seen = this.seen;
      const headerRequired = this.header.required;
      for (let k = 0; k < headerRequired.length; k += 1) {
        const tag = headerRequired[k] ?? 0;
        if (tag !== Tag.BeginString && tag !== Tag.BodyLength && tag !== Tag.MsgType && seen[tag] !== headerGen) return this.fail(R.RequiredTagMissing, tag, `required tag ${tag} missing`);
      }
      const bodyRequired = body.required;
      for (let k = 0; k < bodyRequired.length; k += 1) {
        const tag = bodyRequired[k] ?? 0;
        if (seen[tag] !== bodyGen) return this.fail(R.RequiredTagMissing, tag, `required tag ${tag} missing`);
      }
    }
    return OK;
  }

  /**
   * Checks the field at the cursor as a member of `level` (whose `member` table the caller passes) and moves past it
   * (and past its group, if it has one).
   */
  private field(tag: number, member: Uint8Array, level: FieldSet, generation: number): number {
    if (tag <= 0) return this.fail(R.InvalidTagNumber, tag);
    const kinds = this.tables.kinds;
    const kind = tag < kinds.length ? (kinds[tag] ?? -1) : -1;
    if (kind === -1) {
      const tolerated = this.allowUnknownFields || (this.allowUserDefinedFields && tag >= USER_DEFINED_FROM);
      if (!tolerated) return this.fail(R.UndefinedTag, tag);
      this.i += 1;
      return OK;
    }
    const membership = member[tag] ?? 0;
    if (membership === 0 && !this.allowFieldsNotInMessage) return this.fail(R.TagNotDefinedForThisMessageType, tag);
    // Every defined tag is below kinds.length, the size of seen.
    const seen = this.seen;
    if (seen[tag] === generation) return this.fail(R.TagAppearsMoreThanOnce, tag);
    seen[tag] = generation;
    const view = this.view;
    const index = this.i;
    const start = view.valueStartAt(index);
    const end = view.valueEndAt(index);
    if (start === end) return this.fail(R.TagSpecifiedWithoutAValue, tag);
    if (this.checkFieldValues) {
      const reason = this.value(tag, kind, start, end);
      if (reason !== OK) return reason;
    }
    this.i = index + 1;
    if (membership !== 2) return OK;
    const group = level.groups.get(tag);
    return group === undefined ? OK : this.group(tag, group, readInt(this.bytes, start, end) ?? -1);
  }

  private group(countTag: number, group: GroupDef, count: number): number {
    const view = this.view;
    if (count < 0) return this.fail(R.IncorrectDataFormatForValue, countTag, `NumInGroup ${countTag} is not a count`);
    const delimiter = group.delimiter;
    const member = group.member;
    const required = group.required;
    let entries = 0;
    while (this.i < this.end && view.tagAt(this.i) === delimiter) {
      entries += 1;
      const generation = this.nextGeneration();
      // The delimiter, then any member of the group until the next delimiter or a non-member.
      do {
        const reason = this.field(view.tagAt(this.i), member, group, generation);
        if (reason !== OK) return reason;
      } while (this.i < this.end && view.tagAt(this.i) !== delimiter && (member[view.tagAt(this.i)] ?? 0) !== 0);
      if (this.checkRequiredFields) {
        for (let k = 0; k < required.length; k += 1) {
          const tag = required[k] ?? 0;
          if (this.seen[tag] !== generation) return this.fail(R.RequiredTagMissing, tag, `required tag ${tag} missing in group ${countTag}`);
        }
      }
    }
    if (entries !== count) {
      const next = view.tagAt(this.i);
      if (entries < count && group.fields.has(next)) return this.fail(R.RepeatingGroupFieldsOutOfOrder, next, `group ${countTag}: entry does not start with its delimiter ${delimiter}`);
      return this.fail(R.IncorrectNumInGroupCountForRepeatingGroup, countTag, `NumInGroup ${countTag} says ${count}, ${entries} found`);
    }
    return OK;
  }

  private value(tag: number, kind: number, start: number, end: number): number {
    const bytes = this.bytes;
    if (kind !== FieldKind.String && !isWellFormed(kind, bytes, start, end)) return this.fail(R.IncorrectDataFormatForValue, tag);
    const tables = this.tables;
    const slot = tables.enumSlots[tag] ?? 0;
    if (slot === 0) return OK;
    // One character: a bit in the slot's 256-bit set. Two or three (and not a list): the packed bytes in a Set.
    if (end - start === 1) {
      const c = bytes[start] ?? 0;
      return ((tables.enumChars[slot * 32 + (c >> 3)] ?? 0) & (1 << (c & 7))) !== 0 ? OK : this.valueIncorrect(tag);
    }
    if (end - start <= MAX_PACKED_VALUE && kind !== FieldKind.MultipleValues) return tables.enumShort[slot]?.has(packBytes(bytes, start, end)) === true ? OK : this.valueIncorrect(tag);
    return this.valueText(tag, kind);
  }

  private valueIncorrect(tag: number): number {
    return this.fail(R.ValueIsIncorrect, tag, `value ${this.view.stringAt(this.i)} is incorrect (out of range) for tag ${tag}`);
  }

  /** The enum check of a long value or a list of values, as strings. */
  private valueText(tag: number, kind: number): number {
    const allowed = this.dictionary.valuesOf(tag);
    if (allowed === undefined) return OK;
    const text = this.view.stringAt(this.i);
    if (kind === FieldKind.MultipleValues) {
      for (const part of text.split(' ')) if (!allowed.has(part)) return this.fail(R.ValueIsIncorrect, tag, `value ${part} is incorrect (out of range) for tag ${tag}`);
      return OK;
    }
    return allowed.has(text) ? OK : this.valueIncorrect(tag);
  }
}

/** The format check of a value by its field kind (String and Data take any bytes). */
function isWellFormed(kind: number, bytes: Uint8Array, start: number, end: number): boolean {
  switch (kind) {
    case FieldKind.Int:
      return readInt(bytes, start, end) !== undefined;
    case FieldKind.Float:
      return isFloat(bytes, start, end);
    case FieldKind.Char:
      return end - start === 1;
    case FieldKind.Boolean:
      return end - start === 1 && (bytes[start] === 89 || bytes[start] === 78);
    case FieldKind.UtcTimestamp:
      return isUtcTimestamp(bytes, start, end);
    case FieldKind.Date:
      return isDate(bytes, start, end);
    case FieldKind.Time:
      return isTimeOfDay(bytes, start, end);
    case FieldKind.MonthYear:
      return isMonthYear(bytes, start, end);
    default:
      return true;
  }
}

/** The text of a failure that only needs its reason and tag. */
function fieldFailureText(reason: number, tag: number): string {
  switch (reason) {
    case R.InvalidTagNumber:
      return `invalid tag number ${tag}`;
    case R.UndefinedTag:
      return `undefined tag ${tag}`;
    case R.TagNotDefinedForThisMessageType:
      return `tag ${tag} is not defined for this message type`;
    case R.TagAppearsMoreThanOnce:
      return `tag ${tag} appears more than once`;
    case R.TagSpecifiedWithoutAValue:
      return `tag ${tag} has no value`;
    default:
      return `incorrect data format for tag ${tag}`;
  }
}

/** The MsgType as text, for a failure (empty when field 3 is not MsgType). */
function msgTypeOf(view: FixMessageView): string {
  return view.fieldCount > 2 && view.tagAt(2) === Tag.MsgType ? view.stringAt(2) : '';
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
