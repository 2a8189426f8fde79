import { expect } from 'chai';
import { ClientIdTable, IdTable } from '../../../engine/model';
import { mulberry32 } from '../../support/seeded-random';

/** An entry of both tables, as the engine's BookOrder and risk's LiveOrder are. */
class Entry {
  clientHash = 0;
  constructor(readonly orderId: number, public clientOrderId: string) {}
  clientKey(): string {
    return this.clientOrderId;
  }
}


function node(orderId: number, clientOrderId: string): Entry {
  return new Entry(orderId, clientOrderId);
}
class OrderIdIndex extends IdTable<Entry> {}
class ClientOrderIndex extends ClientIdTable<Entry> {}

describe('engine/model/order-tables: the open-addressing order tables (engine and risk) agree with a Map', () => {
  it('OrderIdIndex: colliding ids, wrap-around probes and deletes from the middle of a run', () => {
    const next = mulberry32(7);
    const index = new OrderIdIndex(16);
    const model = new Map<number, Entry>();
    for (let step = 0; step < 200_000; step += 1) {
      // Ids spread over a few multiples of the table size, so many share a home slot.
      const orderId = 1 + Math.floor(next() * 300) * 16 + Math.floor(next() * 3);
      const present = model.get(orderId);
      if (present !== undefined && next() < 0.6) {
        expect(index.delete(present)).to.equal(true);
        model.delete(orderId);
      } else if (present === undefined) {
        const order = node(orderId, `C${orderId}`);
        index.set(order);
        model.set(orderId, order);
      }
      if (step % 997 === 0) {
        expect(index.size).to.equal(model.size);
        for (const [id, order] of model) expect(index.get(id)).to.equal(order);
        for (let probe = 0; probe < 50; probe += 1) {
          const id = 1 + Math.floor(next() * 5000);
          expect(index.get(id)).to.equal(model.get(id));
        }
      }
    }
    const ascending = index.byAscendingId().map((order) => order.orderId);
    expect(ascending).to.deep.equal([...model.keys()].sort((a, b) => a - b));
  });

  it('OrderIdIndex: deleting an order that is not in the table changes nothing', () => {
    const index = new OrderIdIndex(16);
    const kept = node(5, 'A');
    index.set(kept);
    expect(index.delete(node(5, 'A'))).to.equal(false);
    expect(index.delete(node(21, 'B'))).to.equal(false);
    expect(index.get(5)).to.equal(kept);
    expect(index.size).to.equal(1);
  });

  it('ClientOrderIndex: lookups by ClOrdID, re-keying and removal by the hash kept in the order, a second removal refused', () => {
    const next = mulberry32(11);
    const index = new ClientOrderIndex(16);
    const model = new Map<string, Entry>();
    let orderId = 0;
    for (let step = 0; step < 100_000; step += 1) {
      const clientOrderId = `ORD-${Math.floor(next() * 2000)}`;
      const present = model.get(clientOrderId);
      const roll = next();
      if (present !== undefined && roll < 0.5) {
        expect(index.delete(present)).to.equal(true);
        expect(index.delete(present)).to.equal(false);
        model.delete(clientOrderId);
      } else if (present !== undefined && roll < 0.7) {
        // A replace: the live order takes a new ClOrdID that no live order uses.
        const renamed = `R-${step}`;
        expect(index.delete(present)).to.equal(true);
        present.clientOrderId = renamed;
        index.set(present);
        model.delete(clientOrderId);
        model.set(renamed, present);
      } else if (present === undefined) {
        orderId += 1;
        const order = node(orderId, clientOrderId);
        index.set(order);
        model.set(clientOrderId, order);
      }
      if (step % 991 === 0) {
        expect(index.size).to.equal(model.size);
        for (const [id, order] of model) expect(index.get(id)).to.equal(order);
        expect(index.has(`ORD-${2000 + step}`)).to.equal(false);
      }
    }
    for (const order of model.values()) expect(index.delete(order)).to.equal(true);
    expect(index.size).to.equal(0);
    for (const id of model.keys()) expect(index.has(id)).to.equal(false);
  });

  it('OrderIdIndex: ids 2^30 apart share a key and a home slot, and each is still found as itself', () => {
    const index = new OrderIdIndex(16);
    const low = node(7, 'A');
    const high = node(7 + 2 ** 30, 'B');
    const higher = node(7 + 2 ** 32, 'C');
    for (const order of [low, high, higher]) index.set(order);
    expect(index.get(7)).to.equal(low);
    expect(index.get(7 + 2 ** 30)).to.equal(high);
    expect(index.get(7 + 2 ** 32)).to.equal(higher);
    expect(index.get(7 + 2 ** 31)).to.equal(undefined);
    expect(index.delete(high)).to.equal(true);
    expect(index.get(7 + 2 ** 32)).to.equal(higher);
    expect(index.get(7 + 2 ** 30)).to.equal(undefined);
    expect(index.size).to.equal(2);
  });

  it('ClientOrderIndex: an entry replaced by another under the same ClOrdID is no longer filed', () => {
    const index = new ClientOrderIndex(16);
    const first = node(1, 'SAME');
    const second = node(2, 'SAME');
    index.set(first);
    index.set(second);
    expect(index.size).to.equal(1);
    expect(index.get('SAME')).to.equal(second);
    expect(index.delete(first)).to.equal(false);
    expect(index.delete(second)).to.equal(true);
    expect(index.has('SAME')).to.equal(false);
  });
});
