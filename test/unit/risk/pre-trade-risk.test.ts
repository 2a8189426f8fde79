import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import { defineInstrument, type EngineEvent, OrderType, type PlaceOrder, priceTicks, qtyLots, RejectCode, Side, TimeInForce } from '../../../engine/model';
import { PreTradeRisk, type RiskLimits } from '../../../risk';

const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' });
const T = 1_800_000_000_000_000n;
const officer = { userId: 'ro1', roles: ['risk'] };
const trader = { userId: 't1', roles: ['trader'] };

let next = 0;
function order(overrides: Partial<PlaceOrder> = {}): PlaceOrder {
  next += 1;
  return {
    kind: 'PlaceOrder',
    sessionId: 'S1',
    clientOrderId: `C${next}`,
    account: 'A1',
    firm: 'F1',
    symbol: 'ACME',
    side: Side.Buy,
    type: OrderType.Limit,
    timeInForce: TimeInForce.GoodTillCancel,
    qtyLots: qtyLots(10),
    priceTicks: priceTicks(1000),
    ...overrides,
  };
}

/** Risk in front of the real engine, fed back with the engine's events, as the order path runs it. */
function setup(limits: { scope: 'firm' | 'account' | 'session'; id: string; limits: RiskLimits }[] = []) {
  const engine = new MatchingEngine([ACME]);
  const risk = new PreTradeRisk(engine, limits);
  const submit = (command: Parameters<PreTradeRisk['check']>[0], now = T): { decision: ReturnType<PreTradeRisk['check']>; events: readonly EngineEvent[] } => {
    const decision = risk.check(command, now);
    const events = decision.kind === 'accept' ? engine.execute(command, now) : [];
    for (const e of events) risk.onEvent(e);
    return { decision, events };
  };
  return { engine, risk, submit };
}

const rejected = (d: ReturnType<PreTradeRisk['check']>): { code: RejectCode; text: string } | null => (d.kind === 'reject' ? { code: d.code, text: d.text } : null);

describe('pre-trade risk', () => {
  it('max order quantity: passes at the limit, fails one lot above, with the limit in the text', () => {
    const { submit } = setup([{ scope: 'account', id: 'A1', limits: { maxOrderQty: '100' } }]);
    expect(submit(order({ qtyLots: qtyLots(100) })).decision.kind).to.equal('accept');
    const r = rejected(submit(order({ qtyLots: qtyLots(101) })).decision);
    expect(r?.code).to.equal(RejectCode.MaxOrderQuantityExceeded);
    expect(r?.text).to.equal('max order quantity 100 exceeded for account A1 (order 101)');
  });

  it('max order value: price x quantity exactly, at the boundary and above', () => {
    const { submit } = setup([{ scope: 'firm', id: 'F1', limits: { maxOrderNotional: '1000.00' } }]);
    expect(submit(order({ qtyLots: qtyLots(100), priceTicks: priceTicks(1000) })).decision.kind).to.equal('accept'); // 100 x 10.00
    expect(rejected(submit(order({ qtyLots: qtyLots(100), priceTicks: priceTicks(1001) })).decision)?.code).to.equal(RejectCode.MaxNotionalExceeded);
    const market = rejected(submit(order({ type: OrderType.Market, priceTicks: undefined, timeInForce: TimeInForce.ImmediateOrCancel })).decision);
    expect(market?.code).to.equal(RejectCode.RiskLimitsMissing);
  });

  it('price collar around the last trade price, in percent', () => {
    const { submit } = setup([{ scope: 'session', id: 'S1', limits: { priceCollarPercent: 5 } }]);
    submit(order({ side: Side.Sell, account: 'A2', priceTicks: priceTicks(1000) }));
    submit(order({ side: Side.Buy, priceTicks: priceTicks(1000) })); // trades at 10.00
    expect(submit(order({ priceTicks: priceTicks(1050) })).decision.kind).to.equal('accept');
    const r = rejected(submit(order({ priceTicks: priceTicks(1051) })).decision);
    expect(r?.code).to.equal(RejectCode.PriceCollarBreached);
    expect(r?.text).to.match(/price 10.51 outside the 5% collar around 10.00/);
  });

  it('max open orders counts from the engine\'s events and frees a place when an order ends', () => {
    const { submit } = setup([{ scope: 'account', id: 'A1', limits: { maxOpenOrders: 2 } }]);
    const first = submit(order({ priceTicks: priceTicks(900) }));
    submit(order({ priceTicks: priceTicks(901) }));
    expect(rejected(submit(order({ priceTicks: priceTicks(902) })).decision)?.code).to.equal(RejectCode.MaxOpenOrdersExceeded);
    const accepted = first.events[0];
    if (accepted?.kind !== 'OrderAccepted') throw new Error('expected an acceptance');
    submit({ kind: 'CancelOrder', sessionId: 'S1', clientOrderId: 'X1', origClientOrderId: accepted.order.clientOrderId, symbol: 'ACME', side: Side.Buy });
    expect(submit(order({ priceTicks: priceTicks(903) })).decision.kind).to.equal('accept');
  });

  it('throttles new, replace and cancel messages per session per second, and the next second starts afresh', () => {
    const { submit } = setup([{ scope: 'session', id: 'S1', limits: { maxMessagesPerSecond: 3 } }]);
    for (let i = 0; i < 3; i += 1) expect(submit(order({ priceTicks: priceTicks(800 + i) }), T + BigInt(i)).decision.kind).to.equal('accept');
    expect(rejected(submit(order(), T + 10n).decision)?.code).to.equal(RejectCode.Throttled);
    expect(submit(order(), T + 1_000_001n).decision.kind).to.equal('accept');
  });

  it('the tightest level decides: a firm limit applies under a looser account limit', () => {
    const { submit } = setup([
      { scope: 'firm', id: 'F1', limits: { maxOrderQty: '50' } },
      { scope: 'account', id: 'A1', limits: { maxOrderQty: '500' } },
    ]);
    expect(rejected(submit(order({ qtyLots: qtyLots(60) })).decision)?.text).to.match(/for firm F1/);
  });

  it('a live limit change is in force for the next order and is returned as an audit record', () => {
    const { risk, submit } = setup();
    expect(submit(order({ qtyLots: qtyLots(1000) })).decision.kind).to.equal('accept');
    const audit = risk.setLimits({ scope: 'account', id: 'A1', limits: { maxOrderQty: '10' } }, officer, T);
    expect(audit).to.deep.include({ kind: 'LIMIT_CHANGE', actor: 'ro1' });
    expect(rejected(submit(order({ qtyLots: qtyLots(11) })).decision)?.code).to.equal(RejectCode.MaxOrderQuantityExceeded);
  });

  it('kill switch: cancels the scope\'s open orders, refuses new ones and replaces, lets others trade, and only a risk officer releases it', () => {
    const { risk, engine, submit } = setup();
    submit(order({ account: 'A1', priceTicks: priceTicks(900) }));
    submit(order({ account: 'A1', priceTicks: priceTicks(901) }));
    submit(order({ account: 'B1', firm: 'F2', priceTicks: priceTicks(902) }));
    const { commands, audit } = risk.kill({ scope: 'account', id: 'A1' }, officer, T);
    expect(audit).to.deep.include({ kind: 'KILL', actor: 'ro1' });
    const cancelled = commands.flatMap((c) => engine.execute(c, T)).filter((e) => e.kind === 'OrderCancelled');
    expect(cancelled).to.have.length(2);
    const refused = rejected(submit(order({ account: 'A1' })).decision);
    expect(refused?.code).to.equal(RejectCode.KillSwitchActive);
    expect(refused?.text).to.match(/account A1/);
    expect(submit(order({ account: 'B1', firm: 'F2' })).decision.kind).to.equal('accept');
    expect(risk.release({ scope: 'account', id: 'A1' }, trader, T)).to.deep.include({ ok: false });
    expect(risk.release({ scope: 'account', id: 'A1' }, officer, T)).to.deep.include({ ok: true });
    expect(submit(order({ account: 'A1' })).decision.kind).to.equal('accept');
  });

  it('a global kill refuses every new order', () => {
    const { risk, submit } = setup();
    risk.kill({ scope: 'global' }, officer, T);
    expect(rejected(submit(order({ account: 'Z', firm: 'Z' })).decision)?.code).to.equal(RejectCode.KillSwitchActive);
  });
});
