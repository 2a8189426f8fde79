import { expect } from 'chai';
import { Writable } from 'node:stream';
import { auditRecordsOf, InstrumentRepository, JournalWriter, migrate, PostgresJournalStore, type Database } from '../../../db';
import { type EngineCommand, type EngineEvent, lotsToQty, RejectCode, TradingStatus } from '../../../engine/model';
import { MatchingEngine, type OrderSnapshot } from '../../../engine';
import { configSchema } from '../../../ops/config/schema';
import { createLogger } from '../../../ops/log/logger';
import { CHAIN_ID, createOrderPath, type OrderWiring } from '../../../ops/order-wiring';
import { type DatabaseBackend, databaseBackends, openIsolated } from '../../support/databases';
import { CommandGenerator, TEST_INSTRUMENTS } from '../../unit/engine/command-generator';

const quiet = createLogger({ level: 'error', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });
const ACCOUNTS = ['A1', 'A2', 'A3', 'A4'];

/** A clock the test moves: the generator's command times. */
class TestClock {
  constructor(public us: bigint) {}
  nowUs(): bigint {
    return this.us;
  }
}

async function seedInstruments(db: Database): Promise<void> {
  const repo = new InstrumentRepository(db);
  for (const i of TEST_INSTRUMENTS) await repo.upsert({ symbol: i.symbol, isin: i.isin ?? null, currency: i.currency, tickSize: i.tickSize, lotSize: i.lotSize, tradingStatus: 'open' });
}

function run(wiring: OrderWiring, command: EngineCommand, nowUs: bigint, reference: MatchingEngine): void {
  reference.execute(command, nowUs);
  if (command.kind === 'ExpireOrders' || command.kind === 'SetTradingStatus' || command.kind === 'AmendTrade') wiring.orderPath.runAdmin(command, nowUs);
  else wiring.orderPath.submit(command, nowUs);
}

/** Marketable IOCs that take out both sides of every book: their trades show each queue's time priority. */
function sweeps(execute: (command: EngineCommand) => readonly EngineEvent[]): string {
  const out: EngineEvent[] = [];
  for (const instrument of TEST_INSTRUMENTS) {
    for (const [side, priceTicks] of [['SELL', 1], ['BUY', 1_000_000]] as const) {
      const command = { kind: 'PlaceOrder', sessionId: 'SWEEP', clientOrderId: `SW-${instrument.symbol}-${side}`, account: 'Z9', firm: 'F9', symbol: instrument.symbol, side, type: 'LIMIT', timeInForce: 'IOC', qtyLots: 1_000_000, priceTicks };
      out.push(...execute(command as unknown as EngineCommand));
    }
  }
  return JSON.stringify(out, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Everything recovery must bring back: the live orders with their state, the books, and risk's view. */
function stateOf(wiring: OrderWiring, maxOrderId: number): unknown {
  const orders: OrderSnapshot[] = [];
  for (let id = 1; id <= maxOrderId; id += 1) {
    const order = wiring.engine.order(id);
    if (order !== undefined) orders.push(order);
  }
  const books = TEST_INSTRUMENTS.map((i) => ({ depth: wiring.engine.depth(i.symbol, 1_000), last: wiring.engine.lastTradePriceTicks(i.symbol) }));
  const risk = ACCOUNTS.map((a) => ({
    exposure: wiring.risk.exposure('account', a).openOrders,
    positions: TEST_INSTRUMENTS.map((i) => {
      const p = wiring.risk.position(a, i.symbol);
      return [lotsToQty(p.positionLots, i), p.openBuyLots, p.openSellLots];
    }),
  }));
  return JSON.parse(JSON.stringify({ live: wiring.engine.liveOrderCount, orders, books, risk }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

/** Every instrument's ticker (without its reference data: the trading status is the database's after a restart) and latest trades, as plain JSON. */
function marketOf(wiring: OrderWiring): { tickers: unknown; trades: unknown[][] } {
  const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  return { tickers: plain(wiring.marketData.tickers().map(({ instrument: _reference, ...market }) => market)), trades: TEST_INSTRUMENTS.map((i) => plain(wiring.marketData.trades(i.symbol, 1_000)) as unknown[]) };
}

/** A fresh database, migrated, with the test instruments, for `work`; dropped after. */
async function withSeeded(backend: DatabaseBackend, work: (db: Database) => Promise<void>): Promise<void> {
  const { db, drop } = await openIsolated(backend);
  try {
    await migrate(db);
    await seedInstruments(db);
    await work(db);
  } finally {
    await drop();
  }
}

for (const backend of databaseBackends()) {
  describe(`recovery from the journal on ${backend.name}`, function () {
    this.timeout(120_000);

    it('a restart rebuilds every live order, the books, risk positions and the numbering from the journal', async () => {
      await withSeeded(backend, async (db) => {
      const config = configSchema.parse({});
      const generator = new CommandGenerator(42);
      const first = generator.next();
      const clock = new TestClock(first.nowUs);
      let wiring = await createOrderPath(config, db, clock, quiet);
      const reference = new MatchingEngine(TEST_INSTRUMENTS);
      expect(wiring.recovery.commands).to.equal(0);
      let last = first;
      run(wiring, first.command, first.nowUs, reference);
      for (let i = 0; i < 3_000; i += 1) {
        last = generator.next();
        run(wiring, last.command, last.nowUs, reference);
      }
      clock.us = last.nowUs;
      run(wiring, { kind: 'ExpireOrders' }, clock.us, reference);
      await wiring.journal.drained();
      wiring.stop();
      const before = stateOf(wiring, 10_000) as { live: number; orders: OrderSnapshot[] };
      expect(before.live).to.be.greaterThan(20);
      // The orders table, written with the journal, has every live order as the engine has it (and no other as
      // working); the execution table has each side of every trade once.
      const working = await db.query<{ order_id: string; cl_ord_id: string; status: string; leaves_qty_lots: string; cum_qty_lots: string; notional_ticks_lots: string }>(
        "SELECT order_id, cl_ord_id, status, leaves_qty_lots, cum_qty_lots, notional_ticks_lots FROM orders WHERE status IN ('NEW', 'PARTIALLY_FILLED') ORDER BY order_id",
      );
      expect(working.rows.map((r) => [Number(r.order_id), r.cl_ord_id, r.status, Number(r.leaves_qty_lots), Number(r.cum_qty_lots), r.notional_ticks_lots])).to.deep.equal(
        before.orders.map((o) => [o.order.orderId, o.order.clientOrderId, o.status, o.leavesQtyLots, o.cumQtyLots, String(o.notionalTicksLots)]),
      );
      const fills = await db.query<{ sides: number; trades: number; journaled: number }>(
        "SELECT (SELECT count(*)::int FROM execution) AS sides, (SELECT count(DISTINCT trade_id)::int FROM execution) AS trades, (SELECT count(*)::int FROM audit_event WHERE event_type IN ('PARF', 'FILL')) AS journaled",
      );
      expect(fills.rows[0]?.trades).to.be.greaterThan(10);
      expect(fills.rows[0]?.sides).to.equal(2 * (fills.rows[0]?.trades ?? 0));
      expect(fills.rows[0]?.sides).to.equal(fills.rows[0]?.journaled);
      // order_event mirrors every audit row of an order event, under the same seq and code.
      const mirrored = await db.query<{ audit: number; events: number; same: number }>(
        "SELECT (SELECT count(*)::int FROM audit_event WHERE event_type IN ('NEWO', 'REME', 'CAME', 'CAMO', 'REMA', 'EXPI', 'TRIG', 'PARF', 'FILL')) AS audit, " +
          '(SELECT count(*)::int FROM order_event) AS events, ' +
          '(SELECT count(*)::int FROM order_event e JOIN audit_event a USING (chain_id, seq) WHERE a.event_type = e.event_code AND a.order_id = e.order_id AND a.event_ts_us = e.event_ts_us) AS same',
      );
      expect(mirrored.rows[0]?.audit).to.be.greaterThan(1_000);
      expect([mirrored.rows[0]?.events, mirrored.rows[0]?.same]).to.deep.equal([mirrored.rows[0]?.audit, mirrored.rows[0]?.audit]);
      const nextIdBefore = wiring.orderPath.submit({ kind: 'PlaceOrder', sessionId: 'S9', clientOrderId: 'PROBE', account: 'A1', firm: 'F1', symbol: 'NOPE', side: 'BUY', type: 'LIMIT', timeInForce: 'DAY', qtyLots: 1, priceTicks: 1 } as EngineCommand & { kind: 'PlaceOrder' }, clock.us);
      expect(nextIdBefore).to.have.length(1);
      await wiring.journal.drained();
      const marketBefore = marketOf(wiring);
      expect(marketBefore.trades.flat().length).to.be.greaterThan(10);
      const finishedBefore = wiring.orderPath.finished.size;
      expect(finishedBefore).to.be.greaterThan(100);

      // The restart: a fresh engine and risk, rebuilt from the journal alone.
      wiring = await createOrderPath(config, db, clock, quiet);
      expect(wiring.recovery.commands).to.be.greaterThan(2_500);
      expect(wiring.engine.checkInvariants()).to.deep.equal([]);
      expect(stateOf(wiring, 10_000)).to.deep.equal(before);
      // Market data (tickers, the day's figures, recent trades) is rebuilt from the replayed trades.
      expect(marketOf(wiring)).to.deep.equal(marketBefore);
      expect(wiring.orderPath.finished.size).to.equal(finishedBefore);
      // Time priority inside each price level: sweeping the recovered books trades against the same orders, in
      // the same order, as sweeping an engine that never stopped (the same commands, the database's status).
      for (const i of TEST_INSTRUMENTS) {
        if (reference.instrument(i.symbol)?.tradingStatus !== TradingStatus.Open) reference.execute({ kind: 'SetTradingStatus', symbol: i.symbol, status: TradingStatus.Open }, clock.us);
      }
      const recoveredSweep = sweeps((command) => wiring.orderPath.submit(command as EngineCommand & { kind: 'PlaceOrder' }, clock.us).map((e) => e.event));
      expect(recoveredSweep).to.equal(sweeps((command) => reference.execute(command, clock.us)));
      expect(recoveredSweep).to.include('"kind":"Trade"');

      // The orders that had finished are known as such again (the replay fed them, see the count above): a cancel
      // of a filled one is refused by the engine as unknown, and explained at the edge as too late, with its status.
      const filled = await db.query<{ order_id: string; cl_ord_id: string; session_id: string; symbol: string; side: string }>(
        "SELECT order_id, cl_ord_id, session_id, symbol, side FROM orders WHERE status = 'FILLED' ORDER BY order_id DESC LIMIT 1",
      );
      const row = filled.rows[0];
      expect(row).not.to.equal(undefined);
      const cancel = { kind: 'CancelOrder', sessionId: row?.session_id, clientOrderId: 'LATE', origClientOrderId: row?.cl_ord_id, symbol: row?.symbol, side: row?.side } as EngineCommand & { kind: 'CancelOrder' };
      const [late] = wiring.orderPath.submit(cancel, clock.us);
      const explained = late === undefined ? undefined : wiring.orderPath.finished.explain(late.event, late.seq);
      expect(explained?.kind === 'OrderRejected' && [explained.code, explained.order?.orderId, explained.status]).to.deep.equal([RejectCode.OrderAlreadyDone, Number(row?.order_id), 'FILLED']);

      // Numbering continues: the next accepted order gets the next OrderID.
      const maxLive = before.orders.reduce((m, o) => Math.max(m, o.order.orderId), 0);
      const events = wiring.orderPath.submit({ kind: 'PlaceOrder', sessionId: 'S9', clientOrderId: 'AFTER', channel: 'REST', account: 'A1', firm: 'F1', symbol: 'ACME', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', qtyLots: 1, priceTicks: 1 } as EngineCommand & { kind: 'PlaceOrder' }, clock.us);
      const accepted = events.find((e) => e.event.kind === 'OrderAccepted');
      expect(accepted, JSON.stringify(events.map((e) => e.event.kind))).not.to.equal(undefined);
      const newId = accepted !== undefined && accepted.event.kind === 'OrderAccepted' ? accepted.event.order.orderId : 0;
      expect(newId).to.be.greaterThan(maxLive);
      await wiring.journal.drained();
      wiring.stop();

      // And a second restart replays the commands of both runs.
      const again = await createOrderPath(config, db, clock, quiet);
      expect(again.engine.order(newId)?.order.clientOrderId).to.equal('AFTER');
      expect(again.engine.checkInvariants()).to.deep.equal([]);
      // The REST order store starts from the recovered REST orders.
      expect([...again.restOrders.all()].map((r) => [r.terms.orderId, r.terms.clientOrderId, r.state.status])).to.deep.equal([[newId, 'AFTER', 'NEW']]);
      again.stop();
      });
    });

    it('a restart on a later trading day: risk\'s daily trades, messages and P&L are that day\'s, as in the process that ran through midnight', async () => {
      await withSeeded(backend, async (db) => {
      const config = configSchema.parse({});
      const DAY_US = 86_400_000_000n;
      const day1 = 1_767_258_000_000_000n; // 2026-01-01T09:00:00Z
      const clock = new TestClock(day1);
      let wiring = await createOrderPath(config, db, clock, quiet);
      let n = 0;
      const place = (account: string, side: 'BUY' | 'SELL', qtyLots: number, priceTicks: number): void => {
        n += 1;
        clock.us += 1_000_000n;
        wiring.orderPath.submit({ kind: 'PlaceOrder', sessionId: `S-${account}`, clientOrderId: `O${n}`, account, firm: 'F1', symbol: 'ACME', side, type: 'LIMIT', timeInForce: 'GTC', qtyLots, priceTicks } as EngineCommand & { kind: 'PlaceOrder' }, clock.us);
      };
      // Day 1: A1 buys 10 at 100; a trade between A3 and A4 marks ACME at 105 (A1 +50 ticks' worth on the day).
      place('A2', 'SELL', 10, 10_000);
      place('A1', 'BUY', 10, 10_000);
      place('A4', 'SELL', 1, 10_500);
      place('A3', 'BUY', 1, 10_500);
      // Day 2: A1 buys 5 more at 110.
      clock.us = day1 + DAY_US;
      place('A2', 'SELL', 5, 11_000);
      place('A1', 'BUY', 5, 11_000);
      await wiring.journal.drained();
      wiring.stop();
      const live = wiring.risk.exposure('account', 'A1');
      expect(live.tradesToday).to.equal(1);
      wiring = await createOrderPath(config, db, clock, quiet);
      const recovered = wiring.risk.exposure('account', 'A1');
      expect([recovered.tradesToday, recovered.dailyPnl, recovered.openOrders, recovered.messagesToday]).to.deep.equal([live.tradesToday, live.dailyPnl, live.openOrders, live.messagesToday]);
      expect(live.messagesToday).to.equal(1);
      wiring.stop();
      });
    });

    it('refuses to start when a command gives other events on replay, naming it', async () => {
      await withSeeded(backend, async (db) => {
      const config = configSchema.parse({});
      const clock = new TestClock(1_767_258_000_000_000n);
      const wiring = await createOrderPath(config, db, clock, quiet);
      const refused = wiring.orderPath.submit({ kind: 'PlaceOrder', sessionId: 'S1', clientOrderId: 'N1', account: 'A1', firm: 'F1', symbol: 'NEWCO', side: 'BUY', type: 'LIMIT', timeInForce: 'DAY', qtyLots: 1, priceTicks: 100 } as EngineCommand & { kind: 'PlaceOrder' }, clock.us);
      expect(refused.map((e) => e.event.kind)).to.deep.equal(['OrderRejected']);
      await wiring.journal.drained();
      wiring.stop();
      // The instrument now exists: the same command would be accepted, so the book cannot be vouched for.
      await new InstrumentRepository(db).upsert({ symbol: 'NEWCO', isin: null, currency: 'USD', tickSize: '0.01', lotSize: '1', tradingStatus: 'open' });
      let error: unknown;
      await createOrderPath(config, db, clock, quiet).catch((e: unknown) => (error = e));
      expect(error).to.have.property('code', 'GW_ERR_OPS_RECOVERY_DIVERGED');
      expect(String((error as Error).message)).to.match(/journal seq \d+ \(PlaceOrder\)/);
      });
    });

    it('a journal from before command records is not replayed, and event seqs, OrderIDs and trade ids continue after it', async () => {
      await withSeeded(backend, async (db) => {
      const nowUs = 1_767_258_000_000_000n;
      // Such a journal holds the events' records only: two orders that traded (OrderIDs 1 and 2, trade id 1) and a
      // third that rests (OrderID 3), gateway seqs 1 to 4.
      const writer = await JournalWriter.open(new PostgresJournalStore(db), CHAIN_ID);
      const engine = new MatchingEngine(TEST_INSTRUMENTS);
      let seq = 0;
      const place = (clientOrderId: string, side: 'BUY' | 'SELL', priceTicks: number): EngineCommand =>
        ({ kind: 'PlaceOrder', sessionId: 'S1', clientOrderId, account: 'A1', firm: 'F1', symbol: 'ACME', side, type: 'LIMIT', timeInForce: 'GTC', qtyLots: 5, priceTicks }) as unknown as EngineCommand;
      for (const command of [place('O1', 'SELL', 100), place('O2', 'BUY', 100), place('O3', 'BUY', 90)]) {
        const events = engine.execute(command, nowUs).map((event) => ({ seq: (seq += 1), event }));
        writer.append(auditRecordsOf(command, events, 'fix:S1'), () => undefined);
      }
      await writer.drained();
      expect(seq).to.equal(4);

      const clock = new TestClock(nowUs + 1_000n);
      const wiring = await createOrderPath(configSchema.parse({}), db, clock, quiet);
      expect(wiring.recovery.ordersNotReplayable).to.be.greaterThan(0);
      expect(wiring.recovery.commands).to.equal(0);
      expect(wiring.engine.liveOrderCount).to.equal(0);
      const events = wiring.orderPath.submit(place('N1', 'SELL', 95) as EngineCommand & { kind: 'PlaceOrder' }, clock.us);
      expect(events.map((e) => [e.seq, e.event.kind])).to.deep.equal([[5, 'OrderAccepted']]);
      const accepted = events[0]?.event;
      expect(accepted?.kind === 'OrderAccepted' ? accepted.order.orderId : undefined).to.equal(4);
      const traded = wiring.orderPath.submit(place('N2', 'BUY', 95) as EngineCommand & { kind: 'PlaceOrder' }, clock.us);
      const trade = traded.map((e) => e.event).find((e) => e.kind === 'Trade');
      expect(trade?.kind === 'Trade' ? [trade.tradeId, trade.taker.order.orderId] : undefined).to.deep.equal([2, 5]);
      await wiring.journal.drained();
      wiring.stop();
      });
    });
  });
}
