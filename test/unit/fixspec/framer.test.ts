import { expect } from 'chai';
import { checksum, FixFramer, type FrameEvent } from '../../../fixspec';
import { buildMessage } from '../../support/fix-test-client';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const hb = (seq: number): string => buildMessage('FIX.4.4', '0', [[49, 'A'], [56, 'B'], [34, seq], [52, '20261125-10:00:00.000']]);

function frame(framer: FixFramer, ...chunks: string[]): string[] {
  const out: string[] = [];
  const on = (e: FrameEvent): void => {
    out.push(e.kind === 'message' ? `msg:${Buffer.from(e.bytes).toString('latin1').match(/34=(\d+)/)?.[1] ?? '?'}` : `garbled:${e.reason}`);
  };
  for (const c of chunks) framer.push(bytes(c), on);
  return out;
}

describe('fixspec framing', () => {
  it('reassembles a message split across reads, even byte by byte', () => {
    const text = hb(1);
    expect(frame(new FixFramer(), ...text.split(''))).to.deep.equal(['msg:1']);
    expect(frame(new FixFramer(), text.slice(0, 10), text.slice(10, 40), text.slice(40))).to.deep.equal(['msg:1']);
  });

  it('splits several messages in one read', () => {
    expect(frame(new FixFramer(), hb(1) + hb(2) + hb(3))).to.deep.equal(['msg:1', 'msg:2', 'msg:3']);
  });

  it('skips garbage before 8= and reports it', () => {
    expect(frame(new FixFramer(), `xx\x01junk${hb(4)}`)).to.deep.equal(['garbled:garbage-before-begin-string', 'msg:4']);
  });

  it('reports a bad CheckSum as garbled and goes on with the next message', () => {
    const bad = hb(5).replace(/10=\d{3}\x01$/, '10=000\x01');
    const ok = hb(6);
    const out = frame(new FixFramer(), bad + ok);
    expect(out[out.length - 1]).to.equal('msg:6');
    expect(out).to.include('garbled:checksum-mismatch');
  });

  it('reports a BodyLength that does not end at CheckSum', () => {
    const wrong = hb(7).replace(/9=(\d+)/, (_m, n: string) => `9=${Number(n) - 3}`);
    expect(frame(new FixFramer(), wrong + hb(8))).to.deep.equal(['garbled:body-length-mismatch', 'msg:8']);
  });

  it('reports a missing BodyLength or a non-numeric one', () => {
    expect(frame(new FixFramer(), `8=FIX.4.4\x0135=0\x0110=000\x01${hb(9)}`)).to.deep.equal(['garbled:body-length-not-second', 'msg:9']);
    expect(frame(new FixFramer(), `8=FIX.4.4\x019=x1\x0135=0\x0110=000\x01${hb(10)}`)).to.deep.equal(['garbled:body-length-invalid', 'msg:10']);
  });

  it('refuses a message over the size limit without buffering it', () => {
    const big = buildMessage('FIX.4.4', '0', [[49, 'A'], [56, 'B'], [34, 11], [58, 'x'.repeat(600)]]);
    const framer = new FixFramer(256);
    expect(frame(framer, big.slice(0, 40))).to.deep.equal(['garbled:too-large']);
    expect(framer.buffered).to.be.lessThan(256);
    expect(frame(new FixFramer(256), big + hb(12))).to.deep.equal(['garbled:too-large', 'msg:12']);
  });

  it('computes CheckSum as the byte sum modulo 256 over any range and alignment, short or long', () => {
    const buffer = new ArrayBuffer(1_100);
    const all = new Uint8Array(buffer);
    for (let i = 0; i < all.length; i += 1) all[i] = i % 3 === 0 ? 255 : (i * 37) & 255;
    for (const offset of [0, 1, 2, 3, 5]) {
      const bytes = new Uint8Array(buffer, offset, 1_000);
      for (const [from, to] of [[0, 0], [0, 63], [1, 64], [3, 200], [2, 1_000], [7, 997]] as const) {
        let sum = 0;
        for (let i = from; i < to; i += 1) sum += bytes[i] ?? 0;
        expect(checksum(bytes, from, to), `offset ${offset}, [${from}, ${to})`).to.equal(sum & 255);
      }
    }
  });

  it('waits for the missing SOH of a truncated trailer, then frames it', () => {
    const text = hb(13);
    const framer = new FixFramer();
    expect(frame(framer, text.slice(0, -1))).to.deep.equal([]);
    expect(framer.buffered).to.equal(text.length - 1);
    expect(frame(framer, text.slice(-1))).to.deep.equal(['msg:13']);
  });

  it('keeps its own copy of a partial message when the reader reuses its Buffer for the next read', () => {
    const text = hb(14);
    const framer = new FixFramer();
    const out: string[] = [];
    const on = (e: FrameEvent): void => {
      out.push(e.kind === 'message' ? `msg:${Buffer.from(e.bytes).toString('latin1').match(/34=(\d+)/)?.[1] ?? '?'}` : `garbled:${e.reason}`);
    };
    const read = Buffer.alloc(text.length);
    read.write(text.slice(0, 30), 'latin1');
    framer.push(read.subarray(0, 30), on);
    read.fill(0x41);
    read.write(text.slice(30), 'latin1');
    framer.push(read.subarray(0, text.length - 30), on);
    expect(out).to.deep.equal(['msg:14']);
  });

  it('frames a read longer than its buffer holds (a message limit plus 64 KiB) in pieces, losing nothing', () => {
    const messages = Array.from({ length: 1_500 }, (_, i) => hb(i + 1));
    const read = messages.join('');
    expect(read.length).to.be.greaterThan(256 + 65_536);
    const out = frame(new FixFramer(256), read);
    expect(out).to.have.length(1_500);
    expect(out[0]).to.equal('msg:1');
    expect(out[1_499]).to.equal('msg:1500');
  });
});
