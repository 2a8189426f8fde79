/**
 * FIX order entry to engine commands. Prices and quantities come from the raw string through the instrument's
 * exact conversion, never through a float. A message that cannot become a command gets a RejectCode and a text.
 */
import {
  type CancelOrder,
  type EdgeResult,
  type Instrument,
  type MassCancel,
  type MifidFields,
  NO_MIFID_FIELDS,
  type OrderStatusRequest,
  OrderType,
  type PlaceOrder,
  optionalLots,
  optionalTicks,
  RejectCode,
  refused,
  type ReplaceOrder,
  Side,
  TimeInForce,
  TradingCapacity,
  Channel,
} from '../../../engine/model';
import { Tag, Values } from '../../../fixspec';
import type { InboundMessage } from '../session/session-ports';

export type Translation<C> = EdgeResult<C>;

export interface OrderEntryContext {
  readonly sessionId: string;
  /** The session's account and firm bindings. */
  readonly account: string | undefined;
  readonly firm: string | undefined;
  instrument(symbol: string): Instrument | undefined;
}

const DEFAULT_FIRM = 'default';


function sideOf(value: string | undefined): Side | undefined {
  if (value === Values.Side.Buy) return Side.Buy;
  if (value === Values.Side.Sell || value === Values.Side.SellShort || value === Values.Side.SellShortExempt) return Side.Sell;
  return undefined;
}

function orderTypeOf(value: string | undefined): OrderType | undefined {
  switch (value) {
    case Values.OrdType.Market:
      return OrderType.Market;
    case Values.OrdType.Limit:
      return OrderType.Limit;
    case Values.OrdType.Stop:
      return OrderType.Stop;
    case Values.OrdType.StopLimit:
      return OrderType.StopLimit;
    default:
      return undefined;
  }
}

function timeInForceOf(value: string | undefined): TimeInForce | undefined {
  switch (value ?? Values.TimeInForce.Day) {
    case Values.TimeInForce.Day:
      return TimeInForce.Day;
    case Values.TimeInForce.GoodTillCancel:
      return TimeInForce.GoodTillCancel;
    case Values.TimeInForce.ImmediateOrCancel:
      return TimeInForce.ImmediateOrCancel;
    case Values.TimeInForce.FillOrKill:
      return TimeInForce.FillOrKill;
    case Values.TimeInForce.GoodTillDate:
      return TimeInForce.GoodTillDate;
    default:
      return undefined;
  }
}

function accountOf(message: InboundMessage, context: OrderEntryContext): Translation<string> {
  const given = message.getString(Tag.Account);
  if (context.account !== undefined && given !== undefined && given !== context.account) {
    return refused(RejectCode.InvalidAccount, `Account ${given} is not the account ${context.account} this session is bound to`);
  }
  const account = context.account ?? given;
  if (account === undefined) return refused(RejectCode.InvalidAccount, 'Account(1) required: this session is bound to no account');
  return { ok: true, command: account };
}

function mifidOf(message: InboundMessage): MifidFields {
  const capacity = message.getString(Tag.OrderCapacity);
  const tradingCapacity =
    capacity === Values.OrderCapacity.Agency ? TradingCapacity.AnyOtherCapacity : capacity === Values.OrderCapacity.RisklessPrincipal ? TradingCapacity.MatchedPrincipal : TradingCapacity.DealingOnOwnAccount;
  const dea = message.getString(1724) === '5';
  return tradingCapacity === NO_MIFID_FIELDS.tradingCapacity && !dea ? NO_MIFID_FIELDS : { ...NO_MIFID_FIELDS, tradingCapacity, directElectronicAccess: dea };
}

/** ExpireTime(126) as µs, or the end of ExpireDate(432) (UTC). */
function expireTimeOf(message: InboundMessage): bigint | undefined {
  const time = message.getString(Tag.ExpireTime);
  if (time !== undefined) {
    const m = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(time);
    if (m === null) return undefined;
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    return BigInt(ms) * 1000n + BigInt((m[7] ?? '').padEnd(6, '0').slice(0, 6) || '0');
  }
  const date = message.getString(Tag.ExpireDate);
  const d = date === undefined ? null : /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (d === null || d === undefined) return undefined;
  return BigInt(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]) + 1)) * 1000n;
}

function lotsOf(message: InboundMessage, tag: number, instrument: Instrument): Translation<PlaceOrder['qtyLots'] | undefined> {
  return optionalLots(message.getString(tag), instrument);
}

function ticksOf(message: InboundMessage, tag: number, instrument: Instrument): Translation<PlaceOrder['priceTicks']> {
  return optionalTicks(message.getString(tag), instrument);
}

/** The instrument a request names by Symbol(55): refused when the Symbol is missing or empty, or unknown. */
function instrumentNamed(symbol: string | undefined, context: OrderEntryContext, missing = 'the order has no Symbol(55)'): Translation<Instrument> {
  if (symbol === undefined || symbol === '') return refused(RejectCode.MissingField, missing);
  const instrument = context.instrument(symbol);
  return instrument === undefined ? refused(RejectCode.UnknownInstrument, `unknown instrument ${symbol}`) : { ok: true, command: instrument };
}

export function translateNewOrderSingle(message: InboundMessage, context: OrderEntryContext): Translation<PlaceOrder> {
  const clientOrderId = message.getString(Tag.ClOrdID) ?? '';
  const known = instrumentNamed(message.getString(Tag.Symbol), context);
  if (!known.ok) return known;
  const instrument = known.command;
  const symbol = instrument.symbol;
  const side = sideOf(message.getString(Tag.Side));
  if (side === undefined) return refused(RejectCode.InvalidSide, `Side ${message.getString(Tag.Side) ?? ''} is not supported`);
  const type = orderTypeOf(message.getString(Tag.OrdType));
  if (type === undefined) return refused(RejectCode.UnsupportedOrderType, `OrdType ${message.getString(Tag.OrdType) ?? ''} is not supported`);
  const timeInForce = timeInForceOf(message.getString(Tag.TimeInForce));
  if (timeInForce === undefined) return refused(RejectCode.UnsupportedTimeInForce, `TimeInForce ${message.getString(Tag.TimeInForce) ?? ''} is not supported`);
  const account = accountOf(message, context);
  if (!account.ok) return account;
  const qty = lotsOf(message, Tag.OrderQty, instrument);
  if (!qty.ok) return qty;
  if (qty.command === undefined || qty.command <= 0) return refused(RejectCode.InvalidQuantity, 'OrderQty(38) must be positive');
  const price = ticksOf(message, Tag.Price, instrument);
  if (!price.ok) return price;
  if ((type === OrderType.Limit || type === OrderType.StopLimit) && price.command === undefined) return refused(RejectCode.MissingField, 'Price(44) required for a limit order');
  const stop = ticksOf(message, Tag.StopPx, instrument);
  if (!stop.ok) return stop;
  if ((type === OrderType.Stop || type === OrderType.StopLimit) && stop.command === undefined) return refused(RejectCode.MissingField, 'StopPx(99) required for a stop order');
  const display = lotsOf(message, Tag.DisplayQty, instrument);
  if (!display.ok) return display;
  const maxFloor = display.command === undefined ? lotsOf(message, Tag.MaxFloor, instrument) : display;
  if (!maxFloor.ok) return maxFloor;
  const minQty = lotsOf(message, Tag.MinQty, instrument);
  if (!minQty.ok) return minQty;
  const expireTimeUs = timeInForce === TimeInForce.GoodTillDate ? expireTimeOf(message) : undefined;
  if (timeInForce === TimeInForce.GoodTillDate && expireTimeUs === undefined) return refused(RejectCode.InvalidExpireTime, 'GTD needs ExpireTime(126) or ExpireDate(432)');
  const execInst = message.getString(Tag.ExecInst) ?? '';
  return {
    ok: true,
    command: {
      kind: 'PlaceOrder',
      sessionId: context.sessionId,
      channel: Channel.Fix,
      clientOrderId,
      account: account.command,
      firm: context.firm ?? DEFAULT_FIRM,
      symbol,
      side,
      type,
      timeInForce,
      qtyLots: qty.command,
      priceTicks: price.command,
      stopPriceTicks: stop.command,
      displayQtyLots: maxFloor.command,
      minQtyLots: minQty.command,
      expireTimeUs,
      postOnly: execInst.split(' ').includes(Values.ExecInst.ParticipateDontInitiate),
      mifid: mifidOf(message),
    },
  };
}

export function translateCancel(message: InboundMessage, context: OrderEntryContext): Translation<CancelOrder> {
  const side = sideOf(message.getString(Tag.Side));
  if (side === undefined) return refused(RejectCode.InvalidSide, `Side ${message.getString(Tag.Side) ?? ''} is not supported`);
  const orderId = message.getInt(Tag.OrderID);
  return {
    ok: true,
    command: {
      kind: 'CancelOrder',
      sessionId: context.sessionId,
      channel: Channel.Fix,
      clientOrderId: message.getString(Tag.ClOrdID) ?? '',
      origClientOrderId: message.getString(Tag.OrigClOrdID) ?? '',
      orderId,
      symbol: message.getString(Tag.Symbol) ?? '',
      side,
    },
  };
}

export function translateReplace(message: InboundMessage, context: OrderEntryContext): Translation<ReplaceOrder> {
  const known = instrumentNamed(message.getString(Tag.Symbol), context);
  if (!known.ok) return known;
  const instrument = known.command;
  const symbol = instrument.symbol;
  const side = sideOf(message.getString(Tag.Side));
  if (side === undefined) return refused(RejectCode.InvalidSide, `Side ${message.getString(Tag.Side) ?? ''} is not supported`);
  const qty = lotsOf(message, Tag.OrderQty, instrument);
  if (!qty.ok) return qty;
  if (qty.command === undefined || qty.command <= 0) return refused(RejectCode.InvalidQuantity, 'OrderQty(38) must be positive');
  const price = ticksOf(message, Tag.Price, instrument);
  if (!price.ok) return price;
  const stop = ticksOf(message, Tag.StopPx, instrument);
  if (!stop.ok) return stop;
  const display = lotsOf(message, Tag.DisplayQty, instrument);
  if (!display.ok) return display;
  return {
    ok: true,
    command: {
      kind: 'ReplaceOrder',
      sessionId: context.sessionId,
      channel: Channel.Fix,
      clientOrderId: message.getString(Tag.ClOrdID) ?? '',
      origClientOrderId: message.getString(Tag.OrigClOrdID) ?? '',
      orderId: message.getInt(Tag.OrderID),
      symbol,
      side,
      qtyLots: qty.command,
      priceTicks: price.command,
      stopPriceTicks: stop.command,
      displayQtyLots: display.command,
      expireTimeUs: expireTimeOf(message),
    },
  };
}

export function translateStatusRequest(message: InboundMessage, context: OrderEntryContext): Translation<OrderStatusRequest> {
  return {
    ok: true,
    command: {
      kind: 'OrderStatusRequest',
      sessionId: context.sessionId,
      channel: Channel.Fix,
      orderId: message.getInt(Tag.OrderID),
      clientOrderId: message.getString(Tag.ClOrdID) ?? '',
      symbol: message.getString(Tag.Symbol) ?? '',
      side: sideOf(message.getString(Tag.Side)),
      requestId: message.getString(Tag.OrdStatusReqID),
    },
  };
}

/** MassCancelRequestType(530): 1 by security, 7 all orders; the session's own orders only. */
export function translateMassCancel(message: InboundMessage, context: OrderEntryContext): Translation<MassCancel> {
  const type = message.getString(Tag.MassCancelRequestType);
  const side = message.getString(Tag.Side) === undefined ? undefined : sideOf(message.getString(Tag.Side));
  if (type === Values.MassCancelRequestType.CancelOrdersForASecurity || type === Values.MassCancelRequestType.CancelAllOrders) {
    const symbol = type === Values.MassCancelRequestType.CancelAllOrders ? undefined : message.getString(Tag.Symbol);
    // Orders of one security: without a known Symbol it is refused, never widened to all of the session's orders.
    if (type === Values.MassCancelRequestType.CancelOrdersForASecurity) {
      const known = instrumentNamed(symbol, context, 'MassCancelRequestType 1 (orders of one security) needs Symbol(55)');
      if (!known.ok) return known;
    }
    return {
      ok: true,
      command: { kind: 'MassCancel', sessionId: context.sessionId, channel: Channel.Fix, requestId: message.getString(Tag.ClOrdID) ?? '', filter: { sessionId: context.sessionId, symbol, side } },
    };
  }
  return refused(RejectCode.UnsupportedOrderType, `MassCancelRequestType ${type ?? '(none)'} is not supported (1 and 7 are)`);
}
