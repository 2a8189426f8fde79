import { SCANNER_WASM } from './generated/scanner-wasm';

/**
 * A framer's buffer in WebAssembly memory, with the byte scanner (fixspec/wasm/scanner.wat) that sums the CheckSum
 * and splits a message into fields sixteen bytes a step, where it lies: nothing is copied for either. One per
 * framer (a connection). Layout of its memory, which the .wat describes too:
 *   [0, 2048)              the length-field table: 1 at a tag whose data field is read by length
 *   [FIELDS, ...)          the scan's output: tags, value starts, value ends, MAX_FIELDS Int32 each
 *   [BUFFER, ...)          the framer's buffer, then SPARE bytes for the vector loads that read past the last SOH
 */
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
const FIELDS = 4_096;
/** A message with more fields than this is split by the JavaScript parser (the scan returns -1). */
export const MAX_SCANNED_FIELDS = 4_096;
const BUFFER = PAGE;
const SPARE = 16;

/** Length fields whose data field follows and may hold SOH: the data is read by the announced length. */
export const DATA_AFTER_LENGTH: ReadonlyMap<number, number> = new Map([
  [90, 91], [93, 89], [95, 96], [212, 213], [348, 349], [350, 351], [352, 353], [354, 355], [356, 357],
  [358, 359], [360, 361], [362, 363], [364, 365], [445, 446], [618, 619], [621, 622], [1401, 1402],
]);

interface ScannerExports {
  readonly memory: WasmMemory;
  checksum(from: number, to: number): number;
  scan(base: number, from: number, to: number, out: number, max: number): number;
}

/** The scanner that owns a buffer, by the buffer's Uint8Array (the framer's frames carry that array). */
const byBuffer = new WeakMap<Uint8Array, ByteScanner>();

export function scannerOf(bytes: Uint8Array): ByteScanner | undefined {
  return byBuffer.get(bytes);
}

export class ByteScanner {
  private readonly exports: ScannerExports;
  /** The buffer: replaced (same bytes, new array) when it grows, as are the field arrays. */
  buffer = new Uint8Array(0);
  tags = new Int32Array(0);
  starts = new Int32Array(0);
  ends = new Int32Array(0);

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
}
