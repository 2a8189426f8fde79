import type { DictionaryData, Entry } from './dictionary-data';

/** How a field's value is checked and read. */
export enum FieldKind {
  String = 0,
  Int = 1,
  Float = 2,
  Char = 3,
  Boolean = 4,
  UtcTimestamp = 5,
  Date = 6,
  Time = 7,
  MonthYear = 8,
  Data = 9,
  MultipleValues = 10,
}

const KIND_BY_TYPE: Readonly<Record<string, FieldKind>> = {
  INT: FieldKind.Int,
  LENGTH: FieldKind.Int,
  NUMINGROUP: FieldKind.Int,
  SEQNUM: FieldKind.Int,
  TAGNUM: FieldKind.Int,
  DAYOFMONTH: FieldKind.Int,
  FLOAT: FieldKind.Float,
  PRICE: FieldKind.Float,
  QTY: FieldKind.Float,
  AMT: FieldKind.Float,
  PRICEOFFSET: FieldKind.Float,
  PERCENTAGE: FieldKind.Float,
  CHAR: FieldKind.Char,
  BOOLEAN: FieldKind.Boolean,
  UTCTIMESTAMP: FieldKind.UtcTimestamp,
  UTCDATEONLY: FieldKind.Date,
  UTCDATE: FieldKind.Date,
  LOCALMKTDATE: FieldKind.Date,
  UTCTIMEONLY: FieldKind.Time,
  MONTHYEAR: FieldKind.MonthYear,
  DATA: FieldKind.Data,
  XMLDATA: FieldKind.Data,
  MULTIPLEVALUESTRING: FieldKind.MultipleValues,
  MULTIPLESTRINGVALUE: FieldKind.MultipleValues,
  MULTIPLECHARVALUE: FieldKind.MultipleValues,
};

/** The fields allowed at one level of a message (its body, or one entry of a repeating group). */
export interface FieldSet {
  /** Tag -> required. Group count tags are included. */
  readonly fields: ReadonlyMap<number, boolean>;
  readonly required: readonly number[];
  /** NumInGroup tag -> the group's definition. */
  readonly groups: ReadonlyMap<number, GroupDef>;
}

export interface GroupDef extends FieldSet {
  readonly countTag: number;
  /** The first field of every entry. */
  readonly delimiter: number;
}

/**
 * Field kinds and allowed values as typed arrays indexed by tag, so that validation reads them without a Map lookup
 * and checks short enumerated values without building a string.
 */
export interface ValueTables {
  /** Field kind by tag; -1 when the tag is not defined. */
  readonly kinds: Int8Array;
  /** Per tag, its slot in the enum tables; 0 when any value is allowed. */
  readonly enumSlots: Uint16Array;
  /** 32 bytes (a 256-bit set of character codes) per slot: the allowed one-character values. */
  readonly enumChars: Uint8Array;
  /** Per slot, the allowed values of two to MAX_PACKED_VALUE characters, each packed by packLatin1. */
  readonly enumShort: readonly ReadonlySet<number>[];
}

/** The longest enumerated value that enumShort holds as a number (longer ones are checked as strings). */
export const MAX_PACKED_VALUE = 3;

/** A value of at most MAX_PACKED_VALUE latin1 characters as one small integer: its length, then its bytes. */
export function packLatin1(value: string): number {
  let key = value.length;
  for (let k = 0; k < value.length; k += 1) key = (key << 8) | (value.charCodeAt(k) & 255);
  return key;
}

function isLatin1(value: string): boolean {
  for (let k = 0; k < value.length; k += 1) if (value.charCodeAt(k) > 255) return false;
  return true;
}

/** packLatin1 of bytes[from, to), read straight from the bytes. */
export function packBytes(bytes: Uint8Array, from: number, to: number): number {
  let key = to - from;
  for (let i = from; i < to; i += 1) key = (key << 8) | (bytes[i] ?? 0);
  return key;
}

export interface MessageDef extends FieldSet {
  readonly msgType: string;
  readonly name: string;
  readonly admin: boolean;
}

/** One FIX version's dictionary: field types and values, header, trailer and message layouts. */
export class FixDictionary {
  readonly beginString: string;
  /** Field kind by tag (-1: not defined): an array read on the validation path, not a Map lookup. */
  private readonly kinds: Int8Array;
  private readonly names = new Map<number, string>();
  private readonly values: (ReadonlySet<string> | undefined)[] = [];
  /** The allowed values again, in the forms the validator checks them in without building strings. */
  readonly valueTables: ValueTables;
  readonly header: FieldSet;
  readonly trailer: FieldSet;
  private readonly messageEntries = new Map<string, readonly [string, 'admin' | 'app', readonly Entry[]]>();
  private readonly compiled = new Map<string, MessageDef>();

  constructor(private readonly data: DictionaryData) {
    this.beginString = data.beginString;
    const maxTag = data.fields.reduce((m, [tag]) => Math.max(m, tag), 0);
    this.kinds = new Int8Array(maxTag + 1).fill(-1);
    for (const [tag, name, type] of data.fields) {
      this.kinds[tag] = KIND_BY_TYPE[type] ?? FieldKind.String;
      this.names.set(tag, name);
    }
    const enums = Object.entries(data.enums);
    const enumSlots = new Uint16Array(maxTag + 1);
    const enumChars = new Uint8Array((enums.length + 1) * 32);
    const enumShort: ReadonlySet<number>[] = [new Set()];
    for (const [tagText, allowed] of enums) {
      const tag = Number(tagText);
      this.values[tag] = new Set(allowed);
      if (tag >= enumSlots.length) continue;
      const slot = enumShort.length;
      enumSlots[tag] = slot;
      const short = new Set<number>();
      for (const v of allowed) {
        if (v.length === 0 || v.length > MAX_PACKED_VALUE || !isLatin1(v)) continue;
        if (v.length === 1) {
          const c = v.charCodeAt(0);
          enumChars[slot * 32 + (c >> 3)] = (enumChars[slot * 32 + (c >> 3)] ?? 0) | (1 << (c & 7));
        } else short.add(packLatin1(v));
      }
      enumShort.push(short);
    }
    this.valueTables = { kinds: this.kinds, enumSlots, enumChars, enumShort };
    for (const [msgType, name, category, entries] of data.messages) this.messageEntries.set(msgType, [name, category, entries]);
    this.header = this.compile(data.header);
    this.trailer = this.compile(data.trailer);
  }

  /** A copy of this dictionary with user-defined fields (and their values) added, e.g. from a custom XML file. */
  withFields(extra: readonly (readonly [number, string, string])[], extraEnums: Readonly<Record<number, readonly string[]>> = {}): FixDictionary {
    const known = new Set(this.data.fields.map(([tag]) => tag));
    const fields = [...this.data.fields, ...extra.filter(([tag]) => !known.has(tag))].sort((a, b) => a[0] - b[0]);
    return new FixDictionary({ ...this.data, fields, enums: { ...this.data.enums, ...extraEnums } });
  }

  isDefined(tag: number): boolean {
    return tag < this.kinds.length && (this.kinds[tag] ?? -1) >= 0;
  }

  /** The field's kind, or -1 when the tag is not defined. */
  kindOf(tag: number): FieldKind | -1 {
    return tag < this.kinds.length ? ((this.kinds[tag] ?? -1) as FieldKind | -1) : -1;
  }

  nameOf(tag: number): string | undefined {
    return this.names.get(tag);
  }

  /** The allowed values of an enumerated field; undefined when any value is allowed. */
  valuesOf(tag: number): ReadonlySet<string> | undefined {
    return this.values[tag];
  }

  isKnownMsgType(msgType: string): boolean {
    return this.messageEntries.has(msgType);
  }

  /** The layout of a message type, compiled once (components expanded, groups with their delimiters). */
  message(msgType: string): MessageDef | undefined {
    const cached = this.compiled.get(msgType);
    if (cached !== undefined) return cached;
    const entry = this.messageEntries.get(msgType);
    if (entry === undefined) return undefined;
    const [name, category, entries] = entry;
    const def: MessageDef = { msgType, name, admin: category === 'admin', ...this.compile(entries) };
    this.compiled.set(msgType, def);
    return def;
  }

  private compile(entries: readonly Entry[]): FieldSet {
    const fields = new Map<number, boolean>();
    const groups = new Map<number, GroupDef>();
    const add = (list: readonly Entry[], parentRequired: boolean): void => {
      for (const e of list) {
        const required = e[2] === 1 && parentRequired;
        if (e[0] === 0) fields.set(e[1], required || (fields.get(e[1]) ?? false));
        else if (e[0] === 1) {
          fields.set(e[1], required);
          groups.set(e[1], this.compileGroup(e[1], e[3]));
        } else {
          const component = this.data.components[e[1]];
          if (component !== undefined) add(component[1], required);
        }
      }
    };
    add(entries, true);
    const required = [...fields].filter(([, r]) => r).map(([tag]) => tag);
    return { fields, required, groups };
  }

  private compileGroup(countTag: number, entries: readonly Entry[]): GroupDef {
    const set = this.compile(entries);
    return { ...set, countTag, delimiter: this.firstTag(entries) ?? countTag };
  }

  private firstTag(entries: readonly Entry[]): number | undefined {
    const first = entries[0];
    if (first === undefined) return undefined;
    if (first[0] === 0 || first[0] === 1) return first[1];
    const component = this.data.components[first[1]];
    return component === undefined ? undefined : this.firstTag(component[1]);
  }
}
