import { Place, PLACE_MASK, SLOT_SHIFT } from './field-codes';
import { readInt } from './values';

/** Messages with more fields than this between MsgType and CheckSum are always walked in full: the memo stays small. */
export const MAX_LAYOUT_FIELDS = 128;
/** Layouts remembered per message type (a client's orders usually come in one or two layouts). */
const LAYOUTS_PER_MESSAGE_TYPE = 4;
/** Index of the first field after BeginString, BodyLength and MsgType. */
const FIRST = 3;
/** Bytes of one enum slot's character set in the dictionary's enumChars table (256 bits). */
const CHARSET_BYTES = 32;
/** Ids of layout contents: every record() takes a new one, so a block copied elsewhere is known by its id. */
let lastId = 0;

/**
 * The field layout of a message that passed the validator's full walk: its tags in order (after MsgType, before
 * CheckSum), the code each position was checked with, and the value of each NumInGroup field. Everything the walk
 * checks apart from the values themselves (field order, header before body, defined tags, tags allowed in the
 * message type, no tag twice, group delimiters and counts, required fields) follows from these and the options,
 * so another message of the same type with the same layout passes all of it: only its values are left to check.
 */
export class FieldLayout {
  size = 0;
  tags = new Int32Array(0);
  codes = new Int32Array(0);
  /** Message indexes of the NumInGroup fields, and the count each held. */
  countAt = new Int32Array(0);
  counts = new Int32Array(0);
  countSize = 0;
  /** Unique to this layout's contents (a new one at each record). */
  id = 0;
  /**
   * The layout for the byte scanner's check (fixspec/wasm/scanner.wat), as Int32 words: size, countSize, then per
   * field (tag, code, charset), per NumInGroup field (message index, count), then the 32-byte character sets of the
   * enum fields, each field's charset the byte offset of its set in the block (0 without enum values).
   */
  block = new Int32Array(0);

  /** True when the message's fields [3, n - 1) have this layout's tags and its NumInGroup fields the same counts. */
  matches(tags: Int32Array, n: number, bytes: Uint8Array, starts: Int32Array, ends: Int32Array): boolean {
    const size = this.size;
    if (n - FIRST - 1 !== size) return false;
    const mine = this.tags;
    for (let k = 0; k < size; k += 1) if (tags[k + FIRST] !== mine[k]) return false;
    for (let j = 0; j < this.countSize; j += 1) {
      const at = this.countAt[j] ?? 0;
      if (readInt(bytes, starts[at] ?? 0, ends[at] ?? 0) !== this.counts[j]) return false;
    }
    return true;
  }

  /**
   * Takes the layout of a message that passed the full walk: `codes` holds the code of each message index, and
   * `enumChars` the dictionary's character sets by enum slot.
   */
  record(tags: Int32Array, codes: Int32Array, n: number, bytes: Uint8Array, starts: Int32Array, ends: Int32Array, enumChars: Uint8Array): void {
    const size = n - FIRST - 1;
    if (this.tags.length < size) {
      this.tags = new Int32Array(size);
      this.codes = new Int32Array(size);
    }
    this.size = size;
    this.countSize = 0;
    for (let k = 0; k < size; k += 1) {
      const code = codes[k + FIRST] ?? 0;
      this.tags[k] = tags[k + FIRST] ?? 0;
      this.codes[k] = code;
      const place = code & PLACE_MASK;
      if (place === Place.Group || place === Place.HeaderGroup) this.addCount(k + FIRST, readInt(bytes, starts[k + FIRST] ?? 0, ends[k + FIRST] ?? 0) ?? -1);
    }
    lastId += 1;
    this.id = lastId;
    this.block = this.makeBlock(enumChars);
  }

  private makeBlock(enumChars: Uint8Array): Int32Array<ArrayBuffer> {
    const size = this.size;
    let enums = 0;
    for (let k = 0; k < size; k += 1) if ((this.codes[k] ?? 0) >>> SLOT_SHIFT !== 0) enums += 1;
    const charsets = 4 * (2 + 3 * size + 2 * this.countSize);
    const block = new Int32Array(charsets / 4 + (enums * CHARSET_BYTES) / 4);
    const blockBytes = new Uint8Array(block.buffer);
    block[0] = size;
    block[1] = this.countSize;
    let charset = charsets;
    for (let k = 0; k < size; k += 1) {
      const code = this.codes[k] ?? 0;
      const slot = code >>> SLOT_SHIFT;
      block[2 + 3 * k] = this.tags[k] ?? 0;
      block[3 + 3 * k] = code;
      if (slot !== 0) {
        block[4 + 3 * k] = charset;
        blockBytes.set(enumChars.subarray(slot * CHARSET_BYTES, (slot + 1) * CHARSET_BYTES), charset);
        charset += CHARSET_BYTES;
      }
    }
    for (let j = 0; j < this.countSize; j += 1) {
      block[2 + 3 * size + 2 * j] = this.countAt[j] ?? 0;
      block[3 + 3 * size + 2 * j] = this.counts[j] ?? 0;
    }
    return block;
  }

  private addCount(at: number, count: number): void {
    if (this.countSize === this.countAt.length) {
      const countAt = new Int32Array(Math.max(4, this.countSize * 2));
      const counts = new Int32Array(countAt.length);
      countAt.set(this.countAt);
      counts.set(this.counts);
      this.countAt = countAt;
      this.counts = counts;
    }
    this.countAt[this.countSize] = at;
    this.counts[this.countSize] = count;
    this.countSize += 1;
  }
}

/** The layouts remembered for one message type: the most recent few, the oldest replaced first. */
export class LayoutMemo {
  private readonly layouts: FieldLayout[] = [];
  private next = 0;

  /** The layouts remembered, oldest first until the first replacement. */
  get all(): readonly FieldLayout[] {
    return this.layouts;
  }

  find(tags: Int32Array, n: number, bytes: Uint8Array, starts: Int32Array, ends: Int32Array): FieldLayout | null {
    const layouts = this.layouts;
    for (let k = 0; k < layouts.length; k += 1) {
      const layout = layouts[k];
      if (layout !== undefined && layout.matches(tags, n, bytes, starts, ends)) return layout;
    }
    return null;
  }

  remember(tags: Int32Array, codes: Int32Array, n: number, bytes: Uint8Array, starts: Int32Array, ends: Int32Array, enumChars: Uint8Array): void {
    if (n - FIRST - 1 > MAX_LAYOUT_FIELDS) return;
    let layout = this.layouts[this.next];
    if (layout === undefined) {
      layout = new FieldLayout();
      this.layouts.push(layout);
    }
    layout.record(tags, codes, n, bytes, starts, ends, enumChars);
    this.next = (this.next + 1) % LAYOUTS_PER_MESSAGE_TYPE;
  }
}
