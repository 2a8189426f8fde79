import type { Instrument } from '../../../engine/model';

/** An exact amount of a currency: `units` of 10^-scale. */
export interface Amount {
  readonly units: bigint;
  readonly scale: number;
}

/** The scale of one tick x one lot of the instrument: every amount of it is a whole number of these units. */
export function amountScale(instrument: Instrument): number {
  return instrument.priceScale + instrument.qtyScale;
}

/** ticks x lots (a price times a quantity, in the instrument's units) as an exact amount of its currency. */
export function ticksLotsAmount(ticksLots: bigint, instrument: Instrument): Amount {
  return { units: ticksLots * instrument.tickUnits * instrument.lotUnits, scale: amountScale(instrument) };
}

/**
 * An amount risk keeps as a double (a sum of ticks x lots x the tick-lot value) back at the instrument's amount
 * scale: every term is a whole number of those units, so rounding there removes only the floating-point drift.
 */
export function doubleAmount(value: number, instrument: Instrument): Amount {
  const scale = amountScale(instrument);
  return { units: BigInt(Math.round(value * 10 ** scale)), scale };
}

export const ZERO: Amount = { units: 0n, scale: 0 };

export function addAmounts(a: Amount, b: Amount): Amount {
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * 10n ** BigInt(scale - a.scale) + b.units * 10n ** BigInt(scale - b.scale), scale };
}

export function absAmount(a: Amount): Amount {
  return a.units < 0n ? { units: -a.units, scale: a.scale } : a;
}

/** "-1234.50": every digit of the scale kept, a sign only when negative. */
export function formatAmount(a: Amount): string {
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString();
  const sign = negative ? '-' : '';
  if (a.scale === 0) return `${sign}${digits}`;
  const padded = digits.padStart(a.scale + 1, '0');
  return `${sign}${padded.slice(0, -a.scale)}.${padded.slice(-a.scale)}`;
}
