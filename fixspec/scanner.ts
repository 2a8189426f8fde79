import { Tag } from './generated/constants';
import { SCANNER_WASM } from './generated/scanner-wasm';

/** What this file uses of the WebAssembly global (its declarations come with the DOM library, not loaded here). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: object };
};

const MODULE = new WebAssembly.Module(Buffer.from(SCANNER_WASM, 'base64'));
const PAGE = 65_536;
const TABLE_SIZE = 2_048;
const LIST = 2_048;
const FIELDS = 4_096;
/** A message with more fields than this is split by the JavaScript parser (the scan returns -1). */
export const MAX_SCANNED_FIELDS = 2_048;
const BLOCKS = 32_768;
/**
 * The room for one layout block (fixspec/field-layouts.ts): its largest, 128 fields all with enum values, needs 6,664
 * bytes. A larger block would never match (the validator would walk such messages in full).
 */
const BLOCK_BYTES = 8_192;
const BLOCK_COUNT = 4;
const BUFFER = PAGE;
const SPARE = 16;

/** Length fields whose data field follows and may hold SOH: the data is read by the announced length. */
export const DATA_AFTER_LENGTH: ReadonlyMap<number, number> = new Map([
  [Tag.SecureDataLen, Tag.SecureData],
  [Tag.SignatureLength, Tag.Signature],
  [Tag.RawDataLength, Tag.RawData],
  [Tag.XmlDataLen, Tag.XmlData],
  [Tag.EncodedIssuerLen, Tag.EncodedIssuer],
  [Tag.EncodedSecurityDescLen, Tag.EncodedSecurityDesc],
  [Tag.EncodedListExecInstLen, Tag.EncodedListExecInst],
  [Tag.EncodedTextLen, Tag.EncodedText],
  [Tag.EncodedSubjectLen, Tag.EncodedSubject],
  [Tag.EncodedHeadlineLen, Tag.EncodedHeadline],
  [Tag.EncodedAllocTextLen, Tag.EncodedAllocText],
  [Tag.EncodedUnderlyingIssuerLen, Tag.EncodedUnderlyingIssuer],
  [Tag.EncodedUnderlyingSecurityDescLen, Tag.EncodedUnderlyingSecurityDesc],
  [Tag.EncodedListStatusTextLen, Tag.EncodedListStatusText],
  [Tag.EncodedLegIssuerLen, Tag.EncodedLegIssuer],
  [Tag.EncodedLegSecurityDescLen, Tag.EncodedLegSecurityDesc],
  [Tag.EncryptedPasswordLen, Tag.EncryptedPassword],
]);

interface ScannerExports {
  readonly memory: WasmMemory;
  checksum(from: number, to: number): number;
  scan(base: number, from: number, to: number, out: number, max: number): number;
  check(block: number, out: number, max: number, base: number, list: number): number;
}

/** check's results apart from a count of fields left to JavaScript. */
export const LAYOUT_MISMATCH = -2;
export const VALUE_FAILED = -1;

/** The scanner that owns a buffer, by the buffer's Uint8Array (the framer's frames carry that array). */
const byBuffer = new WeakMap<Uint8Array, ByteScanner>();

export function scannerOf(bytes: Uint8Array): ByteScanner | undefined {
  return byBuffer.get(bytes);
}

/**
 * A framer's buffer in WebAssembly memory, with the byte scanner (fixspec/wasm/scanner.wat) that sums the CheckSum
 * and splits a message into fields sixteen bytes a step, where it lies: nothing is copied for either; and that
 * checks the values of a message whose layout the validator has seen pass. One per framer (a connection) and per
 * encoder (its CheckSum). Layout of its memory, which the .wat describes too:
 *   [0, 2048)              the length-field table: 1 at a tag whose data field is read by length
 *   [LIST, ...)            check's list of fields left to JavaScript
 *   [FIELDS, ...)          the scan's output: tags, value starts, value ends, MAX_SCANNED_FIELDS Int32 each
 *   [BLOCKS, ...)          BLOCK_COUNT layout blocks of BLOCK_BYTES (fixspec/field-layouts.ts makes them)
 *   [BUFFER, ...)          the framer's buffer, then SPARE bytes for the vector loads that read past the last SOH
 */
export class ByteScanner {
  private readonly exports: ScannerExports;
  /** The buffer: replaced (same bytes, new array) when it grows, as are the field arrays. */
  buffer = new Uint8Array(0);
  tags = new Int32Array(0);
  starts = new Int32Array(0);
  ends = new Int32Array(0);
  /** After check: the message indexes of the fields whose values JavaScript must still check. */
  leftToJavaScript = new Int32Array(0);
  private words = new Int32Array(0);
  /** The layout id loaded in each block, or 0. */
  private readonly loaded = new Float64Array(BLOCK_COUNT);
  private nextBlock = 0;

  constructor(length: number) {
    this.exports = new WebAssembly.Instance(MODULE).exports as unknown as ScannerExports;
    const memory = this.exports.memory;
    const table = new Uint8Array(memory.buffer, 0, TABLE_SIZE);
    for (const tag of DATA_AFTER_LENGTH.keys()) table[tag] = 1;
    this.resize(length);
  }

  /** Makes the buffer `length` bytes long; what it holds is kept (the memory grows in place). */
  resize(length: number): void {
    const memory = this.exports.memory;
    const pages = Math.ceil((BUFFER + length + SPARE) / PAGE);
    const current = memory.buffer.byteLength / PAGE;
    if (pages > current) memory.grow(pages - current);
    const arrays = memory.buffer;
    byBuffer.delete(this.buffer);
    this.buffer = new Uint8Array(arrays, BUFFER, length);
    this.tags = new Int32Array(arrays, FIELDS, MAX_SCANNED_FIELDS);
    this.starts = new Int32Array(arrays, FIELDS + 4 * MAX_SCANNED_FIELDS, MAX_SCANNED_FIELDS);
    this.ends = new Int32Array(arrays, FIELDS + 8 * MAX_SCANNED_FIELDS, MAX_SCANNED_FIELDS);
    this.leftToJavaScript = new Int32Array(arrays, LIST, (FIELDS - LIST) >> 2);
    this.words = new Int32Array(arrays);
    byBuffer.set(this.buffer, this);
  }

  /** The FIX CheckSum of buffer[from, to): the bytes' sum modulo 256. */
  checksum(from: number, to: number): number {
    return this.exports.checksum(BUFFER + from, BUFFER + to);
  }

  /**
   * Splits buffer[from, to) into fields, into `tags`, `starts` and `ends` (positions in the buffer); returns how many,
   * or -1 when the message needs the JavaScript parser: a tag that is not 1-9 digits and "=", a length field (its
   * data is read by length), bytes after the last SOH, more than MAX_SCANNED_FIELDS fields.
   */
  scan(from: number, to: number): number {
    return this.exports.scan(BUFFER, BUFFER + from, BUFFER + to, FIELDS, MAX_SCANNED_FIELDS);
  }

  /**
   * Checks the message the last scan split against a layout block (`id` unique to the block's contents; the block
   * is copied in once and kept while it is among the last BLOCK_COUNT used): LAYOUT_MISMATCH when the message does
   * not have the layout's tags and counts, VALUE_FAILED when a value fails (the caller finds which), otherwise the
   * number of fields whose values are left to JavaScript, at the start of `leftToJavaScript`.
   */
  checkLayout(id: number, block: Int32Array): number {
    if (block.length * 4 > BLOCK_BYTES) return LAYOUT_MISMATCH;
    let at = -1;
    for (let j = 0; j < BLOCK_COUNT; j += 1) {
      if (this.loaded[j] === id) {
        at = j;
        break;
      }
    }
    if (at < 0) {
      at = this.nextBlock;
      this.nextBlock = (at + 1) % BLOCK_COUNT;
      this.words.set(block, (BLOCKS + at * BLOCK_BYTES) >> 2);
      this.loaded[at] = id;
    }
    return this.exports.check(BLOCKS + at * BLOCK_BYTES, FIELDS, MAX_SCANNED_FIELDS, BUFFER, LIST);
  }
}
