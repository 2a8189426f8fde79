import { expect } from 'chai';
import { UsedIds } from '../../../gateway/fix/translate/used-ids';
import { mulberry32 } from '../../support/seeded-random';

describe('the ClOrdIDs a session used today (fingerprints)', () => {
  it('knows every id added, through its growth, and no id that was not: 200,000 seeded ids against a Set', () => {
    const random = mulberry32(7);
    const ids = new UsedIds(16);
    const reference = new Set<string>();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:é';
    const randomId = (): string => {
      let id = '';
      for (let n = 1 + Math.floor(random() * 20); n > 0; n -= 1) id += alphabet[Math.floor(random() * alphabet.length)];
      return id;
    };
    for (let i = 0; i < 200_000; i += 1) {
      // Sequential ids as clients number them, random ones, and repeats of earlier ones.
      const id = i % 3 === 0 ? `ORD-${i}` : i % 3 === 1 ? randomId() : `ORD-${Math.floor(random() * i)}`;
      const isNew = !reference.has(id);
      expect(ids.has(id), id).to.equal(!isNew);
      expect(ids.add(id), id).to.equal(isNew);
      reference.add(id);
    }
    expect(ids.size).to.equal(reference.size);
    for (const id of reference) expect(ids.has(id)).to.equal(true);
    let strangers = 0;
    for (let i = 0; i < 100_000; i += 1) if (ids.has(`other-${i}-${randomId()}`)) strangers += 1;
    expect(strangers).to.equal(0);
    // At most half the slots full, 8 bytes a slot: at most 32 bytes an id right after a growth, 16 bytes before it.
    expect(ids.bytes / ids.size).to.be.at.most(32);
  });

  it('tells apart ids that differ only in order, in case or by a character beyond the first', () => {
    const ids = new UsedIds();
    for (const id of ['AB', 'ab', 'Ab', 'ABC', 'ACB', 'A', '', 'ORD-10', 'ORD-01', 'ORD-1', 'ORD-100']) expect(ids.add(id), id).to.equal(true);
    for (const id of ['BA', 'aB', 'AC', 'ORD-11', 'ORD-001']) expect(ids.has(id), id).to.equal(false);
  });
});
