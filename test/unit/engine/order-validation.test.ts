import { expect } from 'chai';
import { validatePlace } from '../../../engine/order-validation';
import { OrderType, RejectCode, SelfTradePrevention, SelfTradeScope, Side, TimeInForce } from '../../../engine/model';
import type { PlaceOrder, PriceTicks, QtyLots } from '../../../engine/model';

/**
 * validatePlace checks the enum fields by plain comparisons (see order-validation.ts): every member of each enum
 * must pass them, and anything else must be refused with its code. Guards against a member added to an enum but
 * not to the comparisons (the reference book shares validatePlace, so the differential test cannot see it).
 */
const NOW_US = 1_767_258_000_000_000n;

function limit(overrides: Partial<Record<keyof PlaceOrder, unknown>>): PlaceOrder {
  return {
    kind: 'PlaceOrder',
    sessionId: 'S1',
    clientOrderId: 'C1',
    account: 'ACC',
    firm: 'FIRM',
    symbol: 'ACME',
    side: Side.Buy,
    type: OrderType.Limit,
    timeInForce: TimeInForce.GoodTillCancel,
    qtyLots: 10 as QtyLots,
    priceTicks: 100 as PriceTicks,
    ...overrides,
  } as PlaceOrder;
}

/** The codes that mean "this enum value is unknown". */
const MEMBERSHIP_CODES = [RejectCode.InvalidSide, RejectCode.UnsupportedOrderType, RejectCode.UnsupportedTimeInForce];

function membershipCode(command: PlaceOrder): RejectCode | undefined {
  const invalid = validatePlace(command, NOW_US);
  if (invalid === undefined) return undefined;
  if (MEMBERSHIP_CODES.includes(invalid.code) || invalid.text === 'unknown self-trade prevention mode or scope') return invalid.code;
  return undefined;
}

describe('engine/order-validation: enum fields', () => {
  it('every member of each enum passes the membership checks', () => {
    for (const side of Object.values(Side)) expect(membershipCode(limit({ side })), side).to.equal(undefined);
    for (const type of Object.values(OrderType)) expect(membershipCode(limit({ type, stopPriceTicks: 50 })), type).to.equal(undefined);
    for (const timeInForce of Object.values(TimeInForce)) {
      expect(membershipCode(limit({ timeInForce, expireTimeUs: NOW_US + 1n })), timeInForce).to.equal(undefined);
    }
    for (const mode of Object.values(SelfTradePrevention)) expect(membershipCode(limit({ selfTradePrevention: mode })), mode).to.equal(undefined);
    for (const scope of Object.values(SelfTradeScope)) expect(membershipCode(limit({ selfTradeScope: scope })), scope).to.equal(undefined);
  });

  it('an unknown value is refused with its code, including inherited property names', () => {
    for (const bogus of ['SIDEWAYS', 'buy', '', 'constructor', 'toString']) {
      expect(validatePlace(limit({ side: bogus }), NOW_US)?.code).to.equal(RejectCode.InvalidSide);
      expect(validatePlace(limit({ type: bogus }), NOW_US)?.code).to.equal(RejectCode.UnsupportedOrderType);
      expect(validatePlace(limit({ timeInForce: bogus }), NOW_US)?.code).to.equal(RejectCode.UnsupportedTimeInForce);
      expect(validatePlace(limit({ selfTradePrevention: bogus }), NOW_US)?.code).to.equal(RejectCode.InvalidFlagCombination);
      expect(validatePlace(limit({ selfTradeScope: bogus }), NOW_US)?.code).to.equal(RejectCode.InvalidFlagCombination);
    }
  });
});
