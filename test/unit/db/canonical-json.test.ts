import { expect } from 'chai';
import { auditRecordsOf, commandRecordOf, decodeCommandRecord, fingerprintsOf } from '../../../db/journal/order-event-records';
import { canonicalText } from '../../../db/journal/canonical-json';
import { MatchingEngine } from '../../../engine';
import { CommandGenerator, TEST_INSTRUMENTS } from '../engine/command-generator';

/** The journal's canonical form as defined: JSON.stringify with bigints as strings. */
const byDefinition = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

describe('journal canonical JSON', () => {
  it('is byte for byte JSON.stringify with bigints as strings, for every command and event of 10,000 seeded engine commands', () => {
    const engine = new MatchingEngine(TEST_INSTRUMENTS);
    const generator = new CommandGenerator(11);
    const kinds = new Set<string>();
    let seq = 0;
    for (let i = 0; i < 10_000; i += 1) {
      const { command, nowUs } = generator.next();
      const events = engine.execute(command, nowUs).map((event) => ({ seq: ++seq, event }));
      expect(canonicalText({ command, nowUs }), `command ${i}`).to.equal(byDefinition({ command, nowUs }));
      for (const { seq: s, event } of events) {
        kinds.add(event.kind);
        // Twice: the second time an order's terms come from the remembered text.
        for (let k = 0; k < 2; k += 1) expect(canonicalText({ gatewaySeq: s, event }), `${event.kind} of command ${i}`).to.equal(byDefinition({ gatewaySeq: s, event }));
      }
      // The records as written: their bodies parse back to the events' canonical form.
      const records = [commandRecordOf(command, nowUs, events, 'test'), ...auditRecordsOf(command, events, 'test')];
      for (const r of records) expect(() => JSON.parse(r.body.toString())).not.to.throw();
      // A trade's two records: each body is the canonical form of { gatewaySeq, side, trade }, byte for byte.
      for (const { seq: s, event } of events) {
        if (event.kind !== 'Trade') continue;
        const sides = records.filter((r) => r.execId === `E${s}M` || r.execId === `E${s}T`);
        expect(sides.map((r) => Buffer.from(r.body).toString('utf8'))).to.deep.equal(['maker', 'taker'].map((side) => byDefinition({ gatewaySeq: s, side, trade: event })));
      }
    }
    expect([...kinds].sort()).to.include.members(['OrderAccepted', 'OrderCancelled', 'OrderRejected', 'OrderReplaced', 'Trade']);
  });

  it('decodes a command record, from its bytes or its text, to the command it was made of (bigints included)', () => {
    const engine = new MatchingEngine(TEST_INSTRUMENTS);
    const generator = new CommandGenerator(12);
    let seq = 0;
    let withExpiry = 0;
    for (let i = 0; i < 2_000; i += 1) {
      const { command, nowUs } = generator.next();
      const events = engine.execute(command, nowUs).map((event) => ({ seq: ++seq, event }));
      const record = commandRecordOf(command, nowUs, events, 'test');
      // As the command's JSON would give it back, with its undefined fields gone.
      const expected = { command: JSON.parse(JSON.stringify(command, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)), (_k, v: unknown) => (typeof v === 'string' && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)) as unknown, nowUs, events: fingerprintsOf(events.map((e) => e.event)), firstEventSeq: events[0]?.seq };
      if ('expireTimeUs' in command && typeof command.expireTimeUs === 'bigint') withExpiry += 1;
      expect(decodeCommandRecord(record.body), `command ${i}`).to.deep.equal(expected);
      expect(decodeCommandRecord(Buffer.from(record.body).toString('utf8')), `command ${i} as text`).to.deep.equal(expected);
    }
    expect(withExpiry).to.be.greaterThan(10);
  });

  it('writes what JSON leaves out or turns to null the same way: undefined, functions, NaN, infinities, -0, nested arrays, escapes, toJSON', () => {
    const odd = {
      a: undefined, b: () => 1, c: Number.NaN, d: Number.POSITIVE_INFINITY, e: -0, f: [undefined, () => 1, Number.NaN, [1n, [2]]], g: 'quote " backslash \\ newline \n \u0001 \ud800 é',
      'key "with" quotes': true, h: null, i: {}, j: [], k: 12345678901234567890n, l: new Date(0), m: { toJSON: () => ({ n: 1n }) }, order: { orderId: 1, nested: { x: 1n } },
    };
    expect(canonicalText(odd)).to.equal(byDefinition(odd));
    expect(canonicalText([odd, odd])).to.equal(byDefinition([odd, odd]));
    for (const v of [1n, 'x', 1.5, null, true, [], {}, -0, 2147483647, -2147483648, 2147483648, -1e21, 1e-7, 0.1 + 0.2, 'ünïcødé ✓ 😀', { toJSON: () => undefined }, { k: { toJSON: () => undefined }, l: 1 }]) {
      expect(canonicalText(v)).to.equal(byDefinition(v) ?? 'null');
    }
  });
});
