import { type ByteScanner, DATA_AFTER_LENGTH, scannerOf } from './scanner';
import { readDate, readInt, readScaledDecimal, readUtcTimestampUs, type ScaledDecimal } from './values';

const SOH = 1;

/** What groupEntries needs of a group's definition (fixspec's GroupDef fits). */
export interface GroupLayout {
  readonly countTag: number;
  readonly delimiter: number;
  readonly fields: ReadonlyMap<number, boolean>;
  readonly groups: ReadonlyMap<number, GroupLayout>;
}
const EQUALS = 61;
const INITIAL_CAPACITY = 64;

/** DATA_AFTER_LENGTH's keys (length fields: the data field after each may hold SOH) as a table indexed by tag. */
const IS_DATA_LENGTH = new Uint8Array(Math.max(...DATA_AFTER_LENGTH.keys()) + 1);
for (const tag of DATA_AFTER_LENGTH.keys()) IS_DATA_LENGTH[tag] = 1;

/** Why bytes could not be split into tag=value fields. */
export type ParseFailure = { readonly at: number; readonly reason: 'tag-not-a-number' | 'missing-equals' | 'missing-soh' | 'bad-data-length' };

/**
 * A received message seen through the positions of its fields: tags and value offsets in typed arrays, values read
 * only when asked for. One view is reused for every message of a connection; a view is valid only during the call
 * that hands it over (copy the bytes to keep a message).
 */
export class FixMessageView {
  private bytes: Uint8Array = new Uint8Array(0);
  /** The field arrays in use: this view's own, or the byte scanner's that split the message. */
  private tags: Int32Array = new Int32Array(0);
  private starts: Int32Array = new Int32Array(0);
  private ends: Int32Array = new Int32Array(0);
  private ownTags: Int32Array<ArrayBuffer> = new Int32Array(INITIAL_CAPACITY);
  private ownStarts: Int32Array<ArrayBuffer> = new Int32Array(INITIAL_CAPACITY);
  private ownEnds: Int32Array<ArrayBuffer> = new Int32Array(INITIAL_CAPACITY);
  private size = 0;
  private from = 0;
  private to = 0;
  /** The last bytes parsed and the scanner that owns them (a framer's buffer), if any. */
  private lastBytes: Uint8Array | undefined;
  private lastScanner: ByteScanner | undefined;
  /** The scanner that split the current message; undefined when the parser here did. */
  scannedBy: ByteScanner | undefined;

  /**
   * Parses bytes[from, to) (one whole message, SOH-terminated fields); null when it parsed. A frame in a framer's
   * buffer is split by its byte scanner where it lies; any other bytes, and anything the scanner leaves (a length
   * field, a bad tag), by the parser here.
   */
  parse(bytes: Uint8Array, from = 0, to = bytes.length): ParseFailure | null {
    this.bytes = bytes;
    this.from = from;
    this.to = to;
    if (bytes !== this.lastBytes) {
      this.lastBytes = bytes;
      this.lastScanner = scannerOf(bytes);
    }
    const scanner = this.lastScanner;
    if (scanner !== undefined) {
      const n = scanner.scan(from, to);
      if (n >= 0) {
        this.scannedBy = scanner;
        this.size = n;
        this.tags = scanner.tags;
        this.starts = scanner.starts;
        this.ends = scanner.ends;
        return null;
      }
    }
    this.scannedBy = undefined;
    this.size = 0;
    this.tags = this.ownTags;
    this.starts = this.ownStarts;
    this.ends = this.ownEnds;
    // Fields are read up to the last SOH (a framed message ends with one): there every scan stops at an SOH
    // before `end`, with no bound to check. Bytes after the last SOH cannot be a field; unterminated() says why.
    let end = to;
    while (end > from && bytes[end - 1] !== SOH) end -= 1;
    let i = from;
    let lengthForData = -1;
    while (i < end) {
      let tag = 0;
      const tagStart = i;
      let c = bytes[i] ?? 0;
      while (c !== EQUALS) {
        if (c < 48 || c > 57 || i - tagStart > 9) return { at: tagStart, reason: 'tag-not-a-number' };
        tag = tag * 10 + (c - 48);
        i += 1;
        c = bytes[i] ?? 0;
      }
      if (i === tagStart) return { at: tagStart, reason: 'tag-not-a-number' };
      const valueStart = i + 1;
      let valueEnd = valueStart;
      if (lengthForData >= 0) {
        valueEnd = valueStart + lengthForData;
        if (valueEnd >= end || bytes[valueEnd] !== SOH) return { at: tagStart, reason: 'bad-data-length' };
      } else {
        while (bytes[valueEnd] !== SOH) valueEnd += 1;
      }
      this.push(tag, valueStart, valueEnd);
      lengthForData = tag < IS_DATA_LENGTH.length && IS_DATA_LENGTH[tag] === 1 ? (readInt(bytes, valueStart, valueEnd) ?? -1) : -1;
      if (lengthForData < -1) lengthForData = -1;
      i = valueEnd + 1;
    }
    return end === to ? null : unterminated(bytes, end, to, lengthForData >= 0);
  }

  /** Number of fields. */
  get fieldCount(): number {
    return this.size;
  }

  tagAt(index: number): number {
    return this.tags[index] ?? 0;
  }

  valueStartAt(index: number): number {
    return this.starts[index] ?? 0;
  }

  valueEndAt(index: number): number {
    return this.ends[index] ?? 0;
  }

  rawBytes(): Uint8Array {
    return this.bytes;
  }

  /**
   * The tags, value starts and value ends by field index, for readers on the hot path (the validator) that walk every
   * field: the arrays are the view's own, longer than fieldCount, and replaced when the view grows.
   */
  tagArray(): Int32Array {
    return this.tags;
  }

  startArray(): Int32Array {
    return this.starts;
  }

  endArray(): Int32Array {
    return this.ends;
  }

  /** Index of the first field with `tag` at or after `fromIndex`, or -1. */
  indexOf(tag: number, fromIndex = 0): number {
    const tags = this.tags;
    for (let i = fromIndex; i < this.size; i += 1) if (tags[i] === tag) return i;
    return -1;
  }

  has(tag: number): boolean {
    return this.indexOf(tag) >= 0;
  }

  stringAt(index: number): string {
    return latin1(this.bytes, this.starts[index] ?? 0, this.ends[index] ?? 0);
  }

  getString(tag: number): string | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.stringAt(i);
  }

  getInt(tag: number): number | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : readInt(this.bytes, this.starts[i] ?? 0, this.ends[i] ?? 0);
  }

  getChar(tag: number): string | undefined {
    const i = this.indexOf(tag);
    if (i < 0 || (this.ends[i] ?? 0) - (this.starts[i] ?? 0) !== 1) return undefined;
    return String.fromCharCode(this.bytes[this.starts[i] ?? 0] ?? 0);
  }

  /** Y/N as a boolean; undefined when absent or anything else. */
  getBoolean(tag: number): boolean | undefined {
    const c = this.getChar(tag);
    return c === 'Y' ? true : c === 'N' ? false : undefined;
  }

  /** UTCTimestamp (s, ms, µs or ns precision) as epoch µs. */
  getTimestampUs(tag: number): bigint | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : readUtcTimestampUs(this.bytes, this.starts[i] ?? 0, this.ends[i] ?? 0);
  }

  /** LocalMktDate / UTCDateOnly as [year, month, day]. */
  getLocalMktDate(tag: number): readonly [number, number, number] | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : readDate(this.bytes, this.starts[i] ?? 0, this.ends[i] ?? 0);
  }

  /** A price or quantity as an exact integer at `scale` decimals (e.g. "100.25" at 2 -> 10025). */
  getScaled(tag: number, scale: number): ScaledDecimal | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : readScaledDecimal(this.bytes, this.starts[i] ?? 0, this.ends[i] ?? 0, scale);
  }

  /**
   * The entries of a repeating group, by its dictionary definition: for each entry, the index range [start, end)
   * of its fields in this view (nested groups included in their entry's range).
   */
  groupEntries(group: GroupLayout, fromIndex = 0): readonly (readonly [number, number])[] {
    const countIndex = this.indexOf(group.countTag, fromIndex);
    if (countIndex < 0) return [];
    const entries: [number, number][] = [];
    let i = countIndex + 1;
    while (i < this.size && this.tags[i] === group.delimiter) {
      const start = i;
      i = this.skipEntry(group, i);
      entries.push([start, i]);
    }
    return entries;
  }

  /** The index just past the group entry that starts at `i`. */
  private skipEntry(group: GroupLayout, start: number): number {
    let i = start + 1;
    while (i < this.size) {
      const tag = this.tags[i] ?? 0;
      if (tag === group.delimiter || !group.fields.has(tag)) break;
      const nested = group.groups.get(tag);
      i += 1;
      if (nested !== undefined) while (i < this.size && this.tags[i] === nested.delimiter) i = this.skipEntry(nested, i);
    }
    return i;
  }

  /** The string value of `tag` within the field index range [from, to) (a group entry). */
  getStringIn(tag: number, from: number, to: number): string | undefined {
    for (let i = from; i < to; i += 1) if (this.tags[i] === tag) return this.stringAt(i);
    return undefined;
  }

  /** The message's bytes, copied (also from a Node Buffer, whose own slice() would be a view into the read). */
  copyBytes(): Uint8Array {
    return Uint8Array.prototype.slice.call(this.bytes, this.from, this.to);
  }

  private push(tag: number, start: number, end: number): void {
    if (this.size === this.ownTags.length) this.grow();
    this.ownTags[this.size] = tag;
    this.ownStarts[this.size] = start;
    this.ownEnds[this.size] = end;
    this.size += 1;
  }

  private grow(): void {
    const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.tags = this.ownTags = grow(this.ownTags);
    this.starts = this.ownStarts = grow(this.ownStarts);
    this.ends = this.ownEnds = grow(this.ownEnds);
  }
}

/** Why the bytes from `at` to `to`, which hold no SOH, are not a field (after a length field, not its data). */
function unterminated(bytes: Uint8Array, at: number, to: number, dataExpected: boolean): ParseFailure {
  let i = at;
  for (; i < to; i += 1) {
    const c = bytes[i] ?? 0;
    if (c === EQUALS) break;
    if (c < 48 || c > 57 || i - at > 9) return { at, reason: 'tag-not-a-number' };
  }
  if (i >= to) return { at, reason: 'missing-equals' };
  if (i === at) return { at, reason: 'tag-not-a-number' };
  return { at, reason: dataExpected ? 'bad-data-length' : 'missing-soh' };
}

export function latin1(bytes: Uint8Array, from: number, to: number): string {
  if (to - from <= 16) {
    let s = '';
    for (let i = from; i < to; i += 1) s += String.fromCharCode(bytes[i] ?? 0);
    return s;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1');
}
