import { expect } from 'chai';
import { Writable } from 'node:stream';
import { InstrumentRepository, migrate } from '../../../db';
import { type EngineCommand, type PlaceOrder, type Trade } from '../../../engine/model';
import { amendTrade } from '../../../gateway/order-path';
import { configSchema } from '../../../ops/config/schema';
import { createLogger } from '../../../ops/log/logger';
import { createOrderPath, type OrderWiring } from '../../../ops/order-wiring';
import { databaseBackends, openIsolated } from '../../support/databases';

const quiet = createLogger({ level: 'error', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });
const ACME = { symbol: 'ACME', isin: null, currency: 'USD', tickSize: '0.01', lotSize: '1', tradingStatus: 'open' } as const;

for (const backend of databaseBackends()) {
  describe(`trades cancelled and corrected by the venue, as the gateway wires it, on ${backend.name}`, function () {
    this.timeout(60_000);

    it('journals each side (audit record by the operator, execution_amendment rows naming the execution, the orders\' new state), keeps risk\'s positions, and a restart replays it: the order works the quantity again, the trade stays cancelled', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        await new InstrumentRepository(db).upsert(ACME);
        const config = configSchema.parse({});
        let us = 1_767_258_000_000_000n;
        const clock = { nowUs: (): bigint => us };
        const start = (): Promise<OrderWiring> => createOrderPath(config, db, clock, quiet);
        const place = (wiring: OrderWiring, order: Partial<PlaceOrder>): Trade[] => {
          us += 1_000n;
          const command = { kind: 'PlaceOrder', sessionId: 'S1', account: 'A1', firm: 'F1', symbol: 'ACME', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', qtyLots: 10, priceTicks: 1_000, ...order };
          return wiring.orderPath.submit(command as EngineCommand & { kind: 'PlaceOrder' }, us).flatMap(({ event }) => (event.kind === 'Trade' ? [event] : []));
        };

        let wiring = await start();
        place(wiring, { clientOrderId: 'B1' });
        const [first] = place(wiring, { sessionId: 'S2', clientOrderId: 'S1', account: 'A2', firm: 'F2', side: 'SELL', qtyLots: 4 } as Partial<PlaceOrder>);
        const [second] = place(wiring, { sessionId: 'S2', clientOrderId: 'S2', account: 'A2', firm: 'F2', side: 'SELL', qtyLots: 3 } as Partial<PlaceOrder>);
        if (first === undefined || second === undefined) throw new Error('no trades');
        expect(wiring.risk.position('A1', 'ACME').positionLots).to.equal(7);

        us += 1_000n;
        const busted = amendTrade(wiring.orderPath, { tradeId: first.tradeId, action: 'cancel', requestId: 'OPS-1', actor: 'ops1', reason: 'erroneous trade' }, us);
        us += 1_000n;
        const corrected = amendTrade(wiring.orderPath, { tradeId: second.tradeId, action: 'correct', priceTicks: 990, requestId: 'OPS-2', actor: 'ops1', reason: 'wrong price' }, us);
        if (!busted.ok || !corrected.ok) throw new Error('amendment refused');
        // Risk: the bust takes the 4 back from both accounts' positions; the buy order is open for 7 again.
        expect(wiring.risk.position('A1', 'ACME')).to.deep.include({ positionLots: 3, openBuyLots: 7 });
        expect(wiring.risk.position('A2', 'ACME').positionLots).to.equal(-3);
        // The busted trade (of today) no longer counts among the day's trades (order-to-trade ratio); the corrected one does.
        expect([wiring.risk.exposure('account', 'A1').tradesToday, wiring.risk.exposure('account', 'A2').tradesToday]).to.deep.equal([1, 1]);
        wiring.stop();
        await wiring.journal.drained();

        const rows = await db.query<{ event_type: string; actor_id: string; exec_id: string }>("SELECT event_type, actor_id, exec_id FROM audit_event WHERE event_type LIKE 'TRADE_%' ORDER BY seq");
        expect(rows.rows.map((r) => [r.event_type, r.actor_id])).to.deep.equal([
          ['TRADE_CANCEL', 'ops1'],
          ['TRADE_CANCEL', 'ops1'],
          ['TRADE_CORRECT', 'ops1'],
          ['TRADE_CORRECT', 'ops1'],
        ]);
        const amendments = await db.query<{ exec_id: string; ref_exec_id: string; liquidity: string; action: string; price_ticks: string; qty_lots: string }>('SELECT exec_id, ref_exec_id, liquidity, action, price_ticks::text, qty_lots::text FROM execution_amendment ORDER BY seq');
        const executions = await db.query<{ exec_id: string; trade_id: string; liquidity: string }>('SELECT exec_id, trade_id::text, liquidity FROM execution ORDER BY seq');
        const execOf = (tradeId: number, liquidity: string): string | undefined => executions.rows.find((x) => x.trade_id === String(tradeId) && x.liquidity === liquidity)?.exec_id;
        expect(amendments.rows.map((a) => [a.ref_exec_id, a.liquidity, a.action, a.price_ticks, a.qty_lots])).to.deep.equal([
          [execOf(first.tradeId, 'MAKER'), 'MAKER', 'cancel', '1000', '0'],
          [execOf(first.tradeId, 'TAKER'), 'TAKER', 'cancel', '1000', '0'],
          [execOf(second.tradeId, 'MAKER'), 'MAKER', 'correct', '990', '3'],
          [execOf(second.tradeId, 'TAKER'), 'TAKER', 'correct', '990', '3'],
        ]);
        expect(amendments.rows.map((a) => a.exec_id)).to.deep.equal(rows.rows.map((r) => r.exec_id));
        const asItStands = await db.query<{ trade_id: string; cancelled: boolean; price_ticks: string }>('SELECT DISTINCT trade_id::text, cancelled, price_ticks::text FROM execution_as_it_stands ORDER BY 1');
        expect(asItStands.rows).to.deep.equal([
          { trade_id: String(first.tradeId), cancelled: true, price_ticks: '1000' },
          { trade_id: String(second.tradeId), cancelled: false, price_ticks: '990' },
        ]);
        const buyer = await db.query<{ status: string; cum_qty_lots: string; leaves_qty_lots: string; notional_ticks_lots: string }>("SELECT status, cum_qty_lots::text, leaves_qty_lots::text, notional_ticks_lots::text FROM orders WHERE cl_ord_id = 'B1'");
        expect(buyer.rows).to.deep.equal([{ status: 'PARTIALLY_FILLED', cum_qty_lots: '3', leaves_qty_lots: '7', notional_ticks_lots: '2970' }]);
        const seller = await db.query<{ status: string; cum_qty_lots: string }>("SELECT status, cum_qty_lots::text FROM orders WHERE cl_ord_id = 'S1'");
        expect(seller.rows).to.deep.equal([{ status: 'CANCELLED', cum_qty_lots: '0' }]);

        // A restart replays the journal, the amendments with it (the seller's order, ended, given in the command).
        wiring = await start();
        expect(wiring.recovery.liveOrders).to.equal(1);
        const order = wiring.engine.findOrder('S1', 'B1');
        expect([order?.status, order?.cumQtyLots, order?.leavesQtyLots, order?.notionalTicksLots]).to.deep.equal(['PARTIALLY_FILLED', 3, 7, 2970n]);
        expect(wiring.risk.position('A1', 'ACME')).to.deep.include({ positionLots: 3, openBuyLots: 7 });
        expect([wiring.risk.exposure('account', 'A1').tradesToday, wiring.risk.exposure('account', 'A2').tradesToday], 'the replay counts as the process did').to.deep.equal([1, 1]);
        expect(wiring.orderPath.finished.byOrderId(first.taker.order.orderId)?.status).to.equal('CANCELLED');
        const again = amendTrade(wiring.orderPath, { tradeId: first.tradeId, action: 'cancel', requestId: 'OPS-3', actor: 'ops1', reason: 'again' }, us + 1_000n);
        expect(again.ok ? 'ok' : again.code).to.equal('GW_ERR_TRADE_ALREADY_CANCELLED');
        // The 7 work: a sell of 7 fills the order.
        const [last] = place(wiring, { sessionId: 'S2', clientOrderId: 'S3', account: 'A2', firm: 'F2', side: 'SELL', qtyLots: 7 } as Partial<PlaceOrder>);
        expect([last?.maker.order.clientOrderId, last?.maker.status, last?.maker.cumQtyLots]).to.deep.equal(['B1', 'FILLED', 10]);
        wiring.stop();
        await wiring.journal.drained();
      } finally {
        await drop();
      }
    });
  });
}
