import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import { defineInstrument, type EngineCommand, type EngineEvent, OrderStatus, OrderType, type PlaceOrder, priceTicks, qtyLots, RejectCode, Side, TimeInForce } from '../../../engine/model';
import { FinishedOrders } from '../../../gateway/order-path';

const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' });
const T = BigInt(Date.UTC(2030, 0, 2, 10)) * 1000n;

function place(sessionId: string, clientOrderId: string, side: Side, qty: number, price: number): PlaceOrder {
  return {
    kind: 'PlaceOrder', sessionId, clientOrderId, account: 'ACC', firm: 'F', symbol: 'ACME', side,
    type: OrderType.Limit, timeInForce: TimeInForce.GoodTillCancel, qtyLots: qtyLots(qty), priceTicks: priceTicks(price),
  };
}

/** An engine whose every command's events go to a FinishedOrders, numbered as the order path numbers them. */
function setup(maxPerSession?: number) {
  const engine = new MatchingEngine([ACME]);
  const finished = new FinishedOrders(maxPerSession);
  let seq = 1;
  const run = (command: EngineCommand): { readonly event: EngineEvent; readonly seq: number } => {
    const events = engine.execute(command, T);
    finished.observe(events, seq);
    seq += events.length;
    const last = events[events.length - 1];
    if (last === undefined) throw new Error('no event');
    return { event: last, seq: seq - 1 };
  };
  return { finished, run };
}

const cancel = (sessionId: string, clientOrderId: string, orig: string, orderId?: number): EngineCommand => ({ kind: 'CancelOrder', sessionId, clientOrderId, origClientOrderId: orig, orderId, symbol: 'ACME', side: Side.Buy });

describe('FinishedOrders: "already done" rather than "unknown" for requests about orders that finished', () => {
  it('explains a cancel of a filled order as already done, with its terms and last state; an unknown order stays unknown', () => {
    const { finished, run } = setup();
    run(place('S1', 'B1', Side.Buy, 10, 100));
    run(place('S2', 'A1', Side.Sell, 10, 100));
    const { event, seq } = run(cancel('S1', 'X1', 'B1'));
    expect(event.kind === 'OrderRejected' && event.code).to.equal(RejectCode.UnknownOrder);
    const explained = finished.explain(event, seq);
    expect(explained.kind).to.equal('OrderRejected');
    if (explained.kind !== 'OrderRejected') return;
    expect([explained.code, explained.order?.clientOrderId, explained.status, explained.cumQtyLots, explained.leavesQtyLots, explained.notionalTicksLots]).to.deep.equal([RejectCode.OrderAlreadyDone, 'B1', OrderStatus.Filled, 10, 0, 1000n]);
    expect(explained.text).to.match(/already filled/);
    const unknown = run(cancel('S1', 'X2', 'NOPE'));
    expect(finished.explain(unknown.event, unknown.seq)).to.equal(unknown.event);
  });

  it('answers a status request of a finished order with its last state; finds an order by id; not another session\'s', () => {
    const { finished, run } = setup();
    const accepted = run(place('S1', 'B1', Side.Buy, 10, 100)).event;
    const orderId = accepted.kind === 'OrderAccepted' ? accepted.order.orderId : -1;
    run(cancel('S1', 'X1', 'B1'));
    const status = run({ kind: 'OrderStatusRequest', sessionId: 'S1', clientOrderId: 'B1', symbol: 'ACME', requestId: 'Q1' });
    const report = finished.explain(status.event, status.seq);
    expect(report.kind === 'OrderStatusReported' && [report.requestId, report.status, report.order.orderId]).to.deep.equal(['Q1', OrderStatus.Cancelled, orderId]);
    const byId = run(cancel('S1', 'X2', 'whatever', orderId));
    expect(finished.explain(byId.event, byId.seq).kind === 'OrderRejected' && (finished.explain(byId.event, byId.seq) as { code: RejectCode }).code).to.equal(RejectCode.OrderAlreadyDone);
    const other = run(cancel('S2', 'X3', 'B1'));
    expect(finished.explain(other.event, other.seq)).to.equal(other.event);
  });

  it('a refusal is explained only by an order that finished before it (sequence numbers)', () => {
    const { finished, run } = setup();
    const early = run(cancel('S1', 'X0', 'B1'));
    run(place('S1', 'B1', Side.Buy, 10, 100));
    run(cancel('S1', 'X1', 'B1'));
    // B1 finished after the first cancel was refused: that refusal stays "unknown".
    expect(finished.explain(early.event, early.seq)).to.equal(early.event);
  });

  it('a replace to no more than the filled quantity is kept as FIX reports it: filled, under the replace\'s ClOrdID', () => {
    const { finished, run } = setup();
    run(place('S1', 'B1', Side.Buy, 100, 100));
    run(place('S2', 'A1', Side.Sell, 40, 100));
    run({ kind: 'ReplaceOrder', sessionId: 'S1', clientOrderId: 'B1-R', origClientOrderId: 'B1', symbol: 'ACME', side: Side.Buy, qtyLots: qtyLots(30) });
    const status = run({ kind: 'OrderStatusRequest', sessionId: 'S1', clientOrderId: 'B1-R', symbol: 'ACME' });
    const report = finished.explain(status.event, status.seq);
    expect(report.kind === 'OrderStatusReported' && [report.status, report.order.qtyLots, report.cumQtyLots, report.order.origClientOrderId]).to.deep.equal([OrderStatus.Filled, 40, 40, 'B1']);
  });

  it('keeps at most maxPerSession finished orders per session, forgetting the oldest first', () => {
    const { finished, run } = setup(3);
    for (let i = 1; i <= 5; i += 1) {
      run(place('S1', `B${i}`, Side.Buy, 1, 100));
      run(cancel('S1', `X${i}`, `B${i}`));
    }
    expect(finished.size).to.equal(3);
    const oldest = run(cancel('S1', 'Y1', 'B2'));
    expect(finished.explain(oldest.event, oldest.seq)).to.equal(oldest.event);
    const kept = run(cancel('S1', 'Y2', 'B3'));
    expect(finished.explain(kept.event, kept.seq).kind === 'OrderRejected' && (finished.explain(kept.event, kept.seq) as { code: RejectCode }).code).to.equal(RejectCode.OrderAlreadyDone);
  });
});
