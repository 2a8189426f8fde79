import type { Instrument } from '../engine/model';

/** A non-negative decimal string at `scale` digits as a bigint (truncating nothing: more digits than the scale fail). */
export function decimalToScaled(text: string, scale: number): bigint | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (m === null) return null;
  const fraction = m[2] ?? '';
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) return null;
  return BigInt(m[1] ?? '0') * 10n ** BigInt(scale) + BigInt(fraction.slice(0, scale).padEnd(scale, '0') || '0');
}

/** Order value in units of 10^-(priceScale + qtyScale) of the price currency: ticks x tick size x lots x lot size. */
export function notionalScaled(priceTicks: number, qtyLots: number, instrument: Instrument): bigint {
  return BigInt(priceTicks) * instrument.tickUnits * BigInt(qtyLots) * instrument.lotUnits;
}

export function notionalScale(instrument: Instrument): number {
  return instrument.priceScale + instrument.qtyScale;
}
