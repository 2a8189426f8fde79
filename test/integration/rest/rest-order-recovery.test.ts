import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import { defineInstrument, type EngineCommand } from '../../../engine/model';
import { OrderPath } from '../../../gateway/order-path';
import { RestOrderDesk, RestOrderStore } from '../../../gateway/rest';
import { databaseBackends, openIsolated } from '../../support/databases';

const T0 = 1_767_258_000_000_000n; // 2026-01-01T09:00:00Z

describe('REST orders after a restart', () => {
  it('follows the recovered orders of every REST source: an expiry at start reaches GET /orders before the source sends anything', async () => {
    const [backend] = databaseBackends();
    if (backend === undefined) throw new Error('no database backend');
    const { db, drop } = await openIsolated(backend);
    try {
      const engine = new MatchingEngine([defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' })]);
      const orderPath = new OrderPath(engine);
      const place = { kind: 'PlaceOrder', sessionId: 'rest:key:K1', channel: 'REST', clientOrderId: 'G1', account: 'A1', firm: 'F1', symbol: 'ACME', side: 'BUY', type: 'LIMIT', timeInForce: 'GTD', expireTimeUs: T0 + 1_000_000n, qtyLots: 1, priceTicks: 100 };
      // The journal's REST events as recovery gives them (here straight from the engine, before any desk exists).
      const recovered = orderPath.submit(place as unknown as EngineCommand & { kind: 'PlaceOrder' }, T0).map((e) => e.event);
      const accepted = recovered.find((e) => e.kind === 'OrderAccepted');
      if (accepted?.kind !== 'OrderAccepted') throw new Error('not accepted');
      const orderId = accepted.order.orderId;

      // As createOrderPath fills it while it replays.
      const store = new RestOrderStore();
      store.apply(recovered.map((event) => ({ seq: 0, event })));
      const desk = new RestOrderDesk({ orderPath, engine, db, nowUs: () => T0 + 2_000_000n, recovered: store });
      expect(desk.store.get(orderId)?.state.status).to.equal('NEW');
      // The expiry run at start, before the API key has sent a request in this process.
      orderPath.runAdmin({ kind: 'ExpireOrders' }, T0 + 2_000_000n);
      expect(desk.store.get(orderId)?.state.status).to.equal('EXPIRED');
    } finally {
      await drop();
    }
  });
});
