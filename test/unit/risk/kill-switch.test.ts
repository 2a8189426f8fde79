import { expect } from 'chai';
import { type EngineEvent, priceTicks, qtyLots, RejectCode, Side } from '../../../engine/model';
import type { RiskAlert } from '../../../risk';
import { accepted, counterparty, officer, order, rejected, setup, T, trader } from './risk-fixture';

const cancelledIds = (events: readonly EngineEvent[]): number[] => events.flatMap((e) => (e.kind === 'OrderCancelled' ? [e.order.orderId] : []));

describe('pre-trade risk: kill switch, cancel on disconnect, usage and alerts', function () {
  this.timeout(5_000);

  it('a firm kill cancels the firm\'s open orders in every session, refuses its new orders and replaces, lets cancels through', () => {
    const { risk, run, submit, engine } = setup();
    const a = order({ sessionId: 'S1', account: 'A1', priceTicks: priceTicks(900) });
    submit(a);
    submit(order({ sessionId: 'S2', account: 'A2', priceTicks: priceTicks(901) }));
    submit(counterparty({ priceTicks: priceTicks(902) }));
    const { commands, audit } = risk.kill({ scope: 'firm', id: 'F1' }, officer, T);
    expect(audit).to.deep.include({ kind: 'KILL', actor: 'ro1', tsUs: T });
    expect(audit.detail).to.deep.include({ scope: 'firm:F1' });
    const events = commands.flatMap((c) => (risk.check(c, T).kind === 'accept' ? run(c, T) : []));
    expect(cancelledIds(events)).to.have.length(2);
    expect(engine.liveOrderCount).to.equal(1);
    expect(risk.exposure('firm', 'F1').openOrders).to.equal(0);
    const refused = rejected(submit(order({ sessionId: 'S3', account: 'A9' })));
    expect(refused).to.deep.equal({ code: RejectCode.KillSwitchActive, text: 'kill switch active for firm F1: new orders and replaces are refused' });
    expect(accepted(submit(counterparty({ priceTicks: priceTicks(903) })))).to.equal(true);
    expect(risk.isKilled({ scope: 'firm', id: 'F1' })).to.equal(true);
  });

  it('a session kill: replaces refused, cancels pass; release needs the risk role and is audited', () => {
    const { risk, submit } = setup();
    const a = order({ priceTicks: priceTicks(900) });
    submit(a);
    risk.kill({ scope: 'session', id: 'S1' }, trader, T); // not run: the order stays open
    const replace = { kind: 'ReplaceOrder', sessionId: 'S1', clientOrderId: 'R1', origClientOrderId: a.clientOrderId, symbol: 'ACME', side: Side.Buy, qtyLots: qtyLots(5) } as const;
    expect(rejected(submit(replace))?.code).to.equal(RejectCode.KillSwitchActive);
    expect(accepted(submit({ kind: 'CancelOrder', sessionId: 'S1', clientOrderId: 'X1', origClientOrderId: a.clientOrderId, symbol: 'ACME', side: Side.Buy }))).to.equal(true);
    expect(risk.release({ scope: 'session', id: 'S1' }, trader, T)).to.deep.equal({ ok: false, text: 't1 has no risk role: only a risk officer may release a kill switch' });
    expect(rejected(submit(order()))?.code).to.equal(RejectCode.KillSwitchActive);
    const released = risk.release({ scope: 'session', id: 'S1' }, officer, T + 5n);
    expect(released).to.deep.equal({ ok: true, audit: { kind: 'KILL_RELEASE', tsUs: T + 5n, actor: 'ro1', detail: { scope: 'session:S1' } } });
    expect(accepted(submit(order()))).to.equal(true);
    expect(risk.release({ scope: 'session', id: 'S1' }, officer, T)).to.deep.include({ ok: false });
  });

  it('a global kill takes every order off the book (a mass cancel without a filter) and refuses all new ones', () => {
    const { risk, run, submit, engine } = setup();
    submit(order({ priceTicks: priceTicks(900) }));
    submit(counterparty({ priceTicks: priceTicks(901) }));
    const { commands } = risk.kill({ scope: 'global' }, officer, T);
    expect(commands[0]?.filter).to.deep.equal({});
    for (const c of commands) run(c, T);
    expect(engine.liveOrderCount).to.equal(0);
    expect(rejected(submit(counterparty()))?.text).to.match(/kill switch active for the whole gateway/);
  });

  it('cancel on disconnect: asked by the session\'s limits, not by others\', and no more once the limits are removed', () => {
    const { risk } = setup([{ scope: 'session', id: 'S1', limits: { cancelOnDisconnect: true } }, { scope: 'session', id: 'S2', limits: { maxOpenOrders: 5 } }]);
    expect(risk.cancelsOnDisconnect('S1')).to.equal(true);
    expect(risk.cancelsOnDisconnect('S2')).to.equal(false);
    expect(risk.cancelsOnDisconnect('S3')).to.equal(false);
    risk.clearLimits('session', 'S1', undefined, officer, T);
    expect(risk.cancelsOnDisconnect('S1')).to.equal(false);
  });

  it('usage per limit, and an alert once when usage crosses the fraction (again only after falling back under)', () => {
    const alerts: RiskAlert[] = [];
    const { risk, submit } = setup([{ scope: 'account', id: 'A1', limits: { maxOpenOrders: 5, creditLimit: '1000' } }], { alertFraction: 0.8, onAlert: (a) => alerts.push(a) });
    const placed = [0, 1, 2, 3].map((i) => order({ qtyLots: qtyLots(1), priceTicks: priceTicks(900 + i) }));
    for (const o of placed) submit(o);
    expect(risk.usage(T)).to.deep.include.members([
      { limit: 'maxOpenOrders', scope: 'account A1', used: 4, max: 5 },
    ]);
    const credit = risk.usage(T).find((u) => u.limit === 'creditLimit');
    expect(credit?.used).to.be.closeTo(36.06, 1e-9);
    expect(risk.scanUsage(T).map((a) => a.kind === 'USAGE' && a.usage.limit)).to.deep.equal(['maxOpenOrders']);
    expect(risk.scanUsage(T)).to.deep.equal([]); // still above: no second alert
    const first = placed[0];
    if (first !== undefined) submit({ kind: 'CancelOrder', sessionId: 'S1', clientOrderId: 'X', origClientOrderId: first.clientOrderId, symbol: 'ACME', side: Side.Buy });
    expect(risk.scanUsage(T)).to.deep.equal([]);
    submit(order({ qtyLots: qtyLots(1), priceTicks: priceTicks(800) }));
    expect(risk.scanUsage(T)).to.have.length(1);
    expect(alerts).to.have.length(2);
  });
});
