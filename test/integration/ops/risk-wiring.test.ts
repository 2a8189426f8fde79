import { expect } from 'chai';
import { Writable } from 'node:stream';
import { InstrumentRepository, migrate } from '../../../db';
import { type EngineCommand, RejectCode } from '../../../engine/model';
import { configSchema } from '../../../ops/config/schema';
import { createLogger } from '../../../ops/log/logger';
import { createOrderPath, type OrderWiring } from '../../../ops/order-wiring';
import { startRiskDesk } from '../../../ops/risk-wiring';
import { databaseBackends, openIsolated } from '../../support/databases';

const quiet = createLogger({ level: 'error', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });

class TestClock {
  constructor(public us: bigint) {}
  nowUs(): bigint {
    return this.us;
  }
}

for (const backend of databaseBackends()) {
  describe(`pre-trade risk as the gateway wires it, on ${backend.name}`, function () {
    this.timeout(60_000);

    it('a price collar around the mid takes the book\'s best bid and offer: an order too far from it is refused', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        await new InstrumentRepository(db).upsert({ symbol: 'ACME', isin: null, currency: 'USD', tickSize: '0.01', lotSize: '1', tradingStatus: 'open' });
        const config = configSchema.parse({ risk: { limits: [{ scope: 'account', id: 'A1', priceCollarPercent: 5, collarReference: 'mid' }] } });
        const clock = new TestClock(1_767_258_000_000_000n);
        const wiring = await createOrderPath(config, db, clock, quiet);
        const place = (id: string, account: string, side: 'BUY' | 'SELL', priceTicks: number): string => {
          clock.us += 1_000n;
          const command = { kind: 'PlaceOrder', sessionId: 'S1', clientOrderId: id, account, firm: 'F1', symbol: 'ACME', side, type: 'LIMIT', timeInForce: 'DAY', qtyLots: 1, priceTicks };
          const [first] = wiring.orderPath.submit(command as EngineCommand & { kind: 'PlaceOrder' }, clock.us);
          return first?.event.kind === 'OrderRejected' ? first.event.text : (first?.event.kind ?? 'none');
        };
        // No bid and offer yet: no mid to collar around.
        expect(place('B0', 'A1', 'BUY', 5_000)).to.equal('OrderAccepted');
        expect(place('S1', 'A2', 'SELL', 10_100)).to.equal('OrderAccepted');
        expect(place('B1', 'A2', 'BUY', 9_900)).to.equal('OrderAccepted');
        // Best bid 99.00, offer 101.00: mid 100.00, collar 95.00-105.00.
        expect(place('B2', 'A1', 'BUY', 9_600)).to.equal('OrderAccepted');
        expect(place('B3', 'A1', 'BUY', 9_400)).to.equal('price 94.00 outside the 5% collar around 100.00 (mid) for account A1');
        wiring.stop();
        await wiring.journal.drained();
      } finally {
        await drop();
      }
    });

    it('a latched session is still latched after a restart (the latch is journaled), until a risk officer releases it; released, it stays released after the next', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        await migrate(db);
        await new InstrumentRepository(db).upsert({ symbol: 'ACME', isin: null, currency: 'USD', tickSize: '0.01', lotSize: '1', tradingStatus: 'open' });
        const config = configSchema.parse({ risk: { limits: [{ scope: 'session', id: 'S1', duplicateMaxRepeats: 2, duplicateWindowMs: 60_000 }] } });
        const clock = new TestClock(1_767_258_000_000_000n);
        let n = 0;
        const order = (wiring: OrderWiring): string => {
          n += 1;
          clock.us += 1_000n;
          const command = { kind: 'PlaceOrder', sessionId: 'S1', clientOrderId: `O${n}`, account: 'A1', firm: 'F1', symbol: 'ACME', side: 'BUY', type: 'LIMIT', timeInForce: 'DAY', qtyLots: 5, priceTicks: 1_000 };
          const [first] = wiring.orderPath.submit(command as EngineCommand & { kind: 'PlaceOrder' }, clock.us);
          return first?.event.kind === 'OrderRejected' ? `refused ${first.event.code}` : (first?.event.kind ?? 'none');
        };
        const start = async (): Promise<{ wiring: OrderWiring; stop: () => Promise<void> }> => {
          const wiring = await createOrderPath(config, db, clock, quiet);
          const risk = await startRiskDesk(config, db, wiring, clock, quiet);
          return { wiring, stop: async () => {
            risk.stop();
            wiring.stop();
            await wiring.journal.drained();
          } };
        };

        let running = await start();
        // The same order again and again: the third is refused and latches the session.
        expect([order(running.wiring), order(running.wiring), order(running.wiring)]).to.deep.equal(['OrderAccepted', 'OrderAccepted', `refused ${RejectCode.DuplicateOrder}`]);
        const latched = running.wiring.risk.latchedSessions();
        expect(latched.map((l) => l.sessionId)).to.deep.equal(['S1']);
        await running.stop();
        const journaled = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_event WHERE event_type = 'LATCH'");
        expect(journaled.rows[0]?.n).to.equal(1);

        running = await start();
        expect(running.wiring.risk.latchedSessions()).to.deep.equal(latched);
        expect(order(running.wiring)).to.equal(`refused ${RejectCode.DuplicateOrder}`);
        // A trader may not release it; a risk officer may.
        const risk = await startRiskDesk(config, db, running.wiring, clock, quiet);
        expect(risk.desk.releaseLatch('S1', { userId: 'trader1', roles: ['trader'] }).ok).to.equal(false);
        expect(risk.desk.releaseLatch('S1', { userId: 'ro1', roles: ['risk'] })).to.deep.equal({ ok: true });
        risk.stop();
        expect(order(running.wiring)).to.equal('OrderAccepted');
        await running.stop();

        running = await start();
        expect(running.wiring.risk.latchedSessions()).to.deep.equal([]);
        expect(order(running.wiring)).to.equal('OrderAccepted');
        await running.stop();
      } finally {
        await drop();
      }
    });
  });
}
