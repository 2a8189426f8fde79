import { expect } from 'chai';
import { FixEncoder, FixMessageView, Tag } from '../../../fixspec';
import { checksum, parseMessage } from '../../support/fix-test-client';

const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const T0 = BigInt(Date.UTC(2026, 10, 25, 10, 0, 0)) * 1000n + 123_456n;

describe('fixspec encoding', () => {
  it('writes the standard header, BodyLength and CheckSum that an independent reader agrees with', () => {
    const enc = new FixEncoder('FIX.4.4', 'GW', 'CLIENT');
    const out = text(enc.encode('8', 42, T0, [[37, 'O1'], [11, 'C1'], [17, 'E1'], [150, 'F'], [39, '2'], [55, 'ACME'], [54, '1'], [151, 0], [14, 100], [6, '10.25'], [31, '10.25'], [32, 100]]));
    expect(out.startsWith('8=FIX.4.4\x019=')).to.equal(true);
    const m = parseMessage(out);
    expect([m.get(35), m.get(49), m.get(56), m.get(34), m.get(52), m.get(6)]).to.deep.equal(['8', 'GW', 'CLIENT', '42', '20261125-10:00:00.123', '10.25']);
    const bodyStart = out.indexOf('\x01', out.indexOf('9=')) + 1;
    const trailer = out.lastIndexOf('10=');
    expect(Number(m.get(9))).to.equal(trailer - bodyStart);
    expect(m.get(10)).to.equal(checksum(out.slice(0, trailer)));
  });

  it('writes SendingTime with microseconds for RTS 25 sessions, and negative and large integers exactly', () => {
    const enc = new FixEncoder('FIX.4.4', 'GW', 'C', 'us');
    const m = parseMessage(text(enc.encode('0', 9_007_199_254_740_991, T0, [[58, -12]])));
    expect(m.get(52)).to.equal('20261125-10:00:00.123456');
    expect(m.get(34)).to.equal('9007199254740991');
    expect(m.get(58)).to.equal('-12');
  });

  it('reuses its buffer: earlier results stay intact, a large message grows it', () => {
    const enc = new FixEncoder('FIX.4.4', 'GW', 'C');
    const first = enc.encode('0', 1, T0, []);
    const big = enc.encode('0', 2, T0, [[58, 'x'.repeat(10_000)]]);
    expect(parseMessage(text(first)).get(34)).to.equal('1');
    expect(parseMessage(text(big)).get(58)).to.have.length(10_000);
  });

  it('writes the trailer whole when it is the trailer that outgrows the buffer, at every body length around the edge', () => {
    const enc = new FixEncoder('FIX.4.4', 'GW', 'C');
    const filler = enc.encode('0', 1, T0, [[58, '']]).length;
    for (let n = 4_096 - filler - 40; n <= 4_096 - filler + 8; n += 1) {
      const fresh = new FixEncoder('FIX.4.4', 'GW', 'C');
      const out = text(fresh.encode('0', 1, T0, [[58, 'y'.repeat(n)]]));
      const trailer = out.lastIndexOf('10=');
      expect(out.slice(trailer), `text of ${n}`).to.match(/^10=\d{3}\x01$/);
      expect(parseMessage(out).get(10), `text of ${n}`).to.equal(checksum(out.slice(0, trailer)));
    }
  });

  it('writes tags of one to nine digits, before empty, short and long values alike', () => {
    const enc = new FixEncoder('FIX.4.4', 'GW', 'C');
    const tags = [1, 12, 123, 999, 1000, 1234, 9999, 10000, 12345, 123456789];
    for (const value of ['', 'v', 'a longer value', 7]) {
      const out = text(enc.encode('0', 1, T0, tags.map((tag): [number, string | number] => [tag, value])));
      const fields = out.split('\x01').slice(7, 7 + tags.length); // after 8, 9, 35, 49, 56, 34 and 52
      expect(fields, `value ${JSON.stringify(value)}`).to.deep.equal(tags.map((tag) => `${tag}=${value}`));
    }
  });

  it('round-trips through the view', () => {
    const enc = new FixEncoder('FIXT.1.1', 'GW', 'C');
    const v = new FixMessageView();
    expect(v.parse(enc.encode('D', 3, T0, [[11, 'A'], [453, 1], [448, 'P'], [447, 'D'], [452, 3]]))).to.equal(null);
    expect([v.getString(Tag.BeginString), v.getInt(Tag.NoPartyIDs), v.getTimestampUs(Tag.SendingTime)]).to.deep.equal(['FIXT.1.1', 1, T0 - 456n]);
  });

  it('re-encodes a stored message for a resend: same MsgSeqNum, PossDupFlag=Y, OrigSendingTime = the first SendingTime', () => {
    const enc = new FixEncoder('FIX.4.4', 'GW', 'C');
    const stored = enc.encode('8', 7, T0, [[37, 'O1'], [11, 'C1']]);
    const resent = parseMessage(text(enc.reencodeForResend(stored, T0 + 60_000_000n)));
    expect([resent.get(34), resent.get(43), resent.get(122), resent.get(52), resent.get(11)]).to.deep.equal(['7', 'Y', '20261125-10:00:00.123', '20261125-10:01:00.123', 'C1']);
    const again = parseMessage(text(enc.reencodeForResend(enc.reencodeForResend(stored, T0 + 1_000_000n), T0 + 2_000_000n)));
    expect(again.getAll(43)).to.deep.equal(['Y']);
    expect(again.get(122)).to.equal('20261125-10:00:01.123');
  });
});
