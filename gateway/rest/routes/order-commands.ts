/**
 * REST order bodies to engine commands, as gateway/fix/translate/inbound.ts does for FIX: decimal strings go
 * through the instrument's exact conversions (never a float); whatever cannot become a command is a RejectCode
 * and a text, refused at the edge.
 */
import {
  Channel,
  type EdgeResult,
  type Instrument,
  type MifidFields,
  NO_MIFID_FIELDS,
  OrderType,
  type PlaceOrder,
  optionalLots,
  optionalTicks,
  RejectCode,
  refused,
  type ReplaceOrder,
  SelfTradePrevention,
  Side,
  TimeInForce,
  TradingCapacity,
} from '../../../engine/model';
import { parseIsoMicros } from './order-json';
import type { MifidBody, PlaceOrderBody, ReplaceOrderBody } from './order-schemas';

export type Built<C> = EdgeResult<C>;


const SIDES: Record<PlaceOrderBody['side'], Side> = { BUY: Side.Buy, SELL: Side.Sell };
const TYPES: Record<PlaceOrderBody['type'], OrderType> = { LIMIT: OrderType.Limit, MARKET: OrderType.Market, STOP: OrderType.Stop, STOP_LIMIT: OrderType.StopLimit };
const TIFS: Record<NonNullable<PlaceOrderBody['timeInForce']>, TimeInForce> = {
  DAY: TimeInForce.Day,
  GTC: TimeInForce.GoodTillCancel,
  IOC: TimeInForce.ImmediateOrCancel,
  FOK: TimeInForce.FillOrKill,
  GTD: TimeInForce.GoodTillDate,
};
const STPS: Record<NonNullable<PlaceOrderBody['selfTradePrevention']>, SelfTradePrevention> = {
  NONE: SelfTradePrevention.None,
  CANCEL_RESTING: SelfTradePrevention.CancelResting,
  CANCEL_AGGRESSOR: SelfTradePrevention.CancelAggressor,
  CANCEL_BOTH: SelfTradePrevention.CancelBoth,
  DECREMENT: SelfTradePrevention.Decrement,
};
const CAPACITIES: Record<NonNullable<MifidBody['tradingCapacity']>, TradingCapacity> = {
  DEAL: TradingCapacity.DealingOnOwnAccount,
  MTCH: TradingCapacity.MatchedPrincipal,
  AOTC: TradingCapacity.AnyOtherCapacity,
};

function positiveQuantity(text: string, instrument: Instrument): Built<PlaceOrder['qtyLots']> {
  const qty = optionalLots(text, instrument, 'quantity');
  if (!qty.ok) return qty;
  if (qty.command === undefined || qty.command <= 0) return refused(RejectCode.InvalidQuantity, 'quantity must be positive');
  return { ok: true, command: qty.command };
}

function expireTime(text: string | undefined): Built<bigint | undefined> {
  if (text === undefined) return { ok: true, command: undefined };
  const us = parseIsoMicros(text);
  return us === undefined ? refused(RejectCode.InvalidExpireTime, `expireTime ${text} is not an RFC 3339 date-time`) : { ok: true, command: us };
}

export function mifidOf(body: MifidBody | undefined): MifidFields | undefined {
  if (body === undefined) return undefined;
  return {
    clientId: body.clientId,
    investmentDecisionMaker: body.investmentDecisionMaker,
    executionDecisionMaker: body.executionDecisionMaker,
    algoId: body.algoId,
    tradingCapacity: body.tradingCapacity === undefined ? NO_MIFID_FIELDS.tradingCapacity : CAPACITIES[body.tradingCapacity],
    directElectronicAccess: body.directElectronicAccess ?? false,
    liquidityProvision: body.liquidityProvision ?? false,
  };
}

export interface CommandOrigin {
  readonly sessionId: string;
  readonly clientOrderId: string;
  readonly firm: string;
}

export function buildPlaceOrder(body: PlaceOrderBody, instrument: Instrument, origin: CommandOrigin): Built<PlaceOrder> {
  const type = TYPES[body.type];
  const timeInForce = TIFS[body.timeInForce ?? 'DAY'];
  const qty = positiveQuantity(body.quantity, instrument);
  if (!qty.ok) return qty;
  const price = optionalTicks(body.price, instrument, 'price');
  if (!price.ok) return price;
  if ((type === OrderType.Limit || type === OrderType.StopLimit) && price.command === undefined) return refused(RejectCode.MissingField, `price is required for a ${body.type} order`);
  const stop = optionalTicks(body.stopPrice, instrument, 'stopPrice');
  if (!stop.ok) return stop;
  if ((type === OrderType.Stop || type === OrderType.StopLimit) && stop.command === undefined) return refused(RejectCode.MissingField, `stopPrice is required for a ${body.type} order`);
  if (type !== OrderType.Stop && type !== OrderType.StopLimit && stop.command !== undefined) return refused(RejectCode.InvalidStopPrice, `stopPrice is only for STOP and STOP_LIMIT orders`);
  const display = optionalLots(body.displayQty, instrument, 'displayQty');
  if (!display.ok) return display;
  const minQty = optionalLots(body.minQty, instrument, 'minQty');
  if (!minQty.ok) return minQty;
  const expiry = expireTime(body.expireTime);
  if (!expiry.ok) return expiry;
  if (timeInForce === TimeInForce.GoodTillDate && expiry.command === undefined) return refused(RejectCode.InvalidExpireTime, 'a GTD order needs expireTime');
  if (timeInForce !== TimeInForce.GoodTillDate && expiry.command !== undefined) return refused(RejectCode.InvalidExpireTime, 'expireTime is only for GTD orders');
  return {
    ok: true,
    command: {
      kind: 'PlaceOrder',
      sessionId: origin.sessionId,
      channel: Channel.Rest,
      clientOrderId: origin.clientOrderId,
      account: body.account,
      firm: origin.firm,
      symbol: body.symbol,
      side: SIDES[body.side],
      type,
      timeInForce,
      qtyLots: qty.command,
      priceTicks: price.command,
      stopPriceTicks: stop.command,
      displayQtyLots: display.command,
      minQtyLots: minQty.command,
      expireTimeUs: expiry.command,
      postOnly: body.postOnly ?? false,
      selfTradePrevention: body.selfTradePrevention === undefined ? undefined : STPS[body.selfTradePrevention],
      mifid: mifidOf(body.mifid),
    },
  };
}

/** The order a replace or cancel is about, as the REST API found it. */
export interface TargetOrder {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
}

export function buildReplaceOrder(body: ReplaceOrderBody, instrument: Instrument, target: TargetOrder, origin: Omit<CommandOrigin, 'firm'>): Built<ReplaceOrder> {
  const qty = positiveQuantity(body.quantity, instrument);
  if (!qty.ok) return qty;
  const price = optionalTicks(body.price, instrument, 'price');
  if (!price.ok) return price;
  const stop = optionalTicks(body.stopPrice, instrument, 'stopPrice');
  if (!stop.ok) return stop;
  const display = optionalLots(body.displayQty, instrument, 'displayQty');
  if (!display.ok) return display;
  const expiry = expireTime(body.expireTime);
  if (!expiry.ok) return expiry;
  return {
    ok: true,
    command: {
      kind: 'ReplaceOrder',
      sessionId: origin.sessionId,
      channel: Channel.Rest,
      clientOrderId: origin.clientOrderId,
      origClientOrderId: target.clientOrderId,
      orderId: target.orderId,
      symbol: target.symbol,
      side: target.side,
      qtyLots: qty.command,
      priceTicks: price.command,
      stopPriceTicks: stop.command,
      displayQtyLots: display.command,
      expireTimeUs: expiry.command,
      mifid: mifidOf(body.mifid),
    },
  };
}
