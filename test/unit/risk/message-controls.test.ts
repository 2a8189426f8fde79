import { expect } from 'chai';
import { priceTicks, qtyLots, RejectCode, Side } from '../../../engine/model';
import type { RiskAlert } from '../../../risk';
import { accepted, counterparty, officer, order, rejected, setup, T, trader } from './risk-fixture';

const DAY_US = 86_400_000_000n;

describe('pre-trade risk: message rate, order-to-trade ratio and repeated orders', function () {
  this.timeout(5_000);

  it('throttle (reject): a burst of the rate passes, the next message is refused, and tokens come back at the rate', () => {
    const { submit } = setup([{ scope: 'session', id: 'S1', limits: { maxMessagesPerSecond: 4 } }]);
    for (let i = 0; i < 4; i += 1) expect(accepted(submit(order({ priceTicks: priceTicks(900 + i) }), T))).to.equal(true);
    const r = rejected(submit(order(), T));
    expect(r).to.deep.equal({ code: RejectCode.Throttled, text: 'message rate limit 4/s exceeded for session S1' });
    expect(accepted(submit(order(), T + 249_999n))).to.equal(false);
    expect(accepted(submit(order(), T + 250_000n))).to.equal(true); // one token every 250 ms
    expect(accepted(submit(order({ sessionId: 'S2' }), T + 250_000n))).to.equal(true); // other sessions are not touched
  });

  it('throttle counts cancels too, and an account-level rate spans its sessions', () => {
    const { submit } = setup([{ scope: 'account', id: 'A1', limits: { maxMessagesPerSecond: 2 } }]);
    const placed = order();
    submit(placed, T);
    submit(order({ sessionId: 'S2' }), T);
    const cancel = { kind: 'CancelOrder', sessionId: 'S1', clientOrderId: 'X', origClientOrderId: placed.clientOrderId, symbol: 'ACME', side: Side.Buy } as const;
    expect(rejected(submit(cancel, T))?.text).to.equal('message rate limit 2/s exceeded for account A1');
  });

  it('throttle (queue): a paced caller gets the time to send it at, nothing is counted meanwhile, and past the longest delay it is refused', () => {
    const { risk } = setup([{ scope: 'session', id: 'S1', limits: { maxMessagesPerSecond: 2, throttleMode: 'queue', maxQueueDelayMs: 600 } }]);
    expect(risk.checkPaced(order(), T).kind).to.equal('accept');
    expect(risk.checkPaced(order(), T).kind).to.equal('accept');
    const paced = order();
    expect(risk.checkPaced(paced, T)).to.deep.equal({ kind: 'delay', untilUs: T + 500_000n });
    expect(risk.checkPaced(paced, T + 100_000n)).to.deep.equal({ kind: 'delay', untilUs: T + 500_000n });
    expect(risk.checkPaced(paced, T + 500_000n).kind).to.equal('accept');
    expect(risk.checkPaced(order(), T + 500_000n)).to.deep.equal({ kind: 'delay', untilUs: T + 1_000_000n });
    risk.setLimits({ scope: 'session', id: 'S2', limits: { maxMessagesPerSecond: 2, throttleMode: 'queue', maxQueueDelayMs: 100 } }, officer, T);
    expect(risk.checkPaced(order({ sessionId: 'S2' }), T).kind).to.equal('accept');
    expect(risk.checkPaced(order({ sessionId: 'S2' }), T).kind).to.equal('accept');
    expect(risk.checkPaced(order({ sessionId: 'S2' }), T)).to.deep.include({ kind: 'reject', code: RejectCode.Throttled }); // 500 ms > 100 ms
    // check() cannot pace: it refuses instead
    expect(rejected(risk.check(order(), T + 500_000n))?.code).to.equal(RejectCode.Throttled);
  });

  it('order-to-trade ratio: refuses once messages pass ratio x trades, counts trades from events, resets daily', () => {
    const { submit } = setup([{ scope: 'account', id: 'A1', limits: { maxOrderToTradeRatio: 3, orderToTradeMinMessages: 1 } }]);
    for (let i = 0; i < 3; i += 1) expect(accepted(submit(order({ priceTicks: priceTicks(900 + i) })))).to.equal(true);
    const r = rejected(submit(order({ priceTicks: priceTicks(905) })));
    expect(r).to.deep.equal({ code: RejectCode.OrderToTradeRatioExceeded, text: 'order-to-trade ratio 3 exceeded for account A1 (4 messages, 0 trades today)' });
    submit(counterparty({ side: Side.Sell, priceTicks: priceTicks(900), qtyLots: qtyLots(1) })); // fills A1's buy at 9.02
    submit(counterparty({ side: Side.Sell, priceTicks: priceTicks(900), qtyLots: qtyLots(1) }));
    expect(accepted(submit(order({ priceTicks: priceTicks(905) })))).to.equal(true); // 4 messages <= 3 x 2 trades
    expect(accepted(submit(order({ priceTicks: priceTicks(900) }), T + DAY_US))).to.equal(true); // a new day: 1 message, 0 trades
    expect(rejected(submit(order({ priceTicks: priceTicks(900) }), T + DAY_US))).to.equal(null);
  });

  it('repeated automated execution: the Nth repeat latches the session until a named risk officer releases it', () => {
    const alerts: RiskAlert[] = [];
    const { risk, submit } = setup([{ scope: 'firm', id: 'F1', limits: { duplicateMaxRepeats: 3, duplicateWindowMs: 1000 } }], { onAlert: (a) => alerts.push(a) });
    const same = { qtyLots: qtyLots(7), priceTicks: priceTicks(950) };
    for (let i = 0; i < 3; i += 1) expect(accepted(submit(order(same), T + BigInt(i)))).to.equal(true);
    expect(accepted(submit(order({ ...same, priceTicks: priceTicks(951) }), T + 3n))).to.equal(true); // a different order
    const r = rejected(submit(order(same), T + 4n));
    expect(r?.code).to.equal(RejectCode.DuplicateOrder);
    expect(r?.text).to.match(/3 repeats of the same order within 1000 ms .* session S1 is stopped until a risk officer releases it/);
    expect(rejected(submit(order({ qtyLots: qtyLots(1) }), T + 10_000_000n))?.code).to.equal(RejectCode.DuplicateOrder); // latched, not just the window
    expect(alerts.map((a) => a.kind)).to.deep.equal(['LATCHED']);
    expect(risk.latchedSessions()).to.have.length(1);
    expect(risk.releaseLatch('S1', trader, T)).to.deep.include({ ok: false });
    const released = risk.releaseLatch('S1', officer, T + 10_000_001n);
    expect(released.ok && released.audit).to.deep.include({ kind: 'LATCH_RELEASE', actor: 'ro1' });
    expect(accepted(submit(order(same), T + 10_000_002n))).to.equal(true);
  });

  it('repeats outside the window do not count', () => {
    const { submit } = setup([{ scope: 'session', id: 'S1', limits: { duplicateMaxRepeats: 2, duplicateWindowMs: 100 } }]);
    const same = { qtyLots: qtyLots(7), priceTicks: priceTicks(950) };
    expect(accepted(submit(order(same), T))).to.equal(true);
    expect(accepted(submit(order(same), T + 60_000n))).to.equal(true); // 1 repeat
    expect(accepted(submit(order(same), T + 120_000n))).to.equal(true); // 1 repeat: the first is out of the window
    expect(rejected(submit(order(same), T + 130_000n))?.code).to.equal(RejectCode.DuplicateOrder); // 2 repeats
  });
});
