/**
 * Exact decimal strings <-> scaled bigints, for the edges of the model. No floating point anywhere.
 */

/** A decimal as an integer mantissa and a count of fraction digits: "100.250" -> { units: 100250n, scale: 3 }. */
export interface ScaledDecimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL = /^(-)?(\d*)(?:\.(\d*))?$/;

/** Parses "123", "-0.5", "100.250", ".5" (FIX float syntax); undefined for anything else. */
export function parseDecimal(text: string): ScaledDecimal | undefined {
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const intPart = match[2] ?? '';
  const fracPart = match[3] ?? '';
  if (intPart.length === 0 && fracPart.length === 0) return undefined;
  const digits = `${intPart}${fracPart}`;
  const magnitude = BigInt(digits.length === 0 ? '0' : digits);
  return { units: match[1] === '-' ? -magnitude : magnitude, scale: fracPart.length };
}

/** The same decimal with trailing fraction zeros removed: { 1000n, 3 } ("1.000") -> { 1n, 0 }. */
export function normalizeDecimal(value: ScaledDecimal): ScaledDecimal {
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/** Rescales to `scale` fraction digits; the caller makes sure no digits are lost (scale >= value.scale). */
export function rescale(value: ScaledDecimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** Formats units at a scale: (10025n, 2) -> "100.25"; (-5n, 3) -> "-0.005"; (7n, 0) -> "7". */
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString();
  if (scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.padStart(scale + 1, '0');
  const text = `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** numerator / denominator at `scale` fraction digits, rounded half away from zero. denominator > 0. */
export function divideToScale(numerator: bigint, denominator: bigint, scale: number): bigint {
  const scaled = numerator * 10n ** BigInt(scale);
  const quotient = scaled / denominator;
  const remainder = scaled % denominator;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twice >= denominator) return scaled < 0n ? quotient - 1n : quotient + 1n;
  return quotient;
}
