import type { FieldSet, ValueTables } from './dictionary';
import { Tag } from './generated/constants';

/**
 * A level of a message (its header, body and trailer together, or one entry of a repeating group) compiled for the
 * validator into one number per tag, so that each received field costs one array read to learn where it may stand,
 * how its value is checked and which values it may take.
 *
 * A code packs three things: bits 0-2 the place (below; 0 for a tag that is not a member of the level, which is
 * then the whole code), bits 3-6 the FieldKind, bits 8 and up the field's slot in the dictionary's enum tables
 * (0: any value).
 */
export const Place = {
  None: 0,
  Field: 1,
  /** A NumInGroup field: a repeating group follows. */
  Group: 2,
  HeaderField: 3,
  HeaderGroup: 4,
  Trailer: 5,
  /** Not a code a level holds: an undefined tag the session tolerates (placed like a body field, not checked). */
  Tolerated: 6,
} as const;

export const PLACE_MASK = 7;
export const KIND_SHIFT = 3;
export const KIND_MASK = 15;
export const SLOT_SHIFT = 8;

export function fieldCode(place: number, kind: number, slot: number): number {
  return place | (kind << KIND_SHIFT) | (slot << SLOT_SHIFT);
}

export class Level {
  constructor(
    /** Code by tag, for tags up to the level's highest member (a higher tag is not a member). */
    readonly codes: Int32Array,
    /** Required tags that the level's walk must have seen (for a message: header and body; 8, 9 and 35 left out). */
    readonly required: Int32Array,
    /** Required header tags, checked against the header's marks (empty in a group level). */
    readonly headerRequired: Int32Array,
    /** The repeating groups that start at this level, by NumInGroup tag. */
    readonly groups: ReadonlyMap<number, Level>,
    /** For a group level: the first field of every entry, and the NumInGroup tag. */
    readonly delimiter: number,
    readonly countTag: number,
  ) {}

  codeOf(tag: number): number {
    return tag < this.codes.length ? (this.codes[tag] ?? 0) : 0;
  }
}

/** Compiles the levels of a dictionary's messages once each, sharing the group levels that messages share. */
export class LevelCompiler {
  private readonly groupLevels = new Map<FieldSet, Level>();

  constructor(
    private readonly tables: ValueTables,
    private readonly header: FieldSet,
    private readonly trailer: FieldSet,
  ) {}

  /** The level of a message: its body first, then header fields, then trailer fields (a tag in two goes to the first). */
  message(body: FieldSet): Level {
    const places = new Map<number, number>();
    for (const tag of this.trailer.fields.keys()) places.set(tag, Place.Trailer);
    for (const tag of this.header.fields.keys()) places.set(tag, this.header.groups.has(tag) ? Place.HeaderGroup : Place.HeaderField);
    for (const tag of body.fields.keys()) places.set(tag, body.groups.has(tag) ? Place.Group : Place.Field);
    const groups = new Map<number, Level>();
    for (const [tag, group] of this.header.groups) if (places.get(tag) === Place.HeaderGroup) groups.set(tag, this.group(group, tag, group.delimiter));
    for (const [tag, group] of body.groups) groups.set(tag, this.group(group, tag, group.delimiter));
    const headerRequired = this.header.required.filter((tag) => tag !== Tag.BeginString && tag !== Tag.BodyLength && tag !== Tag.MsgType && places.get(tag) !== Place.Field);
    return new Level(this.codes(places), Int32Array.from(body.required), Int32Array.from(headerRequired), groups, 0, 0);
  }

  private group(set: FieldSet, countTag: number, delimiter: number): Level {
    const cached = this.groupLevels.get(set);
    if (cached !== undefined) return cached;
    const places = new Map<number, number>();
    for (const tag of set.fields.keys()) places.set(tag, set.groups.has(tag) ? Place.Group : Place.Field);
    const groups = new Map<number, Level>();
    for (const [tag, nested] of set.groups) groups.set(tag, this.group(nested, tag, nested.delimiter));
    const level = new Level(this.codes(places), Int32Array.from(set.required), new Int32Array(0), groups, delimiter, countTag);
    this.groupLevels.set(set, level);
    return level;
  }

  private codes(places: ReadonlyMap<number, number>): Int32Array {
    const { kinds, enumSlots } = this.tables;
    let max = 0;
    for (const tag of places.keys()) if (tag < kinds.length && (kinds[tag] ?? -1) >= 0) max = Math.max(max, tag);
    const codes = new Int32Array(max + 1);
    for (const [tag, place] of places) {
      const kind = tag < kinds.length ? (kinds[tag] ?? -1) : -1;
      // A member the dictionary does not define stays 0: the walker reports it as an undefined tag.
      if (kind >= 0) codes[tag] = fieldCode(place, kind, enumSlots[tag] ?? 0);
    }
    return codes;
  }
}
