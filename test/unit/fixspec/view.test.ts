import { expect } from 'chai';
import { dictionaryFor, FixMessageView, Tag } from '../../../fixspec';
import { buildMessage } from '../../support/fix-test-client';

function view(text: string): FixMessageView {
  const v = new FixMessageView();
  const failure = v.parse(Buffer.from(text, 'latin1'));
  if (failure !== null) throw new Error(`parse failed: ${failure.reason}`);
  return v;
}

const header: [number, string | number][] = [[49, 'C'], [56, 'GW'], [34, 2], [52, '20261125-10:00:00.000']];

describe('fixspec decoding', () => {
  it('reads ints, chars, booleans and strings from the bytes', () => {
    const v = view(buildMessage('FIX.4.4', 'D', [...header, [43, 'Y'], [11, 'ABC-1'], [54, '1'], [38, '1500'], [58, 'Schön']]));
    expect(v.getInt(Tag.MsgSeqNum)).to.equal(2);
    expect(v.getChar(Tag.Side)).to.equal('1');
    expect(v.getBoolean(Tag.PossDupFlag)).to.equal(true);
    expect(v.getString(Tag.ClOrdID)).to.equal('ABC-1');
    expect(v.getInt(Tag.ClOrdID)).to.equal(undefined);
    expect(v.getString(Tag.Price)).to.equal(undefined);
    expect(v.has(Tag.Text)).to.equal(true);
  });

  it('reads UTCTimestamps of every precision as µs, and rejects malformed ones', () => {
    const at = (ts: string): bigint | undefined => view(buildMessage('FIX.4.4', '0', [[49, 'C'], [52, ts]])).getTimestampUs(Tag.SendingTime);
    const base = BigInt(Date.UTC(2026, 10, 25, 10, 0, 1)) * 1000n;
    expect(at('20261125-10:00:01')).to.equal(base);
    expect(at('20261125-10:00:01.123')).to.equal(base + 123_000n);
    expect(at('20261125-10:00:01.123456')).to.equal(base + 123_456n);
    expect(at('20261125-10:00:01.123456789')).to.equal(base + 123_456n);
    expect(at('20261125-24:00:01')).to.equal(undefined);
    expect(at('20260230-10:00:01')).to.equal(undefined);
    expect(at('20261125-10:00:01.12')).to.equal(undefined);
    expect(at('2026112510:00:01')).to.equal(undefined);
  });

  it('reads LocalMktDate', () => {
    const v = view(buildMessage('FIX.4.4', 'D', [...header, [432, '20280229'], [75, '20270229']]));
    expect(v.getLocalMktDate(432)).to.deep.equal([2028, 2, 29]);
    expect(v.getLocalMktDate(75)).to.equal(undefined);
  });

  it('reads prices and quantities exactly into integers at a scale, never through a float', () => {
    const v = view(buildMessage('FIX.4.4', 'D', [...header, [44, '100.25'], [38, '0.1'], [99, '-3.5'], [31, '1.005'], [32, '12.3400'], [6, '99999999999999999'], [14, '1e5'], [15, '.5']]));
    expect(v.getScaled(44, 2)).to.deep.equal({ ok: true, value: 10025 });
    expect(v.getScaled(44, 4)).to.deep.equal({ ok: true, value: 1002500 });
    expect(v.getScaled(38, 1)).to.deep.equal({ ok: true, value: 1 });
    expect(v.getScaled(38, 8)).to.deep.equal({ ok: true, value: 10_000_000 });
    expect(v.getScaled(99, 1)).to.deep.equal({ ok: true, value: -35 });
    expect(v.getScaled(31, 2)).to.deep.equal({ ok: false, reason: 'precision' });
    expect(v.getScaled(32, 2)).to.deep.equal({ ok: true, value: 1234 });
    expect(v.getScaled(6, 2)).to.deep.equal({ ok: false, reason: 'range' });
    expect(v.getScaled(14, 0)).to.deep.equal({ ok: false, reason: 'format' });
    expect(v.getScaled(15, 1)).to.deep.equal({ ok: true, value: 5 });
  });

  it('reads a repeating group (Parties) and a nested one by the dictionary', () => {
    const d = dictionaryFor('FIX.4.4');
    const nos = d.message('D');
    const parties = nos?.groups.get(453);
    expect(parties?.delimiter).to.equal(448);
    const subIds = parties?.groups.get(802);
    expect(subIds?.delimiter).to.equal(523);
    const v = view(
      buildMessage('FIX.4.4', 'D', [...header, [11, 'X'], [453, 3], [448, 'P1'], [447, 'D'], [452, 1], [802, 2], [523, 'S1'], [803, 1], [523, 'S2'], [803, 2], [448, 'P2'], [447, 'D'], [452, 3], [448, 'P3'], [447, 'D'], [452, 12], [55, 'ACME']]),
    );
    if (parties === undefined || subIds === undefined) throw new Error('dictionary lacks Parties');
    const entries = v.groupEntries(parties);
    expect(entries.map(([a, b]) => v.getStringIn(448, a, b))).to.deep.equal(['P1', 'P2', 'P3']);
    expect(entries.map(([a, b]) => v.getStringIn(452, a, b))).to.deep.equal(['1', '3', '12']);
    const [first] = entries;
    const nested = first === undefined ? [] : v.groupEntries(subIds, first[0]);
    expect(nested.map(([a, b]) => v.getStringIn(523, a, b))).to.deep.equal(['S1', 'S2']);
    const md = d.message('W')?.groups.get(268);
    expect(md?.delimiter).to.equal(269);
  });

  it('reads a raw data field that contains SOH by its length field', () => {
    const v = view(`8=FIX.4.4\x019=30\x0135=B\x0195=5\x0196=a\x01b\x01c\x0158=ok\x0110=000\x01`);
    expect(v.getString(96)).to.equal('a\x01b\x01c');
    expect(v.getString(58)).to.equal('ok');
  });

  it('reports bytes that are not tag=value', () => {
    const v = new FixMessageView();
    expect(v.parse(Buffer.from('8=FIX.4.4\x01x9=1\x01', 'latin1'))?.reason).to.equal('tag-not-a-number');
    expect(v.parse(Buffer.from('8=FIX.4.4\x019', 'latin1'))?.reason).to.equal('missing-equals');
    expect(v.parse(Buffer.from('8=FIX.4.4\x019=1', 'latin1'))?.reason).to.equal('missing-soh');
    expect(v.parse(Buffer.from('8=FIX.4.4\x0195=4\x0196=ab', 'latin1'))?.reason).to.equal('bad-data-length');
    expect(v.parse(Buffer.from('8=FIX.4.4\x0195=2\x0196=ab\x015', 'latin1'))).to.deep.equal({ at: 21, reason: 'missing-equals' });
    expect(v.fieldCount).to.equal(3);
  });

  it('copies a message out of the read it came in (a Buffer included), so that it outlives the read', () => {
    const text = buildMessage('FIX.4.4', 'D', [...header, [11, 'ABC-1']]);
    const read = Buffer.from(`${text}${text}`, 'latin1');
    const v = new FixMessageView();
    expect(v.parse(read, text.length, read.length)).to.equal(null);
    const kept = v.copyBytes();
    read.fill(0x41);
    expect(Buffer.from(kept).toString('latin1')).to.equal(text);
  });
});
