import { expect } from 'chai';
import { dictionaryFor, FixMessageView, SessionRejectReason as R, STRICT_VALIDATION, validateMessage, type ValidationOptions } from '../../../fixspec';
import { buildMessage, checksum } from '../../support/fix-test-client';

type F = [number, string | number];
const header: F[] = [[49, 'CLIENT'], [56, 'GW'], [34, 2], [52, '20261125-10:00:00.000']];
const nosBody: F[] = [[11, 'C1'], [55, 'ACME'], [54, '1'], [60, '20261125-10:00:00.000'], [38, '100'], [40, '2'], [44, '10.5']];

/** A message with our own field order: `fields` as given between 8/9 and 10. */
function raw(fields: readonly F[], beginString = 'FIX.4.4'): string {
  const body = fields.map(([t, v]) => `${t}=${v}\x01`).join('');
  const head = `8=${beginString}\x019=${Buffer.byteLength(body, 'latin1')}\x01`;
  return `${head}${body}10=${checksum(head + body)}\x01`;
}

function check(text: string, options: ValidationOptions = STRICT_VALIDATION, beginString = 'FIX.4.4'): { reason: number; tag: number | undefined } | null {
  const v = new FixMessageView();
  const failure = v.parse(Buffer.from(text, 'latin1'));
  if (failure !== null) throw new Error(`parse: ${failure.reason}`);
  const result = validateMessage(v, dictionaryFor(beginString), options);
  return result === null ? null : { reason: result.sessionRejectReason, tag: result.refTagId };
}

const nos = (body: readonly F[], extraHeader: readonly F[] = []): string => buildMessage('FIX.4.4', 'D', [...header, ...extraHeader, ...body]);

describe('fixspec validation: every SessionRejectReason with a message that triggers it', () => {
  it('accepts a valid NewOrderSingle with a Parties group on 4.4, and valid messages on 4.2 and FIXT.1.1', () => {
    expect(check(nos([...nosBody, [453, 2], [448, 'P1'], [447, 'D'], [452, 1], [448, 'P2'], [447, 'D'], [452, 3]]))).to.equal(null);
    expect(check(buildMessage('FIX.4.2', 'D', [...header, [11, 'C1'], [21, '1'], [55, 'ACME'], [54, '1'], [60, '20261125-10:00:00'], [38, '100'], [40, '2'], [44, '10.5']]), STRICT_VALIDATION, 'FIX.4.2')).to.equal(null);
    expect(check(buildMessage('FIXT.1.1', 'A', [...header, [98, 0], [108, 30], [1137, '9']]), STRICT_VALIDATION, 'FIXT.1.1')).to.equal(null);
  });

  it('0 invalid tag number (tag 0)', () => {
    expect(check(nos([...nosBody, [0, 'x']]))).to.deep.equal({ reason: R.InvalidTagNumber, tag: 0 });
  });

  it('1 required tag missing (Side 54)', () => {
    expect(check(nos(nosBody.filter(([t]) => t !== 54)))).to.deep.equal({ reason: R.RequiredTagMissing, tag: 54 });
  });

  it('1 required tag missing in the header (SendingTime 52)', () => {
    expect(check(buildMessage('FIX.4.4', 'D', [[49, 'C'], [56, 'GW'], [34, 2], ...nosBody]))).to.deep.equal({ reason: R.RequiredTagMissing, tag: 52 });
  });

  it('2 tag not defined for this message type (BeginSeqNo 7 on a NewOrderSingle)', () => {
    expect(check(nos([...nosBody, [7, 1]]))).to.deep.equal({ reason: R.TagNotDefinedForThisMessageType, tag: 7 });
  });

  it('3 undefined tag (9999), and the per-session switch that allows user-defined tags', () => {
    expect(check(nos([...nosBody, [9999, 'x']]))).to.deep.equal({ reason: R.UndefinedTag, tag: 9999 });
    expect(check(nos([...nosBody, [9999, 'x']]), { ...STRICT_VALIDATION, allowUserDefinedFields: true })).to.equal(null);
    expect(check(nos([...nosBody, [4999, 'x']]), { ...STRICT_VALIDATION, allowUserDefinedFields: true })).to.deep.equal({ reason: R.UndefinedTag, tag: 4999 });
  });

  it('4 tag specified without a value', () => {
    expect(check(nos([...nosBody.filter(([t]) => t !== 44), [44, '']]))).to.deep.equal({ reason: R.TagSpecifiedWithoutAValue, tag: 44 });
  });

  it('5 value incorrect (out of range): OrdType Z', () => {
    expect(check(nos([...nosBody.filter(([t]) => t !== 40), [40, 'Z']]))).to.deep.equal({ reason: R.ValueIsIncorrect, tag: 40 });
  });

  it('5 value incorrect for enumerated values of every length: PartyRole 36 and ExecInst lists pass, 99, 1234 and a bad list entry do not', () => {
    const parties = (role: string): F[] => [[453, 1], [448, 'P1'], [447, 'D'], [452, role]];
    expect(check(nos([...nosBody, ...parties('36'), [18, '1 G']]))).to.equal(null);
    expect(check(nos([...nosBody, ...parties('99')]))).to.deep.equal({ reason: R.ValueIsIncorrect, tag: 452 });
    expect(check(nos([...nosBody, ...parties('1234')]))).to.deep.equal({ reason: R.ValueIsIncorrect, tag: 452 });
    expect(check(nos([...nosBody, [18, '1 T']]))).to.deep.equal({ reason: R.ValueIsIncorrect, tag: 18 });
    expect(check(nos([...nosBody, [22, '44']]))).to.deep.equal({ reason: R.ValueIsIncorrect, tag: 22 });
  });

  it('6 incorrect data format: a quantity that is not a number, a bad timestamp, a two-character char', () => {
    expect(check(nos([...nosBody.filter(([t]) => t !== 38), [38, '1O0']]))).to.deep.equal({ reason: R.IncorrectDataFormatForValue, tag: 38 });
    expect(check(nos([...nosBody.filter(([t]) => t !== 60), [60, '2026-11-25 10:00']]))).to.deep.equal({ reason: R.IncorrectDataFormatForValue, tag: 60 });
    expect(check(nos([...nosBody.filter(([t]) => t !== 54), [54, '12']]))).to.deep.equal({ reason: R.IncorrectDataFormatForValue, tag: 54 });
  });

  it('6 incorrect data format: timestamps on days the calendar does not have (leap years by the Gregorian rule)', () => {
    const at = (ts: string) => check(nos([...nosBody.filter(([t]) => t !== 60), [60, ts]]));
    for (const ts of ['20260228-10:00:00', '20280229-10:00:00', '20000229-10:00:00', '20260430-23:59:59.999', '20261231-00:00:00.000001']) expect(at(ts), ts).to.equal(null);
    for (const ts of ['20260229-10:00:00', '19000229-10:00:00', '20260431-10:00:00', '20261232-10:00:00', '20261300-10:00:00', '20261100-10:00:00']) {
      expect(at(ts), ts).to.deep.equal({ reason: R.IncorrectDataFormatForValue, tag: 60 });
    }
  });

  it('11 invalid MsgType', () => {
    expect(check(buildMessage('FIX.4.4', 'ZZ', header))).to.deep.equal({ reason: R.InvalidMsgType, tag: 35 });
  });

  it('13 tag appears more than once', () => {
    expect(check(nos([...nosBody, [55, 'ACME']]))).to.deep.equal({ reason: R.TagAppearsMoreThanOnce, tag: 55 });
  });

  it('14 tag specified out of required order: 9 before 8, 35 not third, a header field after the body, 10 not last', () => {
    expect(check(raw([[9, 5], [8, 'FIX.4.4'], [35, 'D']]).replace(/^8=FIX\.4\.4\x019=\d+\x01/, ''))).to.deep.equal({ reason: R.TagSpecifiedOutOfRequiredOrder, tag: 9 });
    const notThird = `8=FIX.4.4\x019=10\x0149=C\x0135=0\x0110=000\x01`;
    expect(check(notThird)?.reason).to.equal(R.TagSpecifiedOutOfRequiredOrder);
    expect(check(raw([[35, 'D'], ...header.slice(0, 3), ...nosBody, [52, '20261125-10:00:00.000']]))).to.deep.equal({ reason: R.TagSpecifiedOutOfRequiredOrder, tag: 52 });
    const tenNotLast = raw([[35, '0'], ...header]).replace(/\x01$/, '\x0158=x\x01');
    expect(check(tenNotLast)).to.deep.equal({ reason: R.TagSpecifiedOutOfRequiredOrder, tag: 10 });
  });

  it('15 repeating group fields out of order: an entry that does not start with the delimiter', () => {
    expect(check(nos([...nosBody, [453, 2], [448, 'P1'], [452, 1], [452, 3], [448, 'P2']]))?.reason).to.be.oneOf([R.RepeatingGroupFieldsOutOfOrder, R.TagAppearsMoreThanOnce]);
    expect(check(nos([...nosBody, [453, 1], [447, 'D'], [448, 'P1']]))).to.deep.equal({ reason: R.RepeatingGroupFieldsOutOfOrder, tag: 447 });
  });

  it('16 incorrect NumInGroup count', () => {
    expect(check(nos([...nosBody, [453, 3], [448, 'P1'], [447, 'D'], [452, 1], [448, 'P2'], [447, 'D'], [452, 3]]))).to.deep.equal({ reason: R.IncorrectNumInGroupCountForRepeatingGroup, tag: 453 });
    expect(check(nos([...nosBody, [453, 1], [448, 'P1'], [447, 'D'], [452, 1], [448, 'P2'], [447, 'D'], [452, 3]]))).to.deep.equal({ reason: R.IncorrectNumInGroupCountForRepeatingGroup, tag: 453 });
  });

  it('switches: values and required fields can be left unchecked per session', () => {
    expect(check(nos([...nosBody.filter(([t]) => t !== 40), [40, 'Z']]), { ...STRICT_VALIDATION, checkFieldValues: false })).to.equal(null);
    expect(check(nos(nosBody.filter(([t]) => t !== 54)), { ...STRICT_VALIDATION, checkRequiredFields: false })).to.equal(null);
  });
});
