import type { Instrument } from '../engine/model';
import { isAmount, tickLotValue, wholeUnits } from './decimal-units';
import { RiskError } from './errors';
import type { CollarReference, RiskLimits } from './risk-limits';

const NONE = Number.POSITIVE_INFINITY;
const DEFAULT_DUPLICATE_WINDOW_MS = 1_000;
const DEFAULT_OTR_MIN_MESSAGES = 100;
/** The duplicate-order control looks at this many recent orders of a session (so repeats must stay below it). */
export const DUPLICATE_HISTORY = 64;

const AMOUNTS = ['maxOrderQty', 'maxOrderNotional', 'maxLongQty', 'maxShortQty', 'maxNetPositionValue', 'maxGrossPositionValue', 'creditLimit', 'maxDailyLoss'] as const;
const POSITIVE_NUMBERS = ['priceCollarPercent', 'priceCollarTicks', 'maxOrderToTradeRatio', 'duplicateWindowMs', 'maxQueueDelayMs'] as const;
const POSITIVE_INTEGERS = ['maxOpenOrders', 'maxMessagesPerSecond', 'orderToTradeMinMessages', 'duplicateMaxRepeats', 'referenceMaxAgeMs'] as const;

/** Every problem of a set of limits (empty when valid): for edges to report before they set them. */
export function limitProblems(limits: RiskLimits): string[] {
  const problems: string[] = [];
  for (const name of AMOUNTS) {
    const v = limits[name];
    if (v !== undefined && !isAmount(v)) problems.push(`${name} must be a non-negative decimal string, got "${v}"`);
  }
  for (const name of POSITIVE_NUMBERS) {
    const v = limits[name];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) problems.push(`${name} must be a positive number, got ${v}`);
  }
  for (const name of POSITIVE_INTEGERS) {
    const v = limits[name];
    if (v !== undefined && !(Number.isSafeInteger(v) && v > 0)) problems.push(`${name} must be a positive integer, got ${v}`);
  }
  if (limits.duplicateMaxRepeats !== undefined && limits.duplicateMaxRepeats >= DUPLICATE_HISTORY) problems.push(`duplicateMaxRepeats must be below ${DUPLICATE_HISTORY}`);
  if (limits.collarReference !== undefined && !['last', 'mid', 'external'].includes(limits.collarReference)) problems.push(`collarReference must be last, mid or external`);
  if (limits.throttleMode !== undefined && !['reject', 'queue'].includes(limits.throttleMode)) problems.push(`throttleMode must be reject or queue`);
  return problems;
}

export function assertValidLimits(limits: RiskLimits, where: string): void {
  const problems = limitProblems(limits);
  if (problems.length > 0) throw new RiskError('GW_ERR_RISK_INVALID_LIMIT', `limits of ${where}: ${problems.join('; ')}`);
}

/**
 * The limits of one level (global, a firm, an account or a session) for one instrument, as numbers ready for the
 * order path: quantities in lots, order value in ticks x lots (exact), aggregates in the price currency (double).
 * Unset limits are +Infinity, so a check is a comparison that never passes it. Built once per level and
 * instrument on its first order, and again after a limit change.
 */
export class CompiledLimits {
  maxQtyLots = NONE;
  maxQtyText = '';
  maxValueTicksLots = NONE;
  maxValueText = '';
  collarPercent = NONE;
  collarTicks = NONE;
  collarReference: CollarReference = 'last';
  maxLongLots = NONE;
  maxLongText = '';
  maxShortLots = NONE;
  maxShortText = '';
  maxNetValue = NONE;
  maxNetText = '';
  maxGrossValue = NONE;
  maxGrossText = '';
  creditLimit = NONE;
  creditText = '';
  maxDailyLoss = NONE;
  maxDailyLossText = '';
  maxOpenOrders = NONE;
  otrRatio = NONE;
  otrMinMessages = DEFAULT_OTR_MIN_MESSAGES;
  duplicateRepeats = NONE;
  duplicateWindowUs = DEFAULT_DUPLICATE_WINDOW_MS * 1000;
  /** The oldest an external reference may be for the collar, in µs, and in ms as the reject names it. */
  referenceMaxAgeUs = NONE;
  referenceMaxAgeMs = NONE;
  restricted = false;
  notPermitted = false;
  /** Any of long, short, net, gross, credit or loss: the checks that read positions. */
  hasExposureLimits = false;
  /** tick x lot value of the instrument in the price currency. */
  readonly unitValue: number;

  constructor(
    /** "account A1", "firm F1 (ACME)": how reject texts name the level. */
    readonly who: string,
    readonly instrument: Instrument,
  ) {
    this.unitValue = tickLotValue(instrument);
  }
}

/** Compiles a level's general limits and its limits for this instrument (both apply: the tighter of each wins). */
export function compileLimits(who: string, instrument: Instrument, general: RiskLimits | undefined, forSymbol: RiskLimits | undefined): CompiledLimits {
  const c = new CompiledLimits(forSymbol === undefined ? who : `${who} (${instrument.symbol})`, instrument);
  for (const limits of [general, forSymbol]) if (limits !== undefined) apply(c, limits, instrument);
  c.hasExposureLimits = [c.maxLongLots, c.maxShortLots, c.maxNetValue, c.maxGrossValue, c.creditLimit, c.maxDailyLoss].some((v) => v !== NONE);
  return c;
}

function apply(c: CompiledLimits, l: RiskLimits, instrument: Instrument): void {
  const valueScale = instrument.priceScale + instrument.qtyScale;
  const unit = instrument.tickUnits * instrument.lotUnits;
  if (l.maxOrderQty !== undefined) {
    const lots = wholeUnits(l.maxOrderQty, instrument.lotUnits, instrument.qtyScale);
    if (lots < c.maxQtyLots) [c.maxQtyLots, c.maxQtyText] = [lots, l.maxOrderQty];
  }
  if (l.maxOrderNotional !== undefined) {
    const ticksLots = wholeUnits(l.maxOrderNotional, unit, valueScale);
    if (ticksLots < c.maxValueTicksLots) [c.maxValueTicksLots, c.maxValueText] = [ticksLots, l.maxOrderNotional];
  }
  if (l.priceCollarPercent !== undefined) c.collarPercent = Math.min(c.collarPercent, l.priceCollarPercent);
  if (l.priceCollarTicks !== undefined) c.collarTicks = Math.min(c.collarTicks, l.priceCollarTicks);
  if (l.collarReference !== undefined) c.collarReference = l.collarReference;
  if (l.maxLongQty !== undefined) {
    const lots = wholeUnits(l.maxLongQty, instrument.lotUnits, instrument.qtyScale);
    if (lots < c.maxLongLots) [c.maxLongLots, c.maxLongText] = [lots, l.maxLongQty];
  }
  if (l.maxShortQty !== undefined) {
    const lots = wholeUnits(l.maxShortQty, instrument.lotUnits, instrument.qtyScale);
    if (lots < c.maxShortLots) [c.maxShortLots, c.maxShortText] = [lots, l.maxShortQty];
  }
  if (l.maxNetPositionValue !== undefined && Number(l.maxNetPositionValue) < c.maxNetValue) [c.maxNetValue, c.maxNetText] = [Number(l.maxNetPositionValue), l.maxNetPositionValue];
  if (l.maxGrossPositionValue !== undefined && Number(l.maxGrossPositionValue) < c.maxGrossValue) [c.maxGrossValue, c.maxGrossText] = [Number(l.maxGrossPositionValue), l.maxGrossPositionValue];
  if (l.creditLimit !== undefined && Number(l.creditLimit) < c.creditLimit) [c.creditLimit, c.creditText] = [Number(l.creditLimit), l.creditLimit];
  if (l.maxDailyLoss !== undefined && Number(l.maxDailyLoss) < c.maxDailyLoss) [c.maxDailyLoss, c.maxDailyLossText] = [Number(l.maxDailyLoss), l.maxDailyLoss];
  if (l.maxOpenOrders !== undefined) c.maxOpenOrders = Math.min(c.maxOpenOrders, l.maxOpenOrders);
  if (l.maxOrderToTradeRatio !== undefined) c.otrRatio = Math.min(c.otrRatio, l.maxOrderToTradeRatio);
  if (l.orderToTradeMinMessages !== undefined) c.otrMinMessages = l.orderToTradeMinMessages;
  if (l.duplicateMaxRepeats !== undefined) c.duplicateRepeats = Math.min(c.duplicateRepeats, l.duplicateMaxRepeats);
  if (l.duplicateWindowMs !== undefined) c.duplicateWindowUs = l.duplicateWindowMs * 1000;
  if (l.referenceMaxAgeMs !== undefined && l.referenceMaxAgeMs < c.referenceMaxAgeMs) [c.referenceMaxAgeMs, c.referenceMaxAgeUs] = [l.referenceMaxAgeMs, l.referenceMaxAgeMs * 1000];
  if (l.restrictedSymbols?.includes(instrument.symbol) === true) c.restricted = true;
  if (l.permittedSymbols !== undefined && !l.permittedSymbols.includes(instrument.symbol)) c.notPermitted = true;
}
