import { expect } from 'chai';
import { fuzz } from '../../support/fix-fuzzer';

describe('fixspec fuzzing', function () {
  this.timeout(120_000);

  it('100,000 seeded mutations: framing, parsing and validation only ever give the codec\'s typed results, the same with and without the layout memo, and the same from the byte scanner as from the JavaScript parser', () => {
    const stats = fuzz(20261125, 100_000);
    expect(stats.cases).to.equal(100_000);
    // The mutations must reach every stage, or the run proves nothing.
    expect(stats.garbled).to.be.greaterThan(1_000);
    expect(stats.rejected).to.be.greaterThan(1_000);
    expect(stats.valid).to.be.greaterThan(100);
    expect(stats.messages).to.be.greaterThan(20_000);
    // Mutated values in an unchanged layout must meet the memo's short cut, and still be rejected as the full walk does.
    expect(stats.layoutHits).to.be.greaterThan(5_000);
    // Most framed messages are split by the byte scanner where they lie, each compared with a parsed copy.
    expect(stats.scanned).to.be.greaterThan(10_000);
  });
});
