/** Readers of FIX value formats straight from the bytes: no float, no intermediate strings where avoidable. */
import { FieldKind } from './dictionary';

const ZERO = 48;
const NINE = 57;
const MINUS = 45;
const DOT = 46;

/** Integer value in bytes[from, to); undefined when not an integer or not a safe one. */
export function readInt(bytes: Uint8Array, from: number, to: number): number | undefined {
  if (from >= to) return undefined;
  let i = from;
  let negative = false;
  if (bytes[i] === MINUS) {
    negative = true;
    i += 1;
    if (i >= to) return undefined;
  }
  let value = 0;
  for (; i < to; i += 1) {
    const c = bytes[i] ?? 0;
    if (c < ZERO || c > NINE) return undefined;
    value = value * 10 + (c - ZERO);
  }
  if (!Number.isSafeInteger(value)) return undefined;
  return negative ? -value : value;
}

/** True for a FIX int: an optional minus and digits, within the safe integer range (what readInt accepts). */
export function isInt(bytes: Uint8Array, from: number, to: number): boolean {
  let i = from;
  if (bytes[i] === MINUS) i += 1;
  // Up to 15 digits is always a safe integer; longer ones are read to find out.
  if (i >= to || to - i > 15) return i < to && readInt(bytes, from, to) !== undefined;
  for (; i < to; i += 1) {
    const c = bytes[i] ?? 0;
    if (c < ZERO || c > NINE) return false;
  }
  return true;
}

export type ScaledDecimal = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: 'format' | 'precision' | 'range' };

/**
 * A decimal such as "100.25" read as the integer 10025 at scale 2, exactly. More significant decimals than the
 * scale holds is a 'precision' failure (trailing zeros are fine); beyond 2^53 is 'range'.
 */
export function readScaledDecimal(bytes: Uint8Array, from: number, to: number, scale: number): ScaledDecimal {
  if (from >= to) return { ok: false, reason: 'format' };
  let i = from;
  let negative = false;
  if (bytes[i] === MINUS) {
    negative = true;
    i += 1;
  }
  let value = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < to; i += 1) {
    const c = bytes[i] ?? 0;
    if (c === DOT) {
      if (decimals >= 0) return { ok: false, reason: 'format' };
      decimals = 0;
      continue;
    }
    if (c < ZERO || c > NINE) return { ok: false, reason: 'format' };
    digits += 1;
    if (decimals >= 0) {
      decimals += 1;
      if (decimals > scale) {
        if (c !== ZERO) return { ok: false, reason: 'precision' };
        continue;
      }
    }
    value = value * 10 + (c - ZERO);
  }
  if (digits === 0) return { ok: false, reason: 'format' };
  for (let d = Math.max(decimals, 0); d < scale; d += 1) value *= 10;
  if (!Number.isSafeInteger(value)) return { ok: false, reason: 'range' };
  return { ok: true, value: negative ? -value : value };
}

/** True for a FIX float: optional minus, digits, at most one dot, at least one digit. */
export function isFloat(bytes: Uint8Array, from: number, to: number): boolean {
  let i = from;
  if (bytes[i] === MINUS) i += 1;
  let digits = 0;
  let dots = 0;
  for (; i < to; i += 1) {
    const c = bytes[i] ?? 0;
    if (c === DOT) dots += 1;
    else if (c >= ZERO && c <= NINE) digits += 1;
    else return false;
  }
  return digits > 0 && dots <= 1;
}

function digitsAt(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const c = bytes[i] ?? 0;
    if (c < ZERO || c > NINE) return -1;
    value = value * 10 + (c - ZERO);
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(year: number, month: number, day: number): boolean {
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  if (day <= 28) return true;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= max;
}

/** True for a well-formed YYYYMMDD. */
export function isDate(bytes: Uint8Array, from: number, to: number): boolean {
  return to - from === 8 && validDate(digitsAt(bytes, from, 4), digitsAt(bytes, from + 4, 2), digitsAt(bytes, from + 6, 2));
}

/** YYYYMMDD (UTCDateOnly, LocalMktDate) as [year, month, day]; undefined when malformed. */
export function readDate(bytes: Uint8Array, from: number, to: number): readonly [number, number, number] | undefined {
  if (to - from !== 8) return undefined;
  const year = digitsAt(bytes, from, 4);
  const month = digitsAt(bytes, from + 4, 2);
  const day = digitsAt(bytes, from + 6, 2);
  return validDate(year, month, day) ? [year, month, day] : undefined;
}

/** HH:MM:SS[.sss|.ssssss|.sssssssss] as microseconds of the day; undefined when malformed. */
export function readTimeOfDayUs(bytes: Uint8Array, from: number, to: number): bigint | undefined {
  const length = to - from;
  if (length !== 8 && length !== 12 && length !== 15 && length !== 18) return undefined;
  if (bytes[from + 2] !== 58 || bytes[from + 5] !== 58) return undefined;
  const hour = digitsAt(bytes, from, 2);
  const minute = digitsAt(bytes, from + 3, 2);
  const second = digitsAt(bytes, from + 6, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return undefined;
  let micros = 0;
  if (length > 8) {
    if (bytes[from + 8] !== DOT) return undefined;
    const fraction = digitsAt(bytes, from + 9, length - 9);
    if (fraction < 0) return undefined;
    micros = length === 12 ? fraction * 1000 : length === 15 ? fraction : Math.floor(fraction / 1000);
  }
  return BigInt((hour * 3600 + minute * 60 + second) * 1_000_000 + micros);
}

/**
 * UTCTimestamp YYYYMMDD-HH:MM:SS with no fraction, milliseconds, microseconds or nanoseconds, as epoch µs
 * (nanoseconds are truncated to µs); undefined when malformed.
 */
export function readUtcTimestampUs(bytes: Uint8Array, from: number, to: number): bigint | undefined {
  if (to - from < 17 || bytes[from + 8] !== MINUS) return undefined;
  const date = readDate(bytes, from, from + 8);
  const time = readTimeOfDayUs(bytes, from + 9, to);
  if (date === undefined || time === undefined) return undefined;
  const dayMs = Date.UTC(date[0], date[1] - 1, date[2]);
  return BigInt(dayMs) * 1000n + time;
}

/** The "YYYYMMDD-HH:MM:SS" of the last second written: most messages in a burst share it. */
const secondText = new Uint8Array(17);
let secondCached = Number.NaN;

/** Writes epoch µs as a FIX UTCTimestamp at ms or µs precision into `out` at `at`; returns the end. */
export function writeUtcTimestamp(out: Uint8Array, at: number, us: bigint, precision: 'ms' | 'us'): number {
  const totalUs = Number(us);
  const second = Math.floor(totalUs / 1_000_000);
  if (second !== secondCached) {
    const date = new Date(second * 1000);
    let p = 0;
    p = put(secondText, p, date.getUTCFullYear(), 4);
    p = put(secondText, p, date.getUTCMonth() + 1, 2);
    p = put(secondText, p, date.getUTCDate(), 2);
    secondText[p++] = MINUS;
    p = put(secondText, p, date.getUTCHours(), 2);
    secondText[p++] = 58;
    p = put(secondText, p, date.getUTCMinutes(), 2);
    secondText[p++] = 58;
    put(secondText, p, date.getUTCSeconds(), 2);
    secondCached = second;
  }
  out.set(secondText, at);
  let p = at + 17;
  out[p++] = DOT;
  const micros = totalUs - second * 1_000_000;
  if (precision === 'ms') return put(out, p, Math.floor(micros / 1000), 3);
  return put(out, p, micros, 6);
}

function put(out: Uint8Array, at: number, value: number, width: number): number {
  let v = value;
  for (let i = width - 1; i >= 0; i -= 1) {
    out[at + i] = ZERO + (v % 10);
    v = Math.floor(v / 10);
  }
  return at + width;
}

/** True for a well-formed UTCTimestamp (the same rules as readUtcTimestampUs, without building the number). */
export function isUtcTimestamp(bytes: Uint8Array, from: number, to: number): boolean {
  const length = to - from;
  if (length !== 17 && length !== 21 && length !== 24 && length !== 27) return false;
  if (bytes[from + 8] !== MINUS) return false;
  const century = twoDigits(bytes, from);
  const year = twoDigits(bytes, from + 2);
  return century >= 0 && year >= 0 && validDate(century * 100 + year, twoDigits(bytes, from + 4), twoDigits(bytes, from + 6)) && isTimeAt(bytes, from + 9, length - 9);
}

/** True for a well-formed UTCTimeOnly. */
export function isTimeOfDay(bytes: Uint8Array, from: number, to: number): boolean {
  const length = to - from;
  return (length === 8 || length === 12 || length === 15 || length === 18) && isTimeAt(bytes, from, length);
}

/** HH:MM:SS, then for a length over 8 a dot and digits (the caller has checked the length is one FIX allows). */
function isTimeAt(bytes: Uint8Array, from: number, length: number): boolean {
  if (bytes[from + 2] !== 58 || bytes[from + 5] !== 58) return false;
  const hour = twoDigits(bytes, from);
  const minute = twoDigits(bytes, from + 3);
  const second = twoDigits(bytes, from + 6);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  if (length === 8) return true;
  if (bytes[from + 8] !== DOT) return false;
  for (let i = from + 9; i < from + length; i += 1) {
    const c = bytes[i] ?? 0;
    if (c < ZERO || c > NINE) return false;
  }
  return true;
}

/** The two digits at `at` as a number, or -1 when either is not a digit. */
function twoDigits(bytes: Uint8Array, at: number): number {
  const high = (bytes[at] ?? 0) - ZERO;
  const low = (bytes[at + 1] ?? 0) - ZERO;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/** Epoch µs as a FIX UTCTimestamp string at ms or µs precision (for field values such as TransactTime). */
export function formatUtcTimestamp(us: bigint, precision: 'ms' | 'us'): string {
  const out = new Uint8Array(24);
  const end = writeUtcTimestamp(out, 0, us, precision);
  let s = '';
  for (let i = 0; i < end; i += 1) s += String.fromCharCode(out[i] ?? 0);
  return s;
}

/** The format check of a value by its field kind (String and Data take any bytes). */
export function isWellFormed(kind: number, bytes: Uint8Array, start: number, end: number): boolean {
  switch (kind) {
    case FieldKind.Int:
      return isInt(bytes, start, end);
    case FieldKind.Float:
      return isFloat(bytes, start, end);
    case FieldKind.Char:
      return end - start === 1;
    case FieldKind.Boolean:
      return end - start === 1 && (bytes[start] === 89 || bytes[start] === 78);
    case FieldKind.UtcTimestamp:
      return isUtcTimestamp(bytes, start, end);
    case FieldKind.Date:
      return isDate(bytes, start, end);
    case FieldKind.Time:
      return isTimeOfDay(bytes, start, end);
    case FieldKind.MonthYear:
      return isMonthYear(bytes, start, end);
    default:
      return true;
  }
}

/** MonthYear: YYYYMM, YYYYMMDD or YYYYMMwN. */
function isMonthYear(bytes: Uint8Array, start: number, end: number): boolean {
  const month = readInt(bytes, start + 4, start + 6);
  if (end - start < 6 || readInt(bytes, start, start + 4) === undefined || month === undefined || month < 1 || month > 12) return false;
  if (end - start === 6) return true;
  if (end - start === 8 && bytes[start + 6] === 119) return readInt(bytes, start + 7, end) !== undefined;
  return end - start === 8 && isDate(bytes, start, end);
}
