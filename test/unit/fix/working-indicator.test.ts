import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import { defineInstrument, type EngineEvent, OrderType, type PlaceOrder, priceTicks, qtyLots, Side, TimeInForce } from '../../../engine/model';
import { formatUtcTimestamp } from '../../../fixspec';
import { type OutboundContext, reportsFor } from '../../../gateway/fix/translate/outbound';
import { stopsTriggeredOnEntry } from '../../../gateway/fix/translate/working-indicator';

const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.05', lotSize: '1' });
const T = BigInt(Date.UTC(2030, 0, 2, 10)) * 1000n;
const S = 'FIX.4.4:GW->C1';

function place(clientOrderId: string, side: Side, qty: number, price: number, extra: Partial<PlaceOrder> = {}): PlaceOrder {
  return { kind: 'PlaceOrder', sessionId: S, clientOrderId, account: 'ACC1', firm: 'F1', symbol: 'ACME', side, type: OrderType.Limit, timeInForce: TimeInForce.Day, qtyLots: qtyLots(qty), priceTicks: priceTicks(price), ...extra };
}

function context(beginString: string, events: readonly EngineEvent[] = []): OutboundContext {
  return { sessionId: S, beginString, instrument: () => ACME, formatTime: (us) => formatUtcTimestamp(us, 'us'), triggeredOnEntry: stopsTriggeredOnEntry(events.map((event) => ({ event }))) };
}

/** WorkingIndicator(636) and ExecType(150) of the reports of a command's events, as one session gets them in one batch. */
function indicators(events: readonly EngineEvent[], beginString: string): (readonly [string | undefined, string | undefined, string | undefined])[] {
  const ctx = context(beginString, events);
  return events.flatMap((event) =>
    reportsFor(event, 'E1', ctx)
      .filter((m) => m.msgType === '8')
      .map((m) => {
        const get = (tag: number): string | undefined => m.body.find(([t]) => t === tag)?.[1]?.toString();
        return [get(11), get(150), get(636)] as const;
      }),
  );
}

describe('WorkingIndicator(636) of stop orders (FIX 5.0 SP2 Appendix D E.1.f)', () => {
  it('a stop-limit waiting for its trigger is New with WorkingIndicator N; its trigger report says Y (FIX 4.4 Restated, FIX 5.0 ExecType L); FIX 4.2 has no such field', () => {
    for (const [beginString, triggered, accepted, fired] of [
      ['FIX.4.4', 'D', 'N', 'Y'],
      ['FIXT.1.1', 'L', 'N', 'Y'],
      ['FIX.4.2', 'D', undefined, undefined],
    ] as const) {
      const engine = new MatchingEngine([ACME]);
      expect(indicators(engine.execute(place('ST1', Side.Buy, 5, 300, { type: OrderType.StopLimit, stopPriceTicks: priceTicks(210) }), T), beginString), beginString).to.deep.equal([['ST1', '0', accepted]]);
      engine.execute(place('A1', Side.Sell, 10, 210), T + 1n);
      const trade = engine.execute(place('B1', Side.Buy, 5, 210), T + 2n);
      const stopReports = indicators(trade, beginString).filter(([id]) => id === 'ST1');
      expect(stopReports[0], beginString).to.deep.equal(['ST1', triggered, fired]);
      // Triggered, the stop-limit at 300 takes the rest of A1 at 210: its fill has no indicator (only New and the trigger have one).
      expect(stopReports.slice(1).map(([, , working]) => working)).to.deep.equal([undefined]);
    }
  });

  it('a stop whose trigger price was reached on entry triggers in the same command: its New has no WorkingIndicator, its trigger report Y', () => {
    const engine = new MatchingEngine([ACME]);
    engine.execute(place('A1', Side.Sell, 10, 210), T);
    engine.execute(place('B1', Side.Buy, 5, 210), T + 1n); // last trade 210
    const events = engine.execute(place('ST2', Side.Buy, 2, 300, { type: OrderType.StopLimit, stopPriceTicks: priceTicks(205) }), T + 2n);
    expect(events.map((e) => e.kind)).to.include.members(['OrderAccepted', 'OrderTriggered']);
    const stop = indicators(events, 'FIX.4.4').filter(([id]) => id === 'ST2');
    expect(stop.slice(0, 2)).to.deep.equal([
      ['ST2', '0', undefined],
      ['ST2', 'D', 'Y'],
    ]);
  });

  it('limit orders carry none', () => {
    const engine = new MatchingEngine([ACME]);
    expect(indicators(engine.execute(place('L1', Side.Buy, 5, 200), T), 'FIX.4.4')).to.deep.equal([['L1', '0', undefined]]);
  });
});
