/**
 * A seeded fuzzer for the fixspec codec: valid messages mutated by bit flips, truncations, duplicated and
 * reordered fields, huge numbers, non-ASCII bytes and empty values, fed through framing, parsing, validation and
 * the typed getters. Nothing may throw; every result must be one of the codec's own typed results.
 */
import { dictionaryFor, FixEncoder, FixFramer, FixMessageView, messageValidator, type ParseFailure, SessionRejectReason, STRICT_VALIDATION, type FieldValue } from '../../fixspec';
import { scannerOf } from '../../fixspec/scanner';
import { mulberry32 } from './seeded-random';

const T0 = BigInt(Date.UTC(2026, 10, 25, 10, 0, 0)) * 1000n;
const BASES: readonly (readonly [string, readonly FieldValue[]])[] = [
  ['D', [[11, 'C1'], [453, 2], [448, 'P1'], [447, 'D'], [452, 1], [448, 'P2'], [447, 'D'], [452, 3], [55, 'ACME'], [54, '1'], [60, '20261125-10:00:00.000'], [38, '100'], [40, '2'], [44, '100.25'], [59, '0']]],
  ['8', [[37, 'O1'], [11, 'C1'], [17, 'E1'], [150, 'F'], [39, '1'], [55, 'ACME'], [54, '1'], [151, '50'], [14, '50'], [6, '100.25'], [31, '100.25'], [32, '50']]],
  ['A', [[98, 0], [108, 30], [141, 'Y'], [789, 1]]],
  ['2', [[7, 1], [16, 0]]],
  ['W', [[55, 'ACME'], [268, 2], [269, '0'], [270, '100.25'], [271, '10'], [269, '1'], [270, '100.5'], [271, '5']]],
];
const REASONS = new Set<number>(Object.values(SessionRejectReason));

export interface FuzzStats {
  cases: number;
  messages: number;
  garbled: number;
  parseFailures: number;
  valid: number;
  rejected: number;
  /** Messages the validator checked by a remembered layout (values only); each was also walked in full to compare. */
  layoutHits: number;
  /** Framed messages the byte scanner split in the framer's buffer; each was also parsed as a copy to compare. */
  scanned: number;
}

function splitFields(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] === 1) {
      out.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function mutate(input: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(random() * n);
  const bytes = Uint8Array.from(input);
  switch (pick(9)) {
    case 0: {
      for (let k = 0, n = 1 + pick(4); k < n; k += 1) {
        const i = pick(bytes.length);
        bytes[i] = (bytes[i] ?? 0) ^ (1 << pick(8));
      }
      return bytes;
    }
    case 1:
      return bytes.subarray(0, pick(bytes.length));
    case 2: {
      const fields = splitFields(bytes);
      const i = pick(fields.length);
      const f = fields[i];
      if (f !== undefined) fields.splice(i, 0, f);
      return concat(fields);
    }
    case 3: {
      const fields = splitFields(bytes);
      const i = pick(fields.length);
      const j = pick(fields.length);
      const a = fields[i];
      const b = fields[j];
      if (a !== undefined && b !== undefined) {
        fields[i] = b;
        fields[j] = a;
      }
      return concat(fields);
    }
    case 4: {
      const fields = splitFields(bytes);
      const i = pick(fields.length);
      const f = fields[i];
      if (f !== undefined) {
        const eq = f.indexOf(61);
        fields[i] = concat([f.subarray(0, eq + 1), Buffer.from('9'.repeat(1 + pick(40)), 'latin1'), new Uint8Array([1])]);
      }
      return concat(fields);
    }
    case 5: {
      for (let k = 0, n = 1 + pick(3); k < n; k += 1) bytes[pick(bytes.length)] = 128 + pick(128);
      return bytes;
    }
    case 6: {
      const fields = splitFields(bytes);
      const i = pick(fields.length);
      const f = fields[i];
      if (f !== undefined) fields[i] = concat([f.subarray(0, f.indexOf(61) + 1), new Uint8Array([1])]);
      return concat(fields);
    }
    case 7: {
      const i = pick(bytes.length);
      return concat([bytes.subarray(0, i), new Uint8Array([pick(2) === 0 ? 1 : 61]), bytes.subarray(i)]);
    }
    default:
      return concat([Buffer.from('garbage', 'latin1'), bytes]);
  }
}

/** Runs `cases` fuzz cases from `seed`; throws on the first result that is not one of the codec's typed results. */
export function fuzz(seed: number, cases: number, onProgress?: (done: number) => void): FuzzStats {
  const random = mulberry32(seed);
  const dictionary = dictionaryFor('FIX.4.4');
  const encoder = new FixEncoder('FIX.4.4', 'CLIENT', 'GW', 'ms');
  const bases = BASES.map(([type, body], i) => encoder.encode(type, i + 1, T0, body));
  const view = new FixMessageView();
  const copied = new FixMessageView();
  const stats: FuzzStats = { cases: 0, messages: 0, garbled: 0, parseFailures: 0, valid: 0, rejected: 0, layoutHits: 0, scanned: 0 };
  const validator = messageValidator(dictionary);
  const fullWalk = messageValidator(dictionary, STRICT_VALIDATION, false);
  // One framer for the whole stream: what one bad case leaves in it must not break the next.
  const framer = new FixFramer(4096);
  for (let c = 0; c < cases; c += 1) {
    const base = bases[Math.floor(random() * bases.length)] ?? new Uint8Array(0);
    let input = mutate(base, random);
    if (random() < 0.3) input = mutate(input, random);
    // Valid framing around a mutated body half of the time, so that parsing and validation see the damage.
    if (random() < 0.5) input = reframe(input);
    framer.push(input, (event) => {
      if (event.kind === 'garbled') {
        stats.garbled += 1;
        return;
      }
      stats.messages += 1;
      const failure = view.parse(event.buffer, event.start, event.end);
      sameAsParsedCopy(view, failure, event.buffer, event.start, event.end, copied);
      if ((scannerOf(event.buffer)?.scan(event.start, event.end) ?? -1) >= 0) stats.scanned += 1;
      if (failure !== null) {
        stats.parseFailures += 1;
        return;
      }
      const result = validator.validate(view);
      const walked = fullWalk.validate(view);
      if (JSON.stringify(result) !== JSON.stringify(walked)) throw new Error(`layout memo ${JSON.stringify(result)} but full walk ${JSON.stringify(walked)}`);
      if (result === null) stats.valid += 1;
      else {
        if (!REASONS.has(result.sessionRejectReason) || typeof result.text !== 'string') throw new Error(`not a SessionRejectReason: ${JSON.stringify(result)}`);
        stats.rejected += 1;
      }
      view.getInt(34);
      view.getScaled(44, 4);
      view.getTimestampUs(52);
      view.getString(11);
    });
    stats.cases += 1;
    stats.layoutHits = validator.layoutHits;
    if (onProgress !== undefined && c % 1_000_000 === 0) onProgress(c);
  }
  return stats;
}

/**
 * Throws unless `view`, which parsed buffer[from, to) where the framer keeps it (the byte scanner's path), holds the
 * same fields, or the same failure, as the JavaScript parser gives for a copy of those bytes in a plain array.
 */
function sameAsParsedCopy(view: FixMessageView, failure: ParseFailure | null, buffer: Uint8Array, from: number, to: number, copied: FixMessageView): void {
  const expected = copied.parse(Uint8Array.prototype.slice.call(buffer, from, to));
  const same =
    failure === null
      ? expected === null && view.fieldCount === copied.fieldCount && Array.from({ length: view.fieldCount }, (_, i) => i).every((i) => view.tagAt(i) === copied.tagAt(i) && view.valueStartAt(i) - from === copied.valueStartAt(i) && view.valueEndAt(i) - from === copied.valueEndAt(i))
      : expected !== null && failure.reason === expected.reason && failure.at - from === expected.at;
  if (!same) throw new Error(`the framer's view and a parsed copy differ: ${JSON.stringify(failure)} / ${JSON.stringify(expected)}`);
}

/** Puts a correct BodyLength and CheckSum around whatever is between 35= and the trailer. */
function reframe(input: Uint8Array): Uint8Array {
  const text = Buffer.from(input).toString('latin1');
  const start = text.indexOf('35=');
  if (start < 0) return input;
  const end = text.lastIndexOf('10=');
  const body = text.slice(start, end > start ? end : text.length);
  const head = `8=FIX.4.4\x019=${body.length}\x01`;
  let sum = 0;
  for (let i = 0; i < head.length + body.length; i += 1) sum += (head + body).charCodeAt(i);
  return Buffer.from(`${head}${body}10=${String(sum % 256).padStart(3, '0')}\x01`, 'latin1');
}
