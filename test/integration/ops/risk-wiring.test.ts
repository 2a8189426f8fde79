import { expect } from 'chai';
import { Writable } from 'node:stream';
import { type Database, InstrumentRepository, migrate } from '../../../db';
import { type EngineCommand, type EngineEvent, type PlaceOrder, RejectCode } from '../../../engine/model';
import { configSchema } from '../../../ops/config/schema';
import { createLogger } from '../../../ops/log/logger';
import { createOrderPath, type OrderWiring } from '../../../ops/order-wiring';
import { type RiskWiring, startRiskDesk } from '../../../ops/risk-wiring';
import { type DatabaseBackend, databaseBackends, openIsolated } from '../../support/databases';

const quiet = createLogger({ level: 'error', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });

class TestClock {
  constructor(public us: bigint) {}
  nowUs(): bigint {
    return this.us;
  }
}

const ACME = { symbol: 'ACME', isin: null, currency: 'USD', tickSize: '0.01', lotSize: '1', tradingStatus: 'open' } as const;

/** The gateway's order path and risk desk as a start makes them, and how to stop them as a shutdown does. */
interface Running {
  readonly wiring: OrderWiring;
  readonly desk: RiskWiring;
  stop(): Promise<void>;
}

interface Gateway {
  readonly db: Database;
  /** Starts (or, after a stop, restarts) the gateway's order path and risk desk over the database. */
  start(): Promise<Running>;
  /** A new order of session S1 (account A1, firm F1, buy 1 ACME at 10.00, DAY unless given), 1 ms after the last: its first event. */
  place(wiring: OrderWiring, order?: Partial<PlaceOrder>): EngineEvent | undefined;
}

/** A fresh database with ACME, the config's risk limits, a clock only the orders move, for `work`; dropped after. */
async function withGateway(backend: DatabaseBackend, limits: readonly Record<string, unknown>[], work: (gateway: Gateway) => Promise<void>): Promise<void> {
  const { db, drop } = await openIsolated(backend);
  try {
    await migrate(db);
    await new InstrumentRepository(db).upsert(ACME);
    const config = configSchema.parse({ risk: { limits } });
    const clock = new TestClock(1_767_258_000_000_000n);
    let n = 0;
    await work({
      db,
      start: async () => {
        const wiring = await createOrderPath(config, db, clock, quiet);
        const desk = await startRiskDesk(config, db, wiring, clock, quiet);
        return { wiring, desk, stop: async () => {
          desk.stop();
          wiring.stop();
          await wiring.journal.drained();
        } };
      },
      place: (wiring, order = {}) => {
        n += 1;
        clock.us += 1_000n;
        const command = { kind: 'PlaceOrder', sessionId: 'S1', clientOrderId: `O${n}`, account: 'A1', firm: 'F1', symbol: 'ACME', side: 'BUY', type: 'LIMIT', timeInForce: 'DAY', qtyLots: 1, priceTicks: 1_000, ...order };
        return wiring.orderPath.submit(command as EngineCommand & { kind: 'PlaceOrder' }, clock.us)[0]?.event;
      },
    });
  } finally {
    await drop();
  }
}

/** An event as the tests read it: a refusal's text, else its kind. */
const outcome = (event: EngineEvent | undefined): string => (event?.kind === 'OrderRejected' ? event.text : (event?.kind ?? 'none'));

for (const backend of databaseBackends()) {
  describe(`pre-trade risk as the gateway wires it, on ${backend.name}`, function () {
    this.timeout(60_000);

    it('a price collar around the mid takes the book\'s best bid and offer: an order too far from it is refused', async () => {
      await withGateway(backend, [{ scope: 'account', id: 'A1', priceCollarPercent: 5, collarReference: 'mid' }], async ({ start, place }) => {
        const running = await start();
        const order = (clientOrderId: string, account: string, side: 'BUY' | 'SELL', priceTicks: number): string => outcome(place(running.wiring, { clientOrderId, account, side, priceTicks } as Partial<PlaceOrder>));
        // No bid and offer yet: no mid to collar around.
        expect(order('B0', 'A1', 'BUY', 5_000)).to.equal('OrderAccepted');
        expect(order('S1', 'A2', 'SELL', 10_100)).to.equal('OrderAccepted');
        expect(order('B1', 'A2', 'BUY', 9_900)).to.equal('OrderAccepted');
        // Best bid 99.00, offer 101.00: mid 100.00, collar 95.00-105.00.
        expect(order('B2', 'A1', 'BUY', 9_600)).to.equal('OrderAccepted');
        expect(order('B3', 'A1', 'BUY', 9_400)).to.equal('price 94.00 outside the 5% collar around 100.00 (mid) for account A1');
        await running.stop();
      });
    });

    it('an external reference price is journaled when set, in force after a restart, and withdrawn at a start where it no longer fits its instrument (journaled as not applied)', async () => {
      await withGateway(backend, [{ scope: 'account', id: 'A1', priceCollarPercent: 5, collarReference: 'external' }], async ({ db, start, place }) => {
        const buy = (running: Running, priceTicks: number): string => outcome(place(running.wiring, { priceTicks } as Partial<PlaceOrder>));
        const journaled = async (): Promise<Record<string, unknown>[]> =>
          (await db.query<{ body: Buffer }>("SELECT body FROM audit_event WHERE event_type = 'REFERENCE_PRICE' ORDER BY seq")).rows.map((r) => JSON.parse(Buffer.from(r.body).toString('utf8')) as Record<string, unknown>);

        let running = await start();
        expect(buy(running, 10_000)).to.equal('no external reference price for ACME to apply the price collar of account A1');
        await running.desk.desk.setReferencePrice('ACME', '100.01', { userId: 'ro1', roles: ['risk'] }, 'vendor close');
        expect(buy(running, 10_600)).to.equal('price 106.00 outside the 5% collar around 100.01 (external) for account A1');
        expect(buy(running, 10_500)).to.equal('OrderAccepted');
        await running.stop();
        const set = await journaled();
        expect(set.map((b) => [b.actor, (b.detail as Record<string, unknown>).symbol, (b.detail as Record<string, unknown>).price, (b.detail as Record<string, unknown>).reason])).to.deep.equal([['ro1', 'ACME', '100.01', 'vendor close']]);

        running = await start();
        expect(running.wiring.risk.referencePriceTicks('ACME')).to.equal(10_001);
        expect(buy(running, 10_600)).to.equal('price 106.00 outside the 5% collar around 100.01 (external) for account A1');
        await running.stop();
        expect(await journaled()).to.have.length(1); // applied again at the start, not journaled again

        // The tick becomes 0.05: 100.01 is no price of ACME any more; the start withdraws it rather than collar around it.
        await new InstrumentRepository(db).upsert({ ...ACME, tickSize: '0.05' });
        running = await start();
        expect(running.wiring.risk.referencePriceTicks('ACME')).to.be.NaN;
        expect(running.desk.desk.referencePrices()).to.deep.equal([]);
        expect(buy(running, 2_000)).to.equal('no external reference price for ACME to apply the price collar of account A1');
        await running.stop();
        const all = await journaled();
        expect(all).to.have.length(2);
        expect((all[1]?.detail as Record<string, unknown>).notApplied).to.equal('reference price of ACME: price 100.01 is not a multiple of the tick size 0.05');
      });
    });

    it('a latched session is still latched after a restart (the latch is journaled), until a risk officer releases it; released, it stays released after the next', async () => {
      await withGateway(backend, [{ scope: 'session', id: 'S1', duplicateMaxRepeats: 2, duplicateWindowMs: 60_000 }], async ({ db, start, place }) => {
        // The same order every time (a new ClOrdID each): the duplicate-order control sees repeats.
        const order = (running: Running): string => {
          const event = place(running.wiring, { qtyLots: 5 } as Partial<PlaceOrder>);
          return event?.kind === 'OrderRejected' ? `refused ${event.code}` : (event?.kind ?? 'none');
        };

        let running = await start();
        // The same order again and again: the third is refused and latches the session.
        expect([order(running), order(running), order(running)]).to.deep.equal(['OrderAccepted', 'OrderAccepted', `refused ${RejectCode.DuplicateOrder}`]);
        const latched = running.wiring.risk.latchedSessions();
        expect(latched.map((l) => l.sessionId)).to.deep.equal(['S1']);
        await running.stop();
        const journaled = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_event WHERE event_type = 'LATCH'");
        expect(journaled.rows[0]?.n).to.equal(1);

        running = await start();
        expect(running.wiring.risk.latchedSessions()).to.deep.equal(latched);
        expect(order(running)).to.equal(`refused ${RejectCode.DuplicateOrder}`);
        // A trader may not release it; a risk officer may.
        expect(running.desk.desk.releaseLatch('S1', { userId: 'trader1', roles: ['trader'] }).ok).to.equal(false);
        expect(running.desk.desk.releaseLatch('S1', { userId: 'ro1', roles: ['risk'] })).to.deep.equal({ ok: true });
        expect(order(running)).to.equal('OrderAccepted');
        await running.stop();

        running = await start();
        expect(running.wiring.risk.latchedSessions()).to.deep.equal([]);
        expect(order(running)).to.equal('OrderAccepted');
        await running.stop();
      });
    });
  });
}
