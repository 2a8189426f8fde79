import { ModelError } from './errors';

declare const priceTicksBrand: unique symbol;
declare const qtyLotsBrand: unique symbol;

/** A price in whole ticks of its instrument (a safe integer; may be negative for spreads). */
export type PriceTicks = number & { readonly [priceTicksBrand]: true };
/** A quantity in whole lots of its instrument (a non-negative safe integer). */
export type QtyLots = number & { readonly [qtyLotsBrand]: true };
/** Gateway order id: monotonic, assigned by the engine when it accepts an order. */
export type OrderId = number;
/** UTC microseconds since the epoch, from the one injected clock (RTS 25). */
export type TimestampUs = bigint;

export function isPriceTicks(value: number): value is PriceTicks {
  return Number.isSafeInteger(value);
}

export function isQtyLots(value: number): value is QtyLots {
  return Number.isSafeInteger(value) && value >= 0;
}

/** A price in ticks; throws on a value that is not a safe integer (use the guard at a parse boundary). */
export function priceTicks(value: number): PriceTicks {
  if (!isPriceTicks(value)) throw new ModelError('GW_ERR_MODEL_INVALID_VALUE', `not a price in ticks: ${value}`);
  return value;
}

/** A quantity in lots; throws on a value that is not a non-negative safe integer. */
export function qtyLots(value: number): QtyLots {
  if (!isQtyLots(value)) throw new ModelError('GW_ERR_MODEL_INVALID_VALUE', `not a quantity in lots: ${value}`);
  return value;
}
