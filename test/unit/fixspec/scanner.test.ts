import { expect } from 'chai';
import { checksum as checksumOf, FixFramer, FixMessageView, type FrameEvent } from '../../../fixspec';
import { ByteScanner, MAX_SCANNED_FIELDS, scannerOf } from '../../../fixspec/scanner';
import { buildMessage, checksum } from '../../support/fix-test-client';

interface Parsed {
  readonly failure: unknown;
  readonly fields: readonly (readonly [number, number, number])[];
}

/** The fields of a view as [tag, value start, value end], the positions from the message's first byte. */
function fields(view: FixMessageView, from: number): (readonly [number, number, number])[] {
  return Array.from({ length: view.fieldCount }, (_, i) => [view.tagAt(i), view.valueStartAt(i) - from, view.valueEndAt(i) - from] as const);
}

/**
 * Frames `text` (in reads of `readSize` bytes) and parses each message twice: in the framer's buffer (the byte
 * scanner) and as a copy in a plain array (the JavaScript parser). Also says how many the scanner split itself.
 */
function parseBothWays(text: string, readSize = text.length, framer = new FixFramer()): { readonly scanned: Parsed[]; readonly plain: Parsed[]; readonly splitByScanner: number } {
  const inBuffer = new FixMessageView();
  const copied = new FixMessageView();
  const scanned: Parsed[] = [];
  const plain: Parsed[] = [];
  let splitByScanner = 0;
  const on = (e: FrameEvent): void => {
    if (e.kind !== 'message') throw new Error(`garbled: ${e.reason}`);
    const failure = inBuffer.parse(e.buffer, e.start, e.end);
    scanned.push({ failure: failure === null ? null : { ...failure, at: failure.at - e.start }, fields: fields(inBuffer, e.start) });
    const copy = Uint8Array.prototype.slice.call(e.buffer, e.start, e.end);
    plain.push({ failure: copied.parse(copy), fields: fields(copied, 0) });
    if ((scannerOf(e.buffer)?.scan(e.start, e.end) ?? -1) >= 0) splitByScanner += 1;
  };
  const bytes = Buffer.from(text, 'latin1');
  for (let at = 0; at < bytes.length; at += readSize) framer.push(bytes.subarray(at, at + readSize), on);
  return { scanned, plain, splitByScanner };
}

/** A message with the BodyLength and CheckSum of its text, whatever its fields are (buildMessage takes numeric tags only). */
function framed(type: string, fieldsText: string): string {
  const body = `35=${type}\x01${fieldsText}`;
  const head = `8=FIX.4.4\x019=${body.length}\x01`;
  return `${head}${body}10=${checksum(head + body)}\x01`;
}

const header: [number, string | number][] = [[49, 'CLIENT'], [56, 'GW'], [34, 7], [52, '20261125-10:00:00.000']];

describe('fixspec byte scanner (WebAssembly)', () => {
  it('splits a framed message where it lies exactly as the JavaScript parser does: values of every length around 16 bytes, empty values, long tags', () => {
    const values = ['', 'A', 'x'.repeat(14), 'x'.repeat(15), 'x'.repeat(16), 'x'.repeat(17), 'y'.repeat(31), 'z'.repeat(33), '=a=b', 'Schön'];
    const text = values.map((value, i) => buildMessage('FIX.4.4', 'D', [...header, [58, value], [123456789, `v${i}`], [11, value.length]])).join('');
    const { scanned, plain, splitByScanner } = parseBothWays(text);
    expect(scanned).to.have.length(values.length);
    expect(scanned).to.deep.equal(plain);
    expect(splitByScanner).to.equal(values.length);
    expect(scanned[4]?.fields.find(([tag]) => tag === 58)).to.satisfy(([, start, end]: readonly number[]) => (end ?? 0) - (start ?? 0) === 16);
  });

  it('leaves to the JavaScript parser a length field (its data holds SOH), a tag that is not a number, and more fields than it has room for', () => {
    const data = buildMessage('FIX.4.4', 'B', [...header, [95, 5], [96, 'a\x01b\x01c'], [58, 'ok']]);
    const badTag = framed('D', '49=CLIENT\x0156=GW\x015x=ok\x01');
    const many = buildMessage('FIX.4.4', 'W', [...header, [268, MAX_SCANNED_FIELDS], ...Array.from({ length: MAX_SCANNED_FIELDS }, (): [number, string] => [269, '0'])]);
    const { scanned, plain, splitByScanner } = parseBothWays(data + badTag + many, 1_000);
    expect(scanned).to.deep.equal(plain);
    expect(splitByScanner).to.equal(0);
    expect(scanned[0]?.failure).to.equal(null);
    expect(scanned[0]?.fields.filter(([tag]) => tag === 96).map(([, start, end]) => (end ?? 0) - (start ?? 0))).to.deep.equal([5]);
    expect(scanned[1]?.failure).to.deep.include({ reason: 'tag-not-a-number' });
    expect(scanned[2]?.failure).to.equal(null);
    expect(scanned[2]?.fields).to.have.length(MAX_SCANNED_FIELDS + 9); // 8, 9, 35, four header fields, 268, the entries, 10
  });

  it('keeps the waiting part of a message when the framer\'s buffer grows in WebAssembly memory, and splits the whole message after', () => {
    const big = buildMessage('FIX.4.4', 'D', [...header, [58, 'q'.repeat(150_000)], [11, 'after']]);
    const { scanned, plain, splitByScanner } = parseBothWays(big + buildMessage('FIX.4.4', '0', header), 4_000, new FixFramer(200_000));
    expect(scanned).to.deep.equal(plain);
    expect(scanned).to.have.length(2);
    expect(splitByScanner).to.equal(2);
  });

  it('sums the CheckSum as the bytes\' sum modulo 256 over any range and alignment', () => {
    const scanner = new ByteScanner(1_100);
    const bytes = scanner.buffer;
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = i % 3 === 0 ? 255 : (i * 37) & 255;
    for (const [from, to] of [[0, 0], [0, 15], [1, 16], [3, 17], [5, 200], [2, 1_000], [7, 1_100]] as const) {
      let sum = 0;
      for (let i = from; i < to; i += 1) sum += bytes[i] ?? 0;
      expect(scanner.checksum(from, to), `[${from}, ${to})`).to.equal(sum & 255).and.to.equal(checksumOf(bytes, from, to));
    }
  });
});
