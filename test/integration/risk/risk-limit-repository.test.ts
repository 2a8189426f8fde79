import { expect } from 'chai';
import { type Database, migrate, RiskKillRepository, RiskLimitRepository } from '../../../db';
import { MatchingEngine } from '../../../engine';
import { defineInstrument, OrderType, type PlaceOrder, priceTicks, qtyLots, RejectCode, Side, TimeInForce } from '../../../engine/model';
import { LiveRiskLimits, PreTradeRisk } from '../../../risk';
import { databaseBackends, openIsolated } from '../../support/databases';

const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' });
const T = 1_800_000_000_000_000n;
const officer = { userId: 'ro1', roles: ['risk'] };
const trader = { userId: 't1', roles: ['trader'] };

function order(qty: number): PlaceOrder {
  return { kind: 'PlaceOrder', sessionId: 'S1', clientOrderId: `C${qty}-${Math.random()}`, account: 'A1', firm: 'F1', symbol: 'ACME', side: Side.Buy, type: OrderType.Limit, timeInForce: TimeInForce.Day, qtyLots: qtyLots(qty), priceTicks: priceTicks(1000) };
}

function freshRisk(): PreTradeRisk {
  const engine = new MatchingEngine([ACME]);
  return new PreTradeRisk(engine);
}

for (const backend of databaseBackends()) {
  describe(`risk limits in the database on ${backend.name}`, function () {
    this.timeout(60_000);
    let db: Database;
    let drop: () => Promise<void>;

    beforeEach(async () => {
      ({ db, drop } = await openIsolated(backend));
      await migrate(db);
    });

    afterEach(async () => {
      await drop();
    });

    it('stores a change with who, when, old and new, and lists the limits in force', async () => {
      const repo = new RiskLimitRepository(db);
      const first = await repo.change({ scope: 'account', scopeId: 'A1', symbol: null, limits: { maxOrderQty: '100' }, changedBy: 'ro1', reason: 'onboarding' });
      const second = await repo.change({ scope: 'account', scopeId: 'A1', symbol: null, limits: { maxOrderQty: '50', maxOpenOrders: 3 }, changedBy: 'ro2' });
      await repo.change({ scope: 'account', scopeId: 'A1', symbol: 'ACME', limits: { maxLongQty: '10' }, changedBy: 'ro1' });
      expect(second.changeId).to.be.greaterThan(first.changeId);
      expect(second).to.deep.include({ scope: 'account', scopeId: 'A1', symbol: null, oldLimits: { maxOrderQty: '100' }, newLimits: { maxOrderQty: '50', maxOpenOrders: 3 }, changedBy: 'ro2', reason: null });
      expect(second.changedAt).to.be.instanceOf(Date);
      const listed = await repo.list();
      expect(listed.map((r) => [r.scopeId, r.symbol, r.limits, r.updatedBy])).to.deep.equal([
        ['A1', null, { maxOrderQty: '50', maxOpenOrders: 3 }, 'ro2'],
        ['A1', 'ACME', { maxLongQty: '10' }, 'ro1'],
      ]);
      const removed = await repo.change({ scope: 'account', scopeId: 'A1', symbol: 'ACME', limits: null, changedBy: 'ro1', reason: 'closed out' });
      expect(removed).to.deep.include({ oldLimits: { maxLongQty: '10' }, newLimits: null });
      expect(await repo.list()).to.have.length(1);
      expect((await repo.history('account', 'A1')).map((c) => c.changedBy)).to.deep.equal(['ro1', 'ro2', 'ro1', 'ro1']);
      expect((await repo.changesSince(second.changeId)).map((c) => c.symbol)).to.deep.equal(['ACME', 'ACME']);
    });

    it('the audit table is append-only', async () => {
      const repo = new RiskLimitRepository(db);
      await repo.change({ scope: 'firm', scopeId: 'F1', symbol: null, limits: { creditLimit: '1000000' }, changedBy: 'ro1' });
      let error: unknown = null;
      await db.query("UPDATE risk_limit_change SET changed_by = 'someone else'").catch((e: unknown) => (error = e));
      expect(String(error)).to.match(/append-only/);
      error = null;
      await db.query('DELETE FROM risk_limit_change').catch((e: unknown) => (error = e));
      expect(String(error)).to.match(/append-only/);
    });

    it('live limits: loaded at start, a change is stored, audited and in force for the next order; another process\'s change arrives by refresh', async () => {
      const repo = new RiskLimitRepository(db);
      await repo.change({ scope: 'account', scopeId: 'A1', symbol: null, limits: { maxOrderQty: '100' }, changedBy: 'ro1' });
      const risk = freshRisk();
      const live = new LiveRiskLimits(risk, repo, () => T);
      expect((await live.load()).limits).to.equal(1);
      expect(risk.check(order(100), T).kind).to.equal('accept');
      expect(risk.check(order(101), T)).to.deep.include({ code: RejectCode.MaxOrderQuantityExceeded });

      const { audits } = await live.set({ scope: 'account', id: 'A1', limits: { maxOrderQty: '20' }, reason: 'intraday cut' }, officer);
      expect(audits).to.have.length(1);
      expect(audits[0]).to.deep.include({ kind: 'LIMIT_CHANGE', actor: 'ro1' });
      expect(risk.check(order(21), T)).to.deep.include({ code: RejectCode.MaxOrderQuantityExceeded });
      const history = await repo.history('account', 'A1');
      expect(history.at(-1)).to.deep.include({ changedBy: 'ro1', reason: 'intraday cut', oldLimits: { maxOrderQty: '100' }, newLimits: { maxOrderQty: '20' } });

      let refused: unknown = null;
      await live.set({ scope: 'account', id: 'A1', limits: { maxOrderQty: '1000' } }, trader).catch((e: unknown) => (refused = e));
      expect(refused).to.have.property('code', 'GW_ERR_RISK_NOT_AUTHORISED');
      await live.set({ scope: 'account', id: 'A1', limits: { maxOrderQty: 'lots' } }, officer).catch((e: unknown) => (refused = e));
      expect(refused).to.have.property('code', 'GW_ERR_RISK_INVALID_LIMIT');
      expect((await repo.history('account', 'A1')).length).to.equal(2);

      await repo.change({ scope: 'account', scopeId: 'A1', symbol: null, limits: null, changedBy: 'ro2' }); // the CLI, elsewhere
      expect(risk.check(order(21), T).kind).to.equal('reject');
      await live.refresh();
      expect(risk.check(order(21), T).kind).to.equal('accept');

      const restarted = freshRisk();
      await new LiveRiskLimits(restarted, repo, () => T).load();
      expect(restarted.limitsOf('account', 'A1')).to.equal(undefined);
    });

    it('kill switches from the CLI: engaged at start if still engaged, picked up live with their mass cancel, released by a later event', async () => {
      const limits = new RiskLimitRepository(db);
      const kills = new RiskKillRepository(db);
      await kills.record('KILL', 'account', 'A1', 'ro1', 'runaway algo');
      await kills.record('KILL', 'firm', 'F9', 'ro1');
      await kills.record('RELEASE', 'firm', 'F9', 'ro2');
      expect((await kills.engaged()).map((e) => [e.scope, e.scopeId, e.actor, e.reason])).to.deep.equal([['account', 'A1', 'ro1', 'runaway algo']]);

      const risk = freshRisk();
      const live = new LiveRiskLimits(risk, limits, () => T, kills);
      const loaded = await live.load();
      expect(loaded.commands.map((c) => c.filter)).to.deep.equal([{ account: 'A1' }]);
      expect(risk.check(order(1), T)).to.deep.include({ code: RejectCode.KillSwitchActive });

      await kills.record('KILL', 'session', 'S2', 'ro2');
      await kills.record('RELEASE', 'account', 'A1', 'ro2');
      const refreshed = await live.refresh();
      expect(refreshed.commands.map((c) => c.filter)).to.deep.equal([{ sessionId: 'S2' }]);
      expect(refreshed.audits.map((a) => [a.kind, a.actor])).to.deep.equal([['KILL', 'ro2'], ['KILL_RELEASE', 'ro2']]);
      expect(risk.isKilled({ scope: 'session', id: 'S2' })).to.equal(true);
      expect(risk.check(order(1), T).kind).to.equal('accept');
      expect((await live.refresh()).commands).to.deep.equal([]);
    });
  });
}
