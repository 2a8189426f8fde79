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
  /** The same membership indexed by tag (0 not a member, 1 member, 2 member that counts a repeating group). */
  readonly member: Uint8Array;
  readonly required: readonly number[];
  /** NumInGroup tag -> the group's definition. */
  readonly groups: ReadonlyMap<number, GroupDef>;
}

export interface GroupDef extends FieldSet {
  readonly countTag: number;
  /** The first field of every entry. */
  readonly delimiter: number;
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
  /** For enumerated fields whose values are all one character: a 256-bit set of the allowed character codes. */
  private readonly charValues: (Uint8Array | undefined)[] = [];
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
    for (const [tagText, allowed] of Object.entries(data.enums)) {
      const tag = Number(tagText);
      this.values[tag] = new Set(allowed);
      if (allowed.every((v) => v.length === 1)) {
        const bits = new Uint8Array(32);
        for (const v of allowed) {
          const c = v.charCodeAt(0) & 255;
          bits[c >> 3] = (bits[c >> 3] ?? 0) | (1 << (c & 7));
        }
        this.charValues[tag] = bits;
      }
    }
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

  /** The allowed one-character values of an enumerated field as a bit set, when all its values are one character. */
  charValuesOf(tag: number): Uint8Array | undefined {
    return this.charValues[tag];
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
    const member = new Uint8Array(this.kinds.length);
    for (const tag of fields.keys()) if (tag < member.length) member[tag] = groups.has(tag) ? 2 : 1;
    return { fields, member, required, groups };
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
