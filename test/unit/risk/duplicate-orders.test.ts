import { expect } from 'chai';
import { OrderType, type PlaceOrder, priceTicks, qtyLots, RejectCode, Side, TimeInForce } from '../../../engine/model';
import { DUPLICATE_HISTORY } from '../../../risk';
import { RecentOrders } from '../../../risk/duplicate-orders';
import { mulberry32 } from '../../support/seeded-random';
import { accepted, order, rejected, setup, T } from './risk-fixture';

interface Seen {
  readonly order: PlaceOrder;
  readonly atUs: number;
}

/** The control as the regulation reads: the same order among the session's last DUPLICATE_HISTORY, within the window. */
function naiveRepeats(history: readonly Seen[], o: PlaceOrder, sinceUs: number): number {
  return history.filter(
    (h) => h.atUs >= sinceUs && h.order.qtyLots === o.qtyLots && h.order.priceTicks === o.priceTicks && h.order.side === o.side && h.order.type === o.type && h.order.symbol === o.symbol && h.order.account === o.account,
  ).length;
}

describe('duplicate-order control: recent orders of a session', () => {
  it('counts the same repeats as a plain scan of the last orders over 20,000 seeded orders (small value sets, so repeats and shared buckets are common)', () => {
    const random = mulberry32(7);
    const pick = <V>(values: readonly V[]): V => values[Math.floor(random() * values.length)] as V;
    const recent = new RecentOrders();
    let history: Seen[] = [];
    let repeatsSeen = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const type = pick([OrderType.Limit, OrderType.Market]);
      const o: PlaceOrder = {
        kind: 'PlaceOrder', sessionId: 'S1', clientOrderId: `C${i}`, account: pick(['A1', 'A2']), firm: 'F1', symbol: pick(['X', 'Y']), side: pick([Side.Buy, Side.Sell]), type,
        timeInForce: TimeInForce.Day, qtyLots: qtyLots(1 + Math.floor(random() * 3)), ...(type === OrderType.Limit ? { priceTicks: priceTicks(100 + Math.floor(random() * 3)) } : {}),
      };
      const nowUs = i * 10;
      const windowUs = Math.floor(random() * 1_000);
      const expected = naiveRepeats(history, o, nowUs - windowUs);
      expect(recent.countRepeats(o, BigInt(nowUs), windowUs), `order ${i}`).to.equal(expected);
      repeatsSeen += expected;
      recent.record(o, BigInt(nowUs));
      history = [...history, { order: o, atUs: nowUs }].slice(-DUPLICATE_HISTORY);
      if (random() < 0.001) {
        recent.forget();
        history = [];
      }
    }
    expect(repeatsSeen).to.be.greaterThan(10_000);
  });

  it(`an order counts as a repeat while it is among the session's last ${DUPLICATE_HISTORY} new orders, and not after`, () => {
    const limits = [{ scope: 'session' as const, id: 'S1', limits: { duplicateMaxRepeats: 1, duplicateWindowMs: 60_000 } }];
    const same = { qtyLots: qtyLots(7), priceTicks: priceTicks(950) };
    for (const between of [DUPLICATE_HISTORY - 1, DUPLICATE_HISTORY]) {
      const { submit } = setup(limits);
      expect(accepted(submit(order(same), T))).to.equal(true);
      for (let i = 0; i < between; i += 1) expect(accepted(submit(order({ qtyLots: qtyLots(100 + i), priceTicks: priceTicks(950) }), T + BigInt(i + 1)))).to.equal(true);
      const again = submit(order(same), T + 1_000n);
      if (between < DUPLICATE_HISTORY) expect(rejected(again)?.code).to.equal(RejectCode.DuplicateOrder);
      else expect(accepted(again)).to.equal(true);
    }
  });
});
