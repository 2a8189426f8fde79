import type { Instrument } from '../engine/model';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** A non-negative decimal string as units at its own scale ("100.25" -> 10025n, 2); null for anything else. */
export function parseAmount(text: string): { readonly units: bigint; readonly scale: number } | null {
  const m = DECIMAL.exec(text);
  if (m === null) return null;
  const fraction = m[2] ?? '';
  return { units: BigInt(`${m[1] ?? '0'}${fraction}`), scale: fraction.length };
}

/** True for a non-negative decimal string ("1000", "0.5"). */
export function isAmount(text: string): boolean {
  return DECIMAL.test(text);
}

/**
 * How many whole units of size `sizeUnits / 10^sizeScale` fit in the decimal `text` (rounded down), as a number:
 * "100.5" of lots of "1" -> 100. Infinity for a value past 2^53 units (it can never be reached by a safe integer).
 */
export function wholeUnits(text: string, sizeUnits: bigint, sizeScale: number): number {
  const amount = parseAmount(text);
  if (amount === null) return Number.NaN;
  const scale = Math.max(amount.scale, sizeScale);
  const value = amount.units * 10n ** BigInt(scale - amount.scale);
  const size = sizeUnits * 10n ** BigInt(scale - sizeScale);
  const whole = Number(value / size);
  return Number.isSafeInteger(whole) ? whole : Number.POSITIVE_INFINITY;
}

/** The value of one tick x one lot in the price currency, as a double (aggregates over instruments use it). */
export function tickLotValue(instrument: Instrument): number {
  return Number(instrument.tickUnits * instrument.lotUnits) / 10 ** (instrument.priceScale + instrument.qtyScale);
}

/** ticks x lots as a decimal string of the price currency, exactly: (1001, 100) at 0.01 x 1 -> "1001". */
export function ticksLotsToAmount(ticksLots: number, instrument: Instrument): string {
  const scale = instrument.priceScale + instrument.qtyScale;
  const units = BigInt(ticksLots) * instrument.tickUnits * instrument.lotUnits;
  return formatUnits(units, scale);
}

/** A currency amount (double) for a reject text, with at most 2 decimals. */
export function formatMoney(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function formatUnits(units: bigint, scale: number): string {
  if (scale === 0) return units.toString();
  const negative = units < 0n;
  const text = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const out = `${text.slice(0, -scale)}.${text.slice(-scale)}`.replace(/\.?0+$/, '');
  return negative ? `-${out}` : out;
}
