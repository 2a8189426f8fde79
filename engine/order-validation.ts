import { OrderType, RejectCode, SelfTradePrevention, SelfTradeScope, Side, TimeInForce } from './model';
import type { PlaceOrder, ReplaceOrder } from './model';

/** Why a command is refused before it touches a book. */
export interface Invalid {
  readonly code: RejectCode;
  readonly text: string;
}

/**
 * Membership of the small string enums as plain comparisons (commands carry the interned literals, so each is a
 * pointer check). Array.includes over Object.values() cost ~5% of the engine, and one shared keyed lookup over
 * five tables went megamorphic. test/unit/engine/order-validation.test.ts checks every member of each enum passes.
 */
function isSide(value: string): boolean {
  return value === Side.Buy || value === Side.Sell;
}

function isOrderType(value: string): boolean {
  return value === OrderType.Limit || value === OrderType.Market || value === OrderType.Stop || value === OrderType.StopLimit;
}

function isTimeInForce(value: string): boolean {
  return (
    value === TimeInForce.Day ||
    value === TimeInForce.GoodTillCancel ||
    value === TimeInForce.ImmediateOrCancel ||
    value === TimeInForce.FillOrKill ||
    value === TimeInForce.GoodTillDate
  );
}

function isStpMode(value: string): boolean {
  return (
    value === SelfTradePrevention.None ||
    value === SelfTradePrevention.CancelResting ||
    value === SelfTradePrevention.CancelAggressor ||
    value === SelfTradePrevention.CancelBoth ||
    value === SelfTradePrevention.Decrement
  );
}

function isStpScope(value: string): boolean {
  return value === SelfTradeScope.Account || value === SelfTradeScope.Firm;
}

function positive(value: number | undefined): boolean {
  return value !== undefined && Number.isSafeInteger(value) && value > 0;
}

function invalid(code: RejectCode, text: string): Invalid {
  return { code, text };
}

/**
 * The static checks of a new order, in a fixed order (the first failure is the reason). Undefined when valid.
 * Instrument and trading status are checked before, duplicates and post-only after, by the engine.
 */
export function validatePlace(command: PlaceOrder, nowUs: bigint): Invalid | undefined {
  if (!isSide(command.side)) return invalid(RejectCode.InvalidSide, `unknown side ${String(command.side)}`);
  if (!isOrderType(command.type)) return invalid(RejectCode.UnsupportedOrderType, `unknown order type ${String(command.type)}`);
  if (!isTimeInForce(command.timeInForce)) {
    return invalid(RejectCode.UnsupportedTimeInForce, `unknown time in force ${String(command.timeInForce)}`);
  }
  const stp = command.selfTradePrevention;
  if ((stp !== undefined && !isStpMode(stp)) || (command.selfTradeScope !== undefined && !isStpScope(command.selfTradeScope))) {
    return invalid(RejectCode.InvalidFlagCombination, 'unknown self-trade prevention mode or scope');
  }
  if (command.account.length === 0) return invalid(RejectCode.InvalidAccount, 'the order has no account');
  if (command.clientOrderId.length === 0) return invalid(RejectCode.MissingField, 'the order has no client order id');
  const qty = command.qtyLots;
  if (!positive(qty)) return invalid(RejectCode.InvalidQuantity, `quantity must be a positive whole number of lots, got ${qty}`);
  const type = command.type;
  const priced = type === OrderType.Limit || type === OrderType.StopLimit;
  if (priced && command.priceTicks === undefined) return invalid(RejectCode.MissingField, `a ${type} order needs a price`);
  if (command.priceTicks !== undefined && !positive(command.priceTicks)) {
    return invalid(RejectCode.InvalidPrice, `price must be a positive whole number of ticks, got ${command.priceTicks}`);
  }
  const stop = type === OrderType.Stop || type === OrderType.StopLimit;
  if (stop && !positive(command.stopPriceTicks)) return invalid(RejectCode.InvalidStopPrice, `a ${type} order needs a positive stop price`);
  const tif = command.timeInForce;
  const immediate = tif === TimeInForce.ImmediateOrCancel || tif === TimeInForce.FillOrKill;
  const display = command.displayQtyLots;
  if (display !== undefined) {
    if (!positive(display) || display > qty) return invalid(RejectCode.InvalidDisplayQuantity, `display quantity must be in 1..${qty}`);
    if (!priced || immediate) return invalid(RejectCode.InvalidFlagCombination, 'an iceberg must be a resting limit order');
  }
  const minQty = command.minQtyLots;
  if (minQty !== undefined && (!positive(minQty) || minQty > qty)) {
    return invalid(RejectCode.InvalidMinQuantity, `minimum quantity must be in 1..${qty}`);
  }
  if (tif === TimeInForce.GoodTillDate && (command.expireTimeUs === undefined || command.expireTimeUs <= nowUs)) {
    return invalid(RejectCode.InvalidExpireTime, 'a GTD order needs an expiry time in the future');
  }
  if (command.postOnly === true && (type !== OrderType.Limit || immediate)) {
    return invalid(RejectCode.InvalidFlagCombination, 'post-only needs a limit order that may rest (DAY, GTC or GTD)');
  }
  return undefined;
}

/** The static checks of a replace, after the order was found. `priced`: the order has a limit price to change. */
export function validateReplace(command: ReplaceOrder, gtd: boolean, nowUs: bigint): Invalid | undefined {
  const qty = command.qtyLots;
  if (!positive(qty)) return invalid(RejectCode.InvalidQuantity, `quantity must be a positive whole number of lots, got ${qty}`);
  if (command.priceTicks !== undefined && !positive(command.priceTicks)) {
    return invalid(RejectCode.InvalidPrice, `price must be a positive whole number of ticks, got ${command.priceTicks}`);
  }
  if (command.stopPriceTicks !== undefined && !positive(command.stopPriceTicks)) {
    return invalid(RejectCode.InvalidStopPrice, `stop price must be a positive whole number of ticks`);
  }
  const display = command.displayQtyLots;
  if (display !== undefined && (!positive(display) || display > qty)) {
    return invalid(RejectCode.InvalidDisplayQuantity, `display quantity must be in 1..${qty}`);
  }
  if (gtd && command.expireTimeUs !== undefined && command.expireTimeUs <= nowUs) {
    return invalid(RejectCode.InvalidExpireTime, 'the new expiry time is not in the future');
  }
  return undefined;
}
