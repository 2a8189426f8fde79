import { lotsToQty, RejectCode, ticksToPrice, type Instrument } from '../engine/model';
import { usAsNumber } from './clock';
import type { CompiledLimits } from './compiled-limits';
import { formatMoney, ticksLotsToAmount } from './decimal-units';
import type { RiskEntity, SymbolRef } from './risk-entity';

/** What a check verdict is: accept, or reject with a stable code and a text that names the limit and its value. */
export type RiskDecision = { readonly kind: 'accept' } | { readonly kind: 'reject'; readonly code: RejectCode; readonly text: string };

export const ACCEPT: RiskDecision = Object.freeze({ kind: 'accept' });

export function reject(code: RejectCode, text: string): RiskDecision {
  return { kind: 'reject', code, text };
}

/**
 * The facts of the order being checked, filled in place for each command (one object per PreTradeRisk, so the
 * accept path allocates nothing).
 */
export class OrderFacts {
  isNew = true;
  buy = true;
  symbol = '';
  /** Order quantity (a replace: its new total quantity). */
  qtyLots = 0;
  /** Limit or protection price; NaN when the order has none. */
  priceTicks = Number.NaN;
  /** The price the order is valued at: its price, stop price or the mark price; NaN when none is known. */
  valueTicks = Number.NaN;
  /** Lots by which the order adds to the open orders (new: all; replace: the increase). */
  addLots = 0;
  ref: SymbolRef | null = null;
  instrument: Instrument | null = null;
  /** The time of the check. */
  nowUs = 0n;
}

function priceText(ticks: number, instrument: Instrument): string {
  return Number.isInteger(ticks) ? ticksToPrice(ticks, instrument) : String(ticks * Number(instrument.tickSize));
}

/** The limits of one level against one order. Returns ACCEPT itself when they pass. */
export function checkLevel(c: CompiledLimits, entity: RiskEntity, o: OrderFacts, instrument: Instrument, ref: SymbolRef): RiskDecision {
  if (c.restricted) return reject(RejectCode.RestrictedInstrument, `instrument ${instrument.symbol} is on the restricted list of ${c.who}`);
  if (c.notPermitted) return reject(RejectCode.InstrumentNotPermitted, `instrument ${instrument.symbol} is not permitted for ${c.who}`);
  if (o.qtyLots > c.maxQtyLots) {
    return reject(RejectCode.MaxOrderQuantityExceeded, `max order quantity ${c.maxQtyText} exceeded for ${c.who} (order ${lotsToQty(o.qtyLots, instrument)})`);
  }
  if (c.maxValueTicksLots !== Number.POSITIVE_INFINITY) {
    if (Number.isNaN(o.valueTicks)) return reject(RejectCode.RiskLimitsMissing, `no price to value this order against the max order value ${c.maxValueText} of ${c.who}`);
    const ticksLots = o.qtyLots * o.valueTicks;
    if (ticksLots > c.maxValueTicksLots) {
      return reject(RejectCode.MaxNotionalExceeded, `max order value ${c.maxValueText} exceeded for ${c.who} (order ${ticksLotsToAmount(ticksLots, instrument)})`);
    }
  }
  if ((c.collarPercent !== Number.POSITIVE_INFINITY || c.collarTicks !== Number.POSITIVE_INFINITY) && !Number.isNaN(o.priceTicks)) {
    const reference = ref.collarReference(c.collarReference);
    // No last trade or no two-sided book yet: nothing to collar around. An external reference is set on purpose, so
    // a collar configured around one that is missing, or older than the level allows, refuses (fail closed) rather
    // than letting every price through.
    if (c.collarReference === 'external') {
      if (Number.isNaN(reference)) return reject(RejectCode.RiskLimitsMissing, `no external reference price for ${instrument.symbol} to apply the price collar of ${c.who}`);
      if (c.referenceMaxAgeUs !== Number.POSITIVE_INFINITY) {
        const ageUs = usAsNumber(o.nowUs) - ref.externalSetUs;
        if (ageUs > c.referenceMaxAgeUs) {
          return reject(RejectCode.RiskLimitsMissing, `the external reference price of ${instrument.symbol} is ${Math.floor(ageUs / 1000)} ms old, over the ${c.referenceMaxAgeMs} ms its price collar allows for ${c.who}`);
        }
      }
    }
    if (!Number.isNaN(reference)) {
      const distance = Math.abs(o.priceTicks - reference);
      if (distance * 100 > c.collarPercent * Math.abs(reference)) {
        return reject(RejectCode.PriceCollarBreached, `price ${priceText(o.priceTicks, instrument)} outside the ${c.collarPercent}% collar around ${priceText(reference, instrument)} (${c.collarReference}) for ${c.who}`);
      }
      if (distance > c.collarTicks) {
        return reject(RejectCode.PriceCollarBreached, `price ${priceText(o.priceTicks, instrument)} outside the ${c.collarTicks}-tick collar around ${priceText(reference, instrument)} (${c.collarReference}) for ${c.who}`);
      }
    }
  }
  if (o.isNew && entity.openOrders >= c.maxOpenOrders) return reject(RejectCode.MaxOpenOrdersExceeded, `max open orders ${c.maxOpenOrders} reached for ${c.who}`);
  if (c.hasExposureLimits && (o.isNew || o.addLots > 0)) {
    const decision = checkExposure(c, entity, o, instrument);
    if (decision !== ACCEPT) return decision;
  }
  if (c.otrRatio !== Number.POSITIVE_INFINITY) {
    const messages = entity.messagesDay + 1;
    if (messages >= c.otrMinMessages && messages > c.otrRatio * Math.max(1, entity.tradesDay)) {
      return reject(RejectCode.OrderToTradeRatioExceeded, `order-to-trade ratio ${c.otrRatio} exceeded for ${c.who} (${messages} messages, ${entity.tradesDay} trades today)`);
    }
  }
  return ACCEPT;
}

function checkExposure(c: CompiledLimits, entity: RiskEntity, o: OrderFacts, instrument: Instrument): RiskDecision {
  const book = entity.bookIfAny(o.symbol);
  const position = book === undefined ? 0 : book.positionLots;
  if (o.buy) {
    const openBuys = book === undefined ? 0 : book.openBuyLots;
    if (position + openBuys + o.addLots > c.maxLongLots) {
      return reject(RejectCode.PositionLimitExceeded, `max long position ${c.maxLongText} exceeded for ${c.who} (position ${lotsToQty(position, instrument)} + open buys ${lotsToQty(openBuys, instrument)} + order ${lotsToQty(o.addLots, instrument)})`);
    }
  } else {
    const openSells = book === undefined ? 0 : book.openSellLots;
    if (-position + openSells + o.addLots > c.maxShortLots) {
      return reject(RejectCode.PositionLimitExceeded, `max short position ${c.maxShortText} exceeded for ${c.who} (position ${lotsToQty(position, instrument)} - open sells ${lotsToQty(openSells, instrument)} - order ${lotsToQty(o.addLots, instrument)})`);
    }
  }
  const needsPositions = c.maxDailyLoss !== Number.POSITIVE_INFINITY || c.maxGrossValue !== Number.POSITIVE_INFINITY || c.maxNetValue !== Number.POSITIVE_INFINITY || c.creditLimit !== Number.POSITIVE_INFINITY;
  if (needsPositions) entity.valuePositions();
  const needsValue = c.maxGrossValue !== Number.POSITIVE_INFINITY || c.maxNetValue !== Number.POSITIVE_INFINITY || c.creditLimit !== Number.POSITIVE_INFINITY;
  if (needsValue) {
    if (Number.isNaN(o.valueTicks)) return reject(RejectCode.RiskLimitsMissing, `no price to value this order against the position and credit limits of ${c.who}`);
    const orderValue = o.addLots * o.valueTicks * c.unitValue;
    const gross = entity.grossValue;
    if (gross + orderValue > c.maxGrossValue) {
      return reject(RejectCode.PositionLimitExceeded, `max gross position value ${c.maxGrossText} exceeded for ${c.who} (positions ${formatMoney(gross)} + order ${formatMoney(orderValue)})`);
    }
    const net = entity.netValue + (o.buy ? orderValue : -orderValue);
    if (Math.abs(net) > c.maxNetValue) {
      return reject(RejectCode.PositionLimitExceeded, `max net position value ${c.maxNetText} exceeded for ${c.who} (net after the order ${formatMoney(net)})`);
    }
    if (entity.openValue + gross + orderValue > c.creditLimit) {
      return reject(RejectCode.CreditLimitExceeded, `credit limit ${c.creditText} exceeded for ${c.who} (open orders ${formatMoney(entity.openValue)} + positions ${formatMoney(gross)} + order ${formatMoney(orderValue)})`);
    }
  }
  if (c.maxDailyLoss !== Number.POSITIVE_INFINITY) {
    const loss = -entity.pnlDay;
    if (loss >= c.maxDailyLoss) {
      return reject(RejectCode.LossLimitExceeded, `daily loss limit ${c.maxDailyLossText} reached for ${c.who} (loss today ${formatMoney(loss)}, realised + unrealised)`);
    }
  }
  return ACCEPT;
}
