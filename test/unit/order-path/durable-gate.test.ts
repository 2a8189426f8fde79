import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import { defineInstrument, OrderType, type PlaceOrder, priceTicks, qtyLots, Side, TimeInForce } from '../../../engine/model';
import { type EventBarrier, type EventSink, OrderPath, type SequencedEvent } from '../../../gateway/order-path';

const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' });
const T = BigInt(Date.UTC(2030, 0, 2, 10)) * 1000n;

let next = 0;
function order(sessionId: string, side: Side, qty: number, price: number): PlaceOrder {
  next += 1;
  return {
    kind: 'PlaceOrder', sessionId, clientOrderId: `C${next}`, account: sessionId, firm: sessionId, symbol: 'ACME', side,
    type: OrderType.Limit, timeInForce: TimeInForce.GoodTillCancel, qtyLots: qtyLots(qty), priceTicks: priceTicks(price),
  };
}

/** A sink that records the seqs it is given, in order. */
function recorder(beforeDurable: boolean): EventSink & { readonly seqs: number[] } {
  const seqs: number[] = [];
  return { beforeDurable, seqs, deliver: (events: readonly SequencedEvent[]) => void seqs.push(...events.map((e) => e.seq)) };
}

/** An order path whose barrier holds each command's release until the test commits it (as the journal would). */
function setup(firstEventSeq = 1) {
  const held: (() => void)[] = [];
  const barrier: EventBarrier = { record: (_command, _events, release) => void held.push(release) };
  const orderPath = new OrderPath(new MatchingEngine([ACME]), undefined, barrier, firstEventSeq);
  return { orderPath, commitNext: () => held.shift()?.() };
}

describe('OrderPath: sinks given events before they are durable, and the DurableGate', () => {
  it('gives a beforeDurable sink its events as they are produced, the others and the subscribers only at release', () => {
    const { orderPath, commitNext } = setup();
    const early = recorder(true);
    const late = recorder(false);
    const copies = recorder(false);
    orderPath.register('EARLY', early);
    orderPath.register('LATE', late);
    orderPath.subscribe(copies);
    orderPath.submit(order('EARLY', Side.Sell, 5, 1000), T);
    orderPath.submit(order('LATE', Side.Buy, 5, 1000), T);
    // Seq 1: EARLY accepted; then LATE accepted (2) and the trade (3), which both own.
    expect(early.seqs).to.deep.equal([1, 3]);
    expect(late.seqs).to.deep.equal([]);
    expect(copies.seqs).to.deep.equal([]);
    commitNext();
    commitNext();
    expect(early.seqs).to.deep.equal([1, 3]);
    expect(late.seqs).to.deep.equal([2, 3]);
    expect(copies.seqs).to.deep.equal([1, 2, 3]);
  });

  it('says when an event is durable: at once for what is, in commit order for the rest', async () => {
    const { orderPath, commitNext } = setup(10);
    expect(orderPath.until(9)).to.equal(null);
    orderPath.submit(order('A', Side.Sell, 5, 1000), T);
    orderPath.submit(order('B', Side.Sell, 5, 1001), T);
    expect(orderPath.lastEventSeq).to.equal(11);
    const resolved: number[] = [];
    const second = orderPath.until(11);
    const first = orderPath.until(10);
    void second?.then(() => resolved.push(11));
    void first?.then(() => resolved.push(10));
    expect([first, second].every((p) => p instanceof Promise)).to.equal(true);
    await new Promise((r) => setImmediate(r));
    expect(resolved).to.deep.equal([]);
    commitNext();
    await new Promise((r) => setImmediate(r));
    expect(resolved).to.deep.equal([10]);
    expect(orderPath.until(10)).to.equal(null);
    commitNext();
    await new Promise((r) => setImmediate(r));
    expect(resolved).to.deep.equal([10, 11]);
    expect(orderPath.until(11)).to.equal(null);
  });

  it('without a barrier, events are durable at once', () => {
    const orderPath = new OrderPath(new MatchingEngine([ACME]));
    orderPath.submit(order('A', Side.Sell, 5, 1000), T);
    expect(orderPath.lastEventSeq).to.equal(1);
    expect(orderPath.until(1)).to.equal(null);
  });
});
