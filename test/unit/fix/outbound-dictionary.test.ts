import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import { defineInstrument, type EngineCommand, type EngineEvent, OrderType, type PlaceOrder, priceTicks, qtyLots, SelfTradePrevention, Side, TimeInForce } from '../../../engine/model';
import { dictionaryFor, formatUtcTimestamp } from '../../../fixspec';
import { dropCopyReports, reportsFor, type OutboundContext } from '../../../gateway/fix/translate';
import { FinishedOrders, rejectedEvent } from '../../../gateway/order-path';
import { RejectCode } from '../../../engine/model';

const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.05', lotSize: '1' });
const T = BigInt(Date.UTC(2030, 0, 2, 10)) * 1000n;
const S = 'FIX.4.4:GW->C1';

function place(clientOrderId: string, side: Side, qty: number, price: number | undefined, extra: Partial<PlaceOrder> = {}): PlaceOrder {
  return {
    kind: 'PlaceOrder', sessionId: S, clientOrderId, account: clientOrderId.startsWith('N') ? '' : 'ACC1', firm: 'F1', symbol: 'ACME', side,
    type: price === undefined ? OrderType.Market : OrderType.Limit, timeInForce: TimeInForce.GoodTillCancel, qtyLots: qtyLots(qty),
    priceTicks: price === undefined ? undefined : priceTicks(price), ...extra,
  };
}

/** Every kind of event the order path gives a session, from a real engine (and the refusals made before it). */
function allEvents(): { readonly event: EngineEvent; readonly seq: number }[] {
  const engine = new MatchingEngine([ACME]);
  const finished = new FinishedOrders();
  const out: { event: EngineEvent; seq: number }[] = [];
  let seq = 1;
  const run = (command: EngineCommand, at = T): void => {
    const events = engine.execute(command, at);
    finished.observe(events, seq);
    for (const event of events) {
      out.push({ event: finished.explain(event, seq), seq });
      seq += 1;
    }
  };
  run(place('B1', Side.Buy, 100, 200));
  run(place('S1', Side.Sell, 40, 200));
  run({ kind: 'ReplaceOrder', sessionId: S, clientOrderId: 'B1-R', origClientOrderId: 'B1', symbol: 'ACME', side: Side.Buy, qtyLots: qtyLots(90), priceTicks: priceTicks(199) });
  run({ kind: 'OrderStatusRequest', sessionId: S, clientOrderId: 'B1-R', symbol: 'ACME', requestId: 'Q1' });
  run({ kind: 'CancelOrder', sessionId: S, clientOrderId: 'B1-X', origClientOrderId: 'B1-R', symbol: 'ACME', side: Side.Buy });
  run({ kind: 'CancelOrder', sessionId: S, clientOrderId: 'B1-Y', origClientOrderId: 'B1-R', symbol: 'ACME', side: Side.Buy });
  run({ kind: 'OrderStatusRequest', sessionId: S, clientOrderId: 'B1-R', symbol: 'ACME', side: Side.Buy, requestId: 'Q2' });
  run({ kind: 'OrderStatusRequest', sessionId: S, clientOrderId: 'NOPE', symbol: 'ACME', side: Side.Sell, requestId: 'Q3' });
  run({ kind: 'ReplaceOrder', sessionId: S, clientOrderId: 'R9', origClientOrderId: 'NOPE', symbol: 'ACME', side: Side.Buy, qtyLots: qtyLots(1) });
  run(place('U1', Side.Buy, 1, 200, { symbol: 'NOPE' }));
  run(place('N1', Side.Buy, 1, 201));
  run(place('B2', Side.Buy, 50, 200));
  run(place('S2', Side.Sell, 20, 200));
  run({ kind: 'ReplaceOrder', sessionId: S, clientOrderId: 'B2-R', origClientOrderId: 'B2', symbol: 'ACME', side: Side.Buy, qtyLots: qtyLots(10) });
  run(place('ST1', Side.Buy, 5, 300, { type: OrderType.StopLimit, stopPriceTicks: priceTicks(210) }));
  run(place('A1', Side.Sell, 5, 210));
  run(place('A2', Side.Buy, 5, 210));
  run(place('I1', Side.Buy, 5, 205, { timeInForce: TimeInForce.ImmediateOrCancel }));
  run(place('F1', Side.Buy, 5, 205, { timeInForce: TimeInForce.FillOrKill }));
  run(place('D1', Side.Sell, 10, 250));
  run(place('D2', Side.Buy, 4, 250, { selfTradePrevention: SelfTradePrevention.Decrement }));
  run(place('G1', Side.Sell, 3, 400, { timeInForce: TimeInForce.GoodTillDate, expireTimeUs: T + 1n }));
  run({ kind: 'ExpireOrders' }, T + 2n);
  run(place('M1', Side.Sell, 3, 500));
  run({ kind: 'MassCancel', sessionId: S, requestId: 'MC1', filter: { sessionId: S } });
  const refusals = [
    rejectedEvent({ kind: 'MassCancel', sessionId: S, requestId: 'MC2', filter: { sessionId: S, symbol: 'NOPE' }, requestType: '1' }, RejectCode.UnknownInstrument, 'unknown instrument NOPE', T),
    rejectedEvent(place('K1', Side.Buy, 1, 200), RejectCode.PriceOffTick, 'price off the tick', T),
    rejectedEvent(place('K2', Side.Buy, 1, 200), RejectCode.PriceCollarBreached, 'collar', T),
    rejectedEvent({ kind: 'CancelOrder', sessionId: S, clientOrderId: 'K3', origClientOrderId: 'K3O', symbol: 'ACME', side: Side.Buy }, RejectCode.DuplicateClientOrderId, 'duplicate', T),
  ];
  for (const event of refusals) out.push({ event, seq: seq++ });
  return out;
}

describe('FIX outbound messages: every field is one the session\'s FIX version defines for the message, every value in its range', () => {
  const events = allEvents();

  it('covers every kind of event a session is sent', () => {
    expect([...new Set(events.map((e) => e.event.kind))].sort()).to.deep.equal(
      ['MassCancelCompleted', 'OrderAccepted', 'OrderCancelled', 'OrderExpired', 'OrderRejected', 'OrderReplaced', 'OrderRestated', 'OrderStatusReported', 'OrderTriggered', 'Trade'].sort(),
    );
  });

  for (const beginString of ['FIX.4.2', 'FIX.4.4', 'FIXT.1.1'] as const) {
    it(`${beginString}: ExecutionReports, OrderCancelRejects, OrderMassCancelReports and drop copies`, () => {
      const dictionary = dictionaryFor(beginString);
      const context: OutboundContext = { sessionId: S, beginString, instrument: (symbol) => (symbol === 'ACME' ? ACME : undefined), formatTime: (us) => formatUtcTimestamp(us, 'ms') };
      const problems: string[] = [];
      let messages = 0;
      for (const { event, seq } of events) {
        const own = reportsFor(event, `E${seq}`, context);
        const copies = dropCopyReports(event, `E${seq}`, { firm: undefined, account: undefined }, context);
        for (const message of [...own, ...copies]) {
          messages += 1;
          const definition = dictionary.message(message.msgType);
          if (definition === undefined) {
            problems.push(`${event.kind}: message type ${message.msgType} is not in ${beginString}`);
            continue;
          }
          for (const [tag, value] of message.body) {
            const text = String(value);
            if (!definition.fields.has(tag)) problems.push(`${event.kind} -> ${message.msgType}: tag ${tag} is not in the message`);
            if (text === '') problems.push(`${event.kind} -> ${message.msgType}: tag ${tag} is empty`);
            const allowed = dictionary.valuesOf(tag);
            if (allowed !== undefined && !allowed.has(text)) problems.push(`${event.kind} -> ${message.msgType}: ${tag}=${text} is not a value of ${beginString}`);
          }
          for (const tag of definition.required) {
            if (!message.body.some(([t]) => t === tag)) problems.push(`${event.kind} -> ${message.msgType}: required tag ${tag} is missing`);
          }
        }
      }
      expect(messages).to.be.greaterThan(40);
      expect([...new Set(problems)]).to.deep.equal([]);
    });
  }
});
