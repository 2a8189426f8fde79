import { FieldKind, type FixDictionary, MAX_PACKED_VALUE, packBytes, type ValueTables } from './dictionary';
import { fieldCode, KIND_MASK, KIND_SHIFT, type Level, LevelCompiler, Place, PLACE_MASK, SLOT_SHIFT } from './field-codes';
import { Tag } from './generated/constants';
import { FixMessageView } from './message-view';
import { isDate, isFloat, isInt, isTimeOfDay, isUtcTimestamp, readInt } from './values';

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
  private tags: Int32Array = NO_VIEW.tagArray();
  private starts: Int32Array = NO_VIEW.startArray();
  private ends: Int32Array = NO_VIEW.endArray();
  /** The index of the CheckSum field: walks stop before it. */
  private end = 0;
  /** seen[tag] === generation when the tag was seen at the current level; sized for every defined tag. */
  private seen: Uint32Array;
  private generation = 1;
  private failReason = OK;
  private failTag = 0;
  private failText = '';
  private readonly tables: ValueTables;
  private readonly levels: LevelCompiler;
  /** Message levels by MsgType packed from its bytes (packBytes), so that no MsgType string is built. */
  private readonly messages = new Map<number, Level>();
  private lastKey = -1;
  private lastLevel: Level | undefined;
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
    this.tables = dictionary.valueTables;
    this.levels = new LevelCompiler(this.tables, dictionary.header, dictionary.trailer);
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
    const level = this.messageLevel(view);
    if (level === undefined) return failure(R.InvalidMsgType, Tag.MsgType, msgTypeOf(view), `invalid MsgType ${msgTypeOf(view)}`);
    this.view = view;
    this.bytes = view.rawBytes();
    this.tags = view.tagArray();
    this.starts = view.startArray();
    this.ends = view.endArray();
    this.end = n - 1;
    const reason = this.message(level);
    this.view = NO_VIEW;
    this.bytes = NO_VIEW.rawBytes();
    this.tags = NO_VIEW.tagArray();
    this.starts = NO_VIEW.startArray();
    this.ends = NO_VIEW.endArray();
    if (reason === OK) return null;
    return failure(reason, this.failTag, msgTypeOf(view), this.failText === '' ? fieldFailureText(reason, this.failTag) : this.failText);
  }

  private messageLevel(view: FixMessageView): Level | undefined {
    const start = view.valueStartAt(2);
    const end = view.valueEndAt(2);
    if (end - start > MAX_PACKED_VALUE) return this.compiledLevel(view.stringAt(2));
    const key = packBytes(view.rawBytes(), start, end);
    if (key === this.lastKey) return this.lastLevel;
    let level = this.messages.get(key);
    if (level === undefined) {
      level = this.compiledLevel(view.stringAt(2));
      if (level === undefined) return undefined;
      this.messages.set(key, level);
    }
    this.lastKey = key;
    this.lastLevel = level;
    return level;
  }

  private compiledLevel(msgType: string): Level | undefined {
    const def = this.dictionary.message(msgType);
    return def === undefined ? undefined : this.levels.message(def);
  }

  /** Records the failure and returns its reason; without a text, the text follows from the reason and the tag. */
  private fail(reason: number, tag: number, text = ''): number {
    this.failReason = reason;
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

  /** Walks the fields between MsgType and CheckSum: header, then body, then trailer. */
  private message(level: Level): number {
    const tags = this.tags;
    const codes = level.codes;
    const checkOrder = this.checkFieldOrder;
    const headerGen = this.nextGeneration();
    const bodyGen = this.nextGeneration();
    const end = this.end;
    let phase = 0; // header, body, trailer
    let i = 3;
    while (i < end) {
      const tag = tags[i] ?? 0;
      let code = tag < codes.length ? (codes[tag] ?? 0) : 0;
      if (code === 0 && (code = this.outside(tag)) === 0) return this.failReason;
      const place = code & PLACE_MASK;
      let generation = bodyGen;
      if (place === Place.HeaderField || place === Place.HeaderGroup) {
        if (phase !== 0 && checkOrder) return this.fail(R.TagSpecifiedOutOfRequiredOrder, tag, `header field ${tag} after the body`);
        generation = headerGen;
      } else if (place === Place.Trailer) {
        phase = 2;
      } else {
        if (phase === 2 && checkOrder) return this.fail(R.TagSpecifiedOutOfRequiredOrder, tag, `body field ${tag} after the trailer`);
        phase = 1;
        if (place === Place.Tolerated) {
          i += 1;
          continue;
        }
      }
      if (this.field(tag, code, i, generation) !== OK) return this.failReason;
      i += 1;
      if (place === Place.Group || place === Place.HeaderGroup) {
        i = this.groups(level, tag, i);
        if (i < 0) return this.failReason;
      }
    }
    if (this.checkRequiredFields) {
      const seen = this.seen;
      const headerRequired = level.headerRequired;
      for (let k = 0; k < headerRequired.length; k += 1) {
        const tag = headerRequired[k] ?? 0;
        if (seen[tag] !== headerGen) return this.fail(R.RequiredTagMissing, tag, `required tag ${tag} missing`);
      }
      const required = level.required;
      for (let k = 0; k < required.length; k += 1) {
        const tag = required[k] ?? 0;
        if (seen[tag] !== bodyGen) return this.fail(R.RequiredTagMissing, tag, `required tag ${tag} missing`);
      }
    }
    return OK;
  }

  /**
   * The code of a tag that is not a member of the level: Tolerated for an undefined tag the options allow, a body
   * field's code for a defined tag when fields outside the message type are allowed; otherwise 0, the failure recorded.
   */
  private outside(tag: number): number {
    if (tag <= 0) return this.failed(R.InvalidTagNumber, tag);
    const kinds = this.tables.kinds;
    const kind = tag < kinds.length ? (kinds[tag] ?? -1) : -1;
    if (kind === -1) {
      const tolerated = this.allowUnknownFields || (this.allowUserDefinedFields && tag >= USER_DEFINED_FROM);
      return tolerated ? Place.Tolerated : this.failed(R.UndefinedTag, tag);
    }
    if (!this.allowFieldsNotInMessage) return this.failed(R.TagNotDefinedForThisMessageType, tag);
    return fieldCode(Place.Field, kind, this.tables.enumSlots[tag] ?? 0);
  }

  private failed(reason: number, tag: number): 0 {
    this.fail(reason, tag);
    return 0;
  }

  private groupFailed(reason: number, tag: number, text: string): -1 {
    this.fail(reason, tag, text);
    return -1;
  }

  /** Checks the field at index i (its tag a member with `code`): seen once at its level, a value, well-formed and allowed. */
  private field(tag: number, code: number, i: number, generation: number): number {
    const seen = this.seen;
    if (seen[tag] === generation) return this.fail(R.TagAppearsMoreThanOnce, tag);
    seen[tag] = generation;
    const start = this.starts[i] ?? 0;
    const end = this.ends[i] ?? 0;
    if (start === end) return this.fail(R.TagSpecifiedWithoutAValue, tag);
    if (!this.checkFieldValues) return OK;
    const kind = (code >> KIND_SHIFT) & KIND_MASK;
    if (kind !== FieldKind.String && !isWellFormed(kind, this.bytes, start, end)) return this.fail(R.IncorrectDataFormatForValue, tag);
    const slot = code >>> SLOT_SHIFT;
    return slot === 0 ? OK : this.allowedValue(tag, kind, slot, i, start, end);
  }

  /**
   * The entries of the repeating group counted by the field before index i; returns the index after the group, or -1
   * with the failure recorded.
   */
  private groups(parent: Level, countTag: number, i: number): number {
    const group = parent.groups.get(countTag);
    if (group === undefined) return i;
    const count = readInt(this.bytes, this.starts[i - 1] ?? 0, this.ends[i - 1] ?? 0) ?? -1;
    if (count < 0) return this.groupFailed(R.IncorrectDataFormatForValue, countTag, `NumInGroup ${countTag} is not a count`);
    const tags = this.tags;
    const codes = group.codes;
    const delimiter = group.delimiter;
    const end = this.end;
    let entries = 0;
    let at = i;
    while (at < end && tags[at] === delimiter) {
      entries += 1;
      const generation = this.nextGeneration();
      // The delimiter, then any member of the group until the next delimiter or a non-member.
      let tag = delimiter;
      let code = codes[delimiter] ?? 0;
      do {
        if (code === 0 && (code = this.outside(tag)) === 0) return -1;
        if ((code & PLACE_MASK) !== Place.Tolerated && this.field(tag, code, at, generation) !== OK) return -1;
        at += 1;
        if ((code & PLACE_MASK) === Place.Group) {
          at = this.groups(group, tag, at);
          if (at < 0) return -1;
        }
        tag = tags[at] ?? 0;
        code = tag < codes.length ? (codes[tag] ?? 0) : 0;
      } while (at < end && tag !== delimiter && code !== 0);
      if (this.checkRequiredFields) {
        const required: Int32Array = group.required;
        for (let k = 0; k < required.length; k += 1) {
          const missing = required[k] ?? 0;
          if (this.seen[missing] !== generation) return this.groupFailed(R.RequiredTagMissing, missing, `required tag ${missing} missing in group ${countTag}`);
        }
      }
    }
    if (entries !== count) {
      const next = tags[at] ?? 0;
      if (entries < count && group.codeOf(next) !== 0) return this.groupFailed(R.RepeatingGroupFieldsOutOfOrder, next, `group ${countTag}: entry does not start with its delimiter ${delimiter}`);
      return this.groupFailed(R.IncorrectNumInGroupCountForRepeatingGroup, countTag, `NumInGroup ${countTag} says ${count}, ${entries} found`);
    }
    return at;
  }

  /** The enum check of the value at index i (bytes [start, end)) against the field's slot. */
  private allowedValue(tag: number, kind: number, slot: number, i: number, start: number, end: number): number {
    const tables = this.tables;
    const bytes = this.bytes;
    // One character: a bit in the slot's 256-bit set. Two or three (and not a list): the packed bytes in a Set.
    if (end - start === 1) {
      const c = bytes[start] ?? 0;
      return ((tables.enumChars[slot * 32 + (c >> 3)] ?? 0) & (1 << (c & 7))) !== 0 ? OK : this.valueIncorrect(tag, i);
    }
    if (end - start <= MAX_PACKED_VALUE && kind !== FieldKind.MultipleValues) return tables.enumShort[slot]?.has(packBytes(bytes, start, end)) === true ? OK : this.valueIncorrect(tag, i);
    return this.valueText(tag, kind, i);
  }

  private valueIncorrect(tag: number, i: number): number {
    return this.fail(R.ValueIsIncorrect, tag, `value ${this.view.stringAt(i)} is incorrect (out of range) for tag ${tag}`);
  }

  /** The enum check of a long value or a list of values, as strings. */
  private valueText(tag: number, kind: number, i: number): number {
    const allowed = this.dictionary.valuesOf(tag);
    if (allowed === undefined) return OK;
    const text = this.view.stringAt(i);
    if (kind === FieldKind.MultipleValues) {
      for (const part of text.split(' ')) if (!allowed.has(part)) return this.fail(R.ValueIsIncorrect, tag, `value ${part} is incorrect (out of range) for tag ${tag}`);
      return OK;
    }
    return allowed.has(text) ? OK : this.valueIncorrect(tag, i);
  }
}

/** The format check of a value by its field kind (String and Data take any bytes). */
function isWellFormed(kind: number, bytes: Uint8Array, start: number, end: number): boolean {
  switch (kind) {
    case FieldKind.Int:
      return isInt(bytes, start, end);
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
