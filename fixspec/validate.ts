import { FieldKind, type FixDictionary, MAX_PACKED_VALUE, packBytes, type ValueTables } from './dictionary';
import { fieldCode, KIND_MASK, KIND_SHIFT, type Level, LevelCompiler, Place, PLACE_MASK, SLOT_SHIFT } from './field-codes';
import { type FieldLayout, LayoutMemo } from './field-layouts';
import { Tag } from './generated/constants';
import { FixMessageView } from './message-view';
import { type ByteScanner, LAYOUT_MISMATCH, VALUE_FAILED } from './scanner';
import { SessionRejectReason, STRICT_VALIDATION, type ValidationFailure, type ValidationOptions } from './validation-rules';
import { isWellFormed, readInt } from './values';

export { SessionRejectReason, STRICT_VALIDATION, type ValidationFailure, type ValidationOptions } from './validation-rules';

const USER_DEFINED_FROM = 5000;
const R = SessionRejectReason;
const OK = -1;
/** scannedLayout's result when no remembered layout is the message's. */
const NO_LAYOUT = -2;
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

export interface MessageValidator {
  validate(view: FixMessageView): ValidationFailure | null;
  /** Messages whose layout had passed before, so that only their values were checked. */
  readonly layoutHits: number;
}

/**
 * A validator of its own (validateMessage shares one per dictionary and options). With `rememberLayouts` false it
 * walks every message in full, never taking the layout memo's short cut: the results are the same, only slower.
 */
export function messageValidator(dictionary: FixDictionary, options: ValidationOptions = STRICT_VALIDATION, rememberLayouts = true): MessageValidator {
  return new Walker(dictionary, options, rememberLayouts);
}

/** What the walker keeps per message type: its compiled level and the layouts of its messages that passed. */
interface MessageType {
  readonly level: Level;
  readonly layouts: LayoutMemo;
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
  /** Message types by MsgType packed from its bytes (packBytes), so that no MsgType string is built. */
  private readonly messages = new Map<number, MessageType>();
  private lastKey = -1;
  private lastType: MessageType | undefined;
  /** The code each field of the current message was checked with, by field index (for the layout memo). */
  private codeAt = new Int32Array(64);
  layoutHits = 0;
  private readonly allowUnknownFields: boolean;
  private readonly allowUserDefinedFields: boolean;
  private readonly allowFieldsNotInMessage: boolean;
  private readonly checkFieldValues: boolean;
  private readonly checkRequiredFields: boolean;
  private readonly checkFieldOrder: boolean;

  constructor(
    readonly dictionary: FixDictionary,
    readonly options: ValidationOptions,
    private readonly rememberLayouts = true,
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
    const type = this.messageType(view);
    if (type === undefined) return failure(R.InvalidMsgType, Tag.MsgType, msgTypeOf(view), `invalid MsgType ${msgTypeOf(view)}`);
    this.view = view;
    this.bytes = view.rawBytes();
    this.tags = view.tagArray();
    this.starts = view.startArray();
    this.ends = view.endArray();
    this.end = n - 1;
    const reason = this.checked(type, n);
    this.view = NO_VIEW;
    this.bytes = NO_VIEW.rawBytes();
    this.tags = NO_VIEW.tagArray();
    this.starts = NO_VIEW.startArray();
    this.ends = NO_VIEW.endArray();
    if (reason === OK) return null;
    return failure(reason, this.failTag, msgTypeOf(view), this.failText === '' ? fieldFailureText(reason, this.failTag) : this.failText);
  }

  /**
   * The checks of a message whose first three fields and last are in place: a message with a layout that passed
   * before needs only its values checked; any other is walked in full, and its layout remembered if it passes.
   */
  private checked(type: MessageType, n: number): number {
    if (!this.rememberLayouts) return this.message(type.level);
    const scanner = this.view.scannedBy;
    if (scanner !== undefined && this.checkFieldValues) {
      const reason = this.scannedLayout(type.layouts.all, scanner, n);
      if (reason !== NO_LAYOUT) return reason;
    } else {
      const layout = type.layouts.find(this.tags, n, this.bytes, this.starts, this.ends);
      if (layout !== null) {
        this.layoutHits += 1;
        return this.values(layout.codes, layout.size);
      }
    }
    if (this.codeAt.length < this.tags.length) this.codeAt = new Int32Array(this.tags.length);
    const reason = this.message(type.level);
    if (reason === OK) type.layouts.remember(this.tags, this.codeAt, n, this.bytes, this.starts, this.ends, this.tables.enumChars);
    return reason;
  }

  /**
   * The layout memo's check done by the byte scanner that split the message (WebAssembly): the tags, counts and most
   * values there, the values it leaves here. NO_LAYOUT when no remembered layout is the message's.
   */
  private scannedLayout(layouts: readonly FieldLayout[], scanner: ByteScanner, n: number): number {
    for (let j = 0; j < layouts.length; j += 1) {
      const layout = layouts[j];
      if (layout === undefined || layout.size !== n - 4) continue;
      const left = scanner.checkLayout(layout.id, layout.block);
      if (left === LAYOUT_MISMATCH) continue;
      this.layoutHits += 1;
      // A value failed: the checks here find the first that fails, and say why.
      if (left === VALUE_FAILED) return this.values(layout.codes, layout.size);
      const indexes = scanner.leftToJavaScript;
      const tags = this.tags;
      for (let k = 0; k < left; k += 1) {
        const i = indexes[k] ?? 0;
        if (this.value(tags[i] ?? 0, layout.codes[i - 3] ?? 0, i) !== OK) return this.failReason;
      }
      return OK;
    }
    return NO_LAYOUT;
  }

  /** The value checks of a message with a known layout, field by field from index 3 with the codes it was walked with. */
  private values(codes: Int32Array, size: number): number {
    const tags = this.tags;
    for (let k = 0; k < size; k += 1) {
      const code = codes[k] ?? 0;
      if ((code & PLACE_MASK) !== Place.Tolerated && this.value(tags[k + 3] ?? 0, code, k + 3) !== OK) return this.failReason;
    }
    return OK;
  }

  private messageType(view: FixMessageView): MessageType | undefined {
    const start = view.valueStartAt(2);
    const end = view.valueEndAt(2);
    if (end - start > MAX_PACKED_VALUE) return this.compiledType(view.stringAt(2));
    const key = packBytes(view.rawBytes(), start, end);
    if (key === this.lastKey) return this.lastType;
    let type = this.messages.get(key);
    if (type === undefined) {
      type = this.compiledType(view.stringAt(2));
      if (type === undefined) return undefined;
      this.messages.set(key, type);
    }
    this.lastKey = key;
    this.lastType = type;
    return type;
  }

  private compiledType(msgType: string): MessageType | undefined {
    const def = this.dictionary.message(msgType);
    return def === undefined ? undefined : { level: this.levels.message(def), layouts: new LayoutMemo() };
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
    const codeAt = this.codeAt;
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
      codeAt[i] = code;
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

  /** Checks the field at index i (its tag a member with `code`): seen once at its level, then its value. */
  private field(tag: number, code: number, i: number, generation: number): number {
    const seen = this.seen;
    if (seen[tag] === generation) return this.fail(R.TagAppearsMoreThanOnce, tag);
    seen[tag] = generation;
    return this.value(tag, code, i);
  }

  /** Checks the value of the field at index i: present, well-formed for its kind and, for an enum, allowed. */
  private value(tag: number, code: number, i: number): number {
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
        this.codeAt[at] = code;
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
