import { divideToScale, formatScaled, normalizeDecimal, parseDecimal, rescale } from './decimal';
import { TradingStatus } from './enums';
import { ModelError } from './errors';
import { RejectCode } from './reject-code';
import type { PriceTicks, QtyLots } from './units';

/** Instrument reference data as config and the database hold it (sizes as exact decimal strings). */
export interface InstrumentSpec {
  readonly symbol: string;
  readonly isin?: string | null | undefined;
  readonly currency: string;
  readonly tickSize: string;
  readonly lotSize: string;
  readonly tradingStatus?: TradingStatus | 'open' | 'halted' | 'closed' | undefined;
}

/**
 * Reference data of one instrument, with the scales that make conversions exact. A price of `p` ticks is
 * `p * tickUnits / 10^priceScale` in the price currency; a quantity of `q` lots is `q * lotUnits / 10^qtyScale`.
 */
export interface Instrument {
  readonly symbol: string;
  /** ISIN (RTS 24 field 18), when known. */
  readonly isin: string | undefined;
  /** ISO 4217 price currency. */
  readonly currency: string;
  /** Tick size as a normalized decimal string ("0.01"). */
  readonly tickSize: string;
  /** Lot size as a normalized decimal string ("1", "0.001"). */
  readonly lotSize: string;
  /** Fraction digits of the tick size: "0.05" -> 2. */
  readonly priceScale: number;
  /** Tick size in units of 10^-priceScale: "0.05" -> 5n. */
  readonly tickUnits: bigint;
  /** Fraction digits of the lot size. */
  readonly qtyScale: number;
  /** Lot size in units of 10^-qtyScale. */
  readonly lotUnits: bigint;
  readonly tradingStatus: TradingStatus;
}

/** The outcome of converting an edge value: the integer, or the reject code and text to refuse the order with. */
export type Conversion<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: RejectCode; readonly text: string };

const TRADING_STATUSES: readonly string[] = Object.values(TradingStatus);

function positiveSize(text: string, what: string, symbol: string): { units: bigint; scale: number; text: string } {
  const parsed = parseDecimal(text);
  if (parsed === undefined || parsed.units <= 0n) {
    throw new ModelError('GW_ERR_MODEL_INVALID_INSTRUMENT', `${symbol}: ${what} must be a positive decimal string, got "${text}"`);
  }
  const normal = normalizeDecimal(parsed);
  return { units: normal.units, scale: normal.scale, text: formatScaled(normal.units, normal.scale) };
}

/** Builds an Instrument from reference data; throws ModelError on a size that is not a positive decimal. */
export function defineInstrument(spec: InstrumentSpec): Instrument {
  if (spec.symbol.length === 0) throw new ModelError('GW_ERR_MODEL_INVALID_INSTRUMENT', 'an instrument needs a symbol');
  const tick = positiveSize(spec.tickSize, 'tickSize', spec.symbol);
  const lot = positiveSize(spec.lotSize, 'lotSize', spec.symbol);
  const status = spec.tradingStatus ?? TradingStatus.Open;
  if (!TRADING_STATUSES.includes(status)) {
    throw new ModelError('GW_ERR_MODEL_INVALID_INSTRUMENT', `${spec.symbol}: unknown trading status "${status}"`);
  }
  return Object.freeze({
    symbol: spec.symbol,
    isin: spec.isin ?? undefined,
    currency: spec.currency,
    tickSize: tick.text,
    lotSize: lot.text,
    priceScale: tick.scale,
    tickUnits: tick.units,
    qtyScale: lot.scale,
    lotUnits: lot.units,
    tradingStatus: status === 'halted' ? TradingStatus.Halted : status === 'closed' ? TradingStatus.Closed : TradingStatus.Open,
  });
}

/** The same instrument with another trading status. */
export function withTradingStatus(instrument: Instrument, tradingStatus: TradingStatus): Instrument {
  return Object.freeze({ ...instrument, tradingStatus });
}

function toMultiple(text: string, sizeUnits: bigint, sizeScale: number): bigint | 'syntax' | 'off' {
  const parsed = parseDecimal(text);
  if (parsed === undefined) return 'syntax';
  const scale = Math.max(parsed.scale, sizeScale);
  const value = rescale(parsed, scale);
  const size = sizeUnits * 10n ** BigInt(scale - sizeScale);
  if (value % size !== 0n) return 'off';
  return value / size;
}

/** "100.25" -> ticks of the instrument, exactly; off the tick, not a decimal or too large -> failure. */
export function priceToTicks(price: string, instrument: Instrument): Conversion<PriceTicks> {
  const ticks = toMultiple(price, instrument.tickUnits, instrument.priceScale);
  if (ticks === 'syntax') return { ok: false, code: RejectCode.InvalidPrice, text: `price "${price}" is not a decimal` };
  if (ticks === 'off') {
    return { ok: false, code: RejectCode.PriceOffTick, text: `price ${price} is not a multiple of the tick size ${instrument.tickSize}` };
  }
  const value = Number(ticks);
  if (!Number.isSafeInteger(value)) return { ok: false, code: RejectCode.PriceOutOfRange, text: `price ${price} is out of range` };
  return { ok: true, value: value as PriceTicks };
}

/** "1500" -> lots of the instrument, exactly; negative, off the lot, not a decimal or too large -> failure. */
export function qtyToLots(qty: string, instrument: Instrument): Conversion<QtyLots> {
  const lots = toMultiple(qty, instrument.lotUnits, instrument.qtyScale);
  if (lots === 'syntax') return { ok: false, code: RejectCode.InvalidQuantity, text: `quantity "${qty}" is not a decimal` };
  if (lots === 'off') {
    return { ok: false, code: RejectCode.QuantityOffLot, text: `quantity ${qty} is not a multiple of the lot size ${instrument.lotSize}` };
  }
  const value = Number(lots);
  if (lots < 0n || !Number.isSafeInteger(value)) {
    return { ok: false, code: RejectCode.InvalidQuantity, text: `quantity ${qty} is negative or out of range` };
  }
  return { ok: true, value: value as QtyLots };
}

/**
 * What an edge (FIX, REST) makes of client input: the command (or a part of one), or the RejectCode and text the
 * edge refuses it with.
 */
export type EdgeResult<T> = { readonly ok: true; readonly command: T } | { readonly ok: false; readonly code: RejectCode; readonly text: string };

export function refused<T>(code: RejectCode, text: string): EdgeResult<T> {
  return { ok: false, code, text };
}

function optional<T>(text: string | undefined, convert: (text: string) => Conversion<T>, field: string | undefined): EdgeResult<T | undefined> {
  if (text === undefined) return { ok: true, command: undefined };
  const converted = convert(text);
  if (converted.ok) return { ok: true, command: converted.value };
  return refused(converted.code, field === undefined ? converted.text : `${field}: ${converted.text}`);
}

/** An optional decimal price as ticks (undefined when absent); `field`, when given, names it in the refusal. */
export function optionalTicks(text: string | undefined, instrument: Instrument, field?: string): EdgeResult<PriceTicks | undefined> {
  return optional(text, (t) => priceToTicks(t, instrument), field);
}

/** An optional decimal quantity as lots (undefined when absent); `field`, when given, names it in the refusal. */
export function optionalLots(text: string | undefined, instrument: Instrument, field?: string): EdgeResult<QtyLots | undefined> {
  return optional(text, (t) => qtyToLots(t, instrument), field);
}

/** Ticks -> the exact decimal price string at the instrument's price scale: 2005 ticks of 0.05 -> "100.25". */
export function ticksToPrice(ticks: PriceTicks | number, instrument: Instrument): string {
  return formatScaled(BigInt(ticks) * instrument.tickUnits, instrument.priceScale);
}

/** Lots -> the exact decimal quantity string. */
export function lotsToQty(lots: QtyLots | number, instrument: Instrument): string {
  return formatScaled(BigInt(lots) * instrument.lotUnits, instrument.qtyScale);
}

/**
 * The average price of an order as a decimal string: notional (sum of priceTicks * qtyLots over its fills) over
 * its cumulative quantity, at `extraDigits` more fraction digits than the price scale, rounded half away from
 * zero. "0" when nothing is filled.
 */
export function averagePriceToDecimal(
  notionalTicksLots: bigint,
  cumQtyLots: QtyLots | number,
  instrument: Instrument,
  extraDigits = 4,
): string {
  if (cumQtyLots === 0) return '0';
  const scale = instrument.priceScale + extraDigits;
  const units = divideToScale(notionalTicksLots * instrument.tickUnits, BigInt(cumQtyLots) * 10n ** BigInt(instrument.priceScale), scale);
  return formatScaled(units, scale);
}
