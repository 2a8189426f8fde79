import { expect } from 'chai';
import { type AuditRecord, auditRecordsOf, commandRecordOf, isPublished, isoMicros, type JournalRow, outboxMessageOf } from '../../../db';
import { MatchingEngine } from '../../../engine';
import { type EngineCommand, OrderType, type PriceTicks, type QtyLots, Side, TimeInForce, TradingStatus } from '../../../engine/model';
import { TEST_INSTRUMENTS } from '../engine/command-generator';

const T0 = BigInt(Date.UTC(2026, 10, 25, 10, 0, 0)) * 1000n;

const DAY_US = 86_400_000_000n;

function place(account: string, clientOrderId: string, side: Side, qty: number, price: number): EngineCommand {
  return { kind: 'PlaceOrder', sessionId: `S-${account}`, clientOrderId, account, firm: 'F1', symbol: 'ACME', side, type: OrderType.Limit, timeInForce: TimeInForce.Day, qtyLots: qty as QtyLots, priceTicks: price as PriceTicks };
}

function rowOf(record: AuditRecord, seq: number): JournalRow {
  return {
    chainId: 1,
    seq: BigInt(seq),
    eventType: record.eventType,
    eventTsUs: record.eventTsUs,
    recordedAt: null,
    source: record.source,
    sessionId: record.sessionId ?? null,
    orderId: record.orderId ?? null,
    clOrdId: record.clOrdId ?? null,
    execId: record.execId ?? null,
    actorId: record.actorId ?? null,
    body: record.body,
  };
}

/** Runs the commands on a real engine (ExpireOrders a day later) and gives, per command, [event type, key] of each journal record. */
function keysOf(commands: readonly EngineCommand[]): [string, string][][] {
  const engine = new MatchingEngine(TEST_INSTRUMENTS);
  let gatewaySeq = 1;
  return commands.map((command, k) => {
    const events = engine.execute(command, T0 + BigInt(k) + (command.kind === 'ExpireOrders' ? DAY_US : 0n)).map((event) => ({ seq: gatewaySeq++, event }));
    return auditRecordsOf(command, events, 'test').map((record, i): [string, string] => [record.eventType, outboxMessageOf(rowOf(record, i + 1)).key]);
  });
}

describe('outbox message mapping', () => {
  it('keys each order event by its order\'s account, and each side of a trade by that side\'s', () => {
    expect(
      keysOf([
        place('A1', 'S1', Side.Sell, 5, 100),
        place('A2', 'B1', Side.Buy, 3, 100),
        { kind: 'ReplaceOrder', sessionId: 'S-A1', clientOrderId: 'S1b', origClientOrderId: 'S1', symbol: 'ACME', side: Side.Sell, qtyLots: 4 as QtyLots, priceTicks: 101 as PriceTicks },
        { kind: 'OrderStatusRequest', sessionId: 'S-A1', clientOrderId: 'S1b', symbol: 'ACME' },
        { kind: 'CancelOrder', sessionId: 'S-A1', clientOrderId: 'X1', origClientOrderId: 'S1b', symbol: 'ACME', side: Side.Sell },
        place('A3', 'B2', Side.Buy, 1, 99),
        { kind: 'ExpireOrders' },
      ]),
    ).to.deep.equal([
      [['NEWO', 'A1']],
      [
        ['NEWO', 'A2'],
        ['PARF', 'A1'],
        ['FILL', 'A2'],
      ],
      [['REME', 'A1']],
      [['STATUS', 'A1']],
      [['CAME', 'A1']],
      [['NEWO', 'A3']],
      [['EXPI', 'A3']],
    ]);
  });

  it('keys a refusal by the order\'s or the command\'s account, and events of no account by \'\'', () => {
    expect(
      keysOf([
        place('A1', 'R1', Side.Buy, 1, 100),
        { kind: 'CancelOrder', sessionId: 'S-A2', clientOrderId: 'X9', origClientOrderId: 'NOPE', symbol: 'ACME', side: Side.Buy },
        { kind: 'SetTradingStatus', symbol: 'ACME', status: TradingStatus.Halted },
        place('A2', 'R2', Side.Buy, 1, 100),
        { kind: 'MassCancel', sessionId: 'S-A1', requestId: 'M1', filter: { account: 'A1' } },
        { kind: 'MassCancel', sessionId: 'S-A1', requestId: 'M2', filter: { symbol: 'ACME' } },
      ]),
    ).to.deep.equal([
      [['NEWO', 'A1']],
      [['REJECT', '']],
      [['TRADING_STATUS', '']],
      [['REJECT', 'A2']],
      [
        ['CAME', 'A1'],
        ['MASS_CANCEL', 'A1'],
      ],
      [['MASS_CANCEL', '']],
    ]);
  });

  it('does not publish command records (their key would be the command\'s account)', () => {
    const command = place('A1', 'C1', Side.Buy, 1, 100);
    const record = commandRecordOf(command, T0, [], 'test');
    expect(isPublished(record.eventType)).to.equal(false);
    expect(isPublished('NEWO')).to.equal(true);
    expect(outboxMessageOf(rowOf(record, 1)).key).to.equal('A1');
  });

  it('keys a risk audit event by \'\' and carries the row and its JSON body in the value', () => {
    const body = { kind: 'KILL', tsUs: '1', actor: 'u1', detail: { scope: 'account:A1' } };
    const message = outboxMessageOf({ ...rowOf({ eventTsUs: T0 + 7n, eventType: 'KILL', source: 'ops:u1', actorId: 'u1', body: Buffer.from(JSON.stringify(body)) }, 42), chainId: 3 });
    expect(message.key).to.equal('');
    expect(message.headers).to.deep.equal({ 'event-type': 'KILL', 'chain-seq': '3:42', source: 'ops:u1' });
    expect(message.timestampMs).to.equal(Number(T0 / 1000n));
    expect(JSON.parse(message.value)).to.deep.equal({
      schema: 'gateway.journal-event.v1',
      chainId: 3,
      seq: '42',
      eventType: 'KILL',
      eventTsUs: (T0 + 7n).toString(),
      eventTime: '2026-11-25T10:00:00.000007Z',
      recordedAt: null,
      source: 'ops:u1',
      account: null,
      sessionId: null,
      orderId: null,
      clientOrderId: null,
      execId: null,
      actorId: 'u1',
      body,
    });
    expect(isoMicros(1_234_567n)).to.equal('1970-01-01T00:00:01.234567Z');
  });
});
