import { expect } from 'chai';
import { RejectCode } from '../../../engine/model';
import { dictionaryFor, Tag } from '../../../fixspec';
import { cxlRejReasonFor, ordRejReason } from '../../../gateway/fix/translate';

const VERSIONS = ['FIX.4.2', 'FIX.4.4', 'FIXT.1.1'] as const;
const CODES = Object.values(RejectCode).filter((value): value is RejectCode => typeof value === 'number');

describe('FIX reject reasons: every value sent is one the session\'s FIX version defines', () => {
  for (const version of VERSIONS) {
    it(`${version}: OrdRejReason(103) and CxlRejReason(102) for each of the ${CODES.length} reject codes`, () => {
      const dictionary = dictionaryFor(version);
      const ordValues = dictionary.valuesOf(Tag.OrdRejReason);
      const cxlValues = dictionary.valuesOf(Tag.CxlRejReason);
      const outside = CODES.flatMap((code) => [
        ...(ordValues?.has(String(ordRejReason(code, version))) === true ? [] : [`103=${ordRejReason(code, version)} for ${RejectCode[code]}`]),
        ...(cxlValues?.has(String(cxlRejReasonFor(code, version))) === true ? [] : [`102=${cxlRejReasonFor(code, version)} for ${RejectCode[code]}`]),
      ]);
      expect(outside).to.deep.equal([]);
    });
  }

  it('keeps the specific value where the version has it, and falls back to Other (4.4) or the broker\'s option (4.2)', () => {
    expect([RejectCode.PriceOffTick, RejectCode.PriceCollarBreached, RejectCode.InvalidQuantity].map((c) => ordRejReason(c, 'FIXT.1.1'))).to.deep.equal([18, 16, 13]);
    expect([RejectCode.PriceOffTick, RejectCode.PriceCollarBreached, RejectCode.InvalidQuantity].map((c) => ordRejReason(c, 'FIX.4.4'))).to.deep.equal([99, 99, 13]);
    expect([RejectCode.PriceOffTick, RejectCode.UnknownInstrument, RejectCode.InvalidQuantity].map((c) => ordRejReason(c, 'FIX.4.2'))).to.deep.equal([0, 1, 0]);
    expect([RejectCode.OrderAlreadyDone, RejectCode.UnknownOrder, RejectCode.DuplicateClientOrderId, RejectCode.OrderMismatch].map((c) => cxlRejReasonFor(c, 'FIX.4.4'))).to.deep.equal([0, 1, 6, 99]);
    expect([RejectCode.OrderAlreadyDone, RejectCode.UnknownOrder, RejectCode.DuplicateClientOrderId, RejectCode.OrderMismatch].map((c) => cxlRejReasonFor(c, 'FIX.4.2'))).to.deep.equal([0, 1, 2, 2]);
  });
});
