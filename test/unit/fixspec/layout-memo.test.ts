import { expect } from 'chai';
import { dictionaryFor, FixFramer, FixMessageView, messageValidator, SessionRejectReason as R, STRICT_VALIDATION, type MessageValidator, type ValidationOptions } from '../../../fixspec';
import { buildMessage } from '../../support/fix-test-client';

type F = [number, string | number];
const header: F[] = [[49, 'CLIENT'], [56, 'GW'], [34, 2], [52, '20261125-10:00:00.000']];
const parties: F[] = [[453, 2], [448, 'P1'], [447, 'D'], [452, 1], [448, 'P2'], [447, 'D'], [452, 3]];
const body: F[] = [[11, 'C1'], ...parties, [55, 'ACME'], [54, '1'], [60, '20261125-10:00:00.000'], [38, '100'], [40, '2'], [44, '10.5']];
const nos = (fields: readonly F[]): string => buildMessage('FIX.4.4', 'D', [...header, ...fields]);
/** `body` with the value of `tag` (its first occurrence) replaced: the same layout, another value. */
const withValue = (tag: number, value: string | number): F[] => {
  const at = body.findIndex(([t]) => t === tag);
  return body.map((field, i): F => (i === at ? [tag, value] : field));
};

type Parse = (text: string, use: (view: FixMessageView) => void) => void;

/**
 * The two ways a message reaches the validator: in a framer's buffer, split by the byte scanner, whose WebAssembly
 * check takes the memo's work; or as plain bytes, split and checked in JavaScript. Every test runs both ways.
 */
const WAYS: readonly (readonly [string, Parse])[] = [
  [
    "in a framer's buffer: the byte scanner's check",
    (text, use) => {
      const view = new FixMessageView();
      let framed = 0;
      new FixFramer().push(Buffer.from(text, 'latin1'), (e) => {
        if (e.kind !== 'message' || view.parse(e.buffer, e.start, e.end) !== null || view.scannedBy === undefined) throw new Error('not framed and scanned');
        framed += 1;
        use(view);
      });
      if (framed !== 1) throw new Error('not framed');
    },
  ],
  [
    'as plain bytes: the check in JavaScript',
    (text, use) => {
      const view = new FixMessageView();
      if (view.parse(Buffer.from(text, 'latin1')) !== null || view.scannedBy !== undefined) throw new Error('did not parse');
      use(view);
    },
  ],
];
let parse: Parse = WAYS[0]?.[1] ?? ((): void => undefined);

function check(validator: MessageValidator, text: string): { reason: number; tag: number | undefined; text: string } | null {
  let result: { reason: number; tag: number | undefined; text: string } | null = null;
  parse(text, (view) => {
    const failure = validator.validate(view);
    result = failure === null ? null : { reason: failure.sessionRejectReason, tag: failure.refTagId, text: failure.text };
  });
  return result;
}

/** A validator that has already passed a message of `body`'s layout, so that the next ones meet the memo. */
function primed(options: ValidationOptions = STRICT_VALIDATION, first = nos(body)): MessageValidator {
  const validator = messageValidator(dictionaryFor('FIX.4.4'), options);
  expect(check(validator, first)).to.equal(null);
  return validator;
}

for (const [way, parser] of WAYS) describe(`fixspec validation: the layout memo (a layout that passed before needs only its values checked), ${way}`, () => {
  before(() => {
    parse = parser;
  });
  const fullWalk = messageValidator(dictionaryFor('FIX.4.4'), STRICT_VALIDATION, false);

  it('checks a message with a remembered layout by its values only, and passes it', () => {
    const validator = primed();
    expect(check(validator, nos(withValue(11, 'C2')))).to.equal(null);
    expect(validator.layoutHits).to.equal(1);
    expect(fullWalk.layoutHits).to.equal(0);
  });

  it('rejects bad values in a remembered layout exactly as the full walk does: empty, bad format, out of range', () => {
    const cases: [F[], number, number][] = [
      [withValue(44, ''), R.TagSpecifiedWithoutAValue, 44],
      [withValue(38, '1O0'), R.IncorrectDataFormatForValue, 38],
      [withValue(60, '2026-11-25 10:00'), R.IncorrectDataFormatForValue, 60],
      [withValue(40, 'Z'), R.ValueIsIncorrect, 40],
      [withValue(452, 99), R.ValueIsIncorrect, 452],
    ];
    for (const [fields, reason, tag] of cases) {
      const validator = primed();
      const memo = check(validator, nos(fields));
      expect(validator.layoutHits, `tag ${tag}`).to.equal(1);
      expect(memo).to.deep.include({ reason, tag });
      expect(memo).to.deep.equal(check(fullWalk, nos(fields)));
    }
  });

  it('does not take a different NumInGroup count for the same layout: the message is walked and rejected (16)', () => {
    const validator = primed();
    expect(check(validator, nos(withValue(453, 3)))).to.deep.include({ reason: R.IncorrectNumInGroupCountForRepeatingGroup, tag: 453 });
    expect(check(validator, nos(withValue(453, '')))).to.deep.include({ reason: R.TagSpecifiedWithoutAValue, tag: 453 });
    expect(validator.layoutHits).to.equal(0);
  });

  it('does not take a layout with one more field, a missing field or two fields swapped', () => {
    const validator = primed();
    expect(check(validator, nos([...body, [55, 'ACME']]))).to.deep.include({ reason: R.TagAppearsMoreThanOnce, tag: 55 });
    expect(check(validator, nos(body.filter(([t]) => t !== 54)))).to.deep.include({ reason: R.RequiredTagMissing, tag: 54 });
    const swapped = [...body];
    [swapped[1], swapped[2]] = [swapped[2] as F, swapped[1] as F];
    expect(check(validator, nos(swapped))).to.deep.include({ reason: R.TagNotDefinedForThisMessageType, tag: 448 });
    expect(validator.layoutHits).to.equal(0);
  });

  it('keeps layouts per message type and per options: what a lenient session passed is still refused under strict options', () => {
    const lenient = { ...STRICT_VALIDATION, allowUserDefinedFields: true };
    const withUserTag = nos([...body, [9999, 'x']]);
    const validator = primed(lenient, withUserTag);
    expect(check(validator, withUserTag)).to.equal(null);
    expect(validator.layoutHits).to.equal(1);
    expect(check(primed(), withUserTag)).to.deep.include({ reason: R.UndefinedTag, tag: 9999 });
    // Same fields after MsgType, another MsgType: OrderCancelRequest (F) does not allow Price.
    const cancel = buildMessage('FIX.4.4', 'F', [...header, ...body, [41, 'C0']]);
    expect(check(validator, cancel)?.reason).to.equal(R.TagNotDefinedForThisMessageType);
  });

  it('remembers a few layouts per message type, replacing the oldest', () => {
    const validator = primed();
    const layouts = [body.filter(([t]) => t !== 44), [...body, [1, 'ACC']] as F[], [...body, [21, '1']] as F[], [...body, [58, 'x']] as F[]];
    for (const fields of layouts) expect(check(validator, nos(fields))).to.equal(null);
    expect(validator.layoutHits).to.equal(0);
    // body's own layout was the oldest of five: replaced; the four later ones are all remembered.
    for (const fields of layouts) check(validator, nos(fields));
    expect(validator.layoutHits).to.equal(4);
    check(validator, nos(body));
    expect(validator.layoutHits).to.equal(4);
  });

  it('remembers a layout of over 100 fields, most with enum values, and checks the last of them as the full walk does', () => {
    const entries = 38; // 453 plus 38 entries of three fields: with the header and body, 125 fields after MsgType
    const many: F[] = [[11, 'C1'], [453, entries], ...Array.from({ length: entries }, (_, i): F[] => [[448, `P${i}`], [447, 'D'], [452, (i % 3) + 1]]).flat(), [55, 'ACME'], [54, '1'], [60, '20261125-10:00:00.000'], [38, '100'], [40, '2'], [44, '10.5']];
    const validator = primed(STRICT_VALIDATION, nos(many));
    expect(check(validator, nos(many))).to.equal(null);
    expect(validator.layoutHits).to.equal(1);
    const last = many.map((field, i): F => (i === many.length - 8 ? [447, 'Z'] : field));
    expect(many[many.length - 8]?.[0], 'the field replaced is an entry\'s PartyIDSource').to.equal(447);
    const memo = check(validator, nos(last));
    expect(validator.layoutHits).to.equal(2);
    expect(memo).to.deep.include({ reason: R.ValueIsIncorrect, tag: 447 });
    expect(memo).to.deep.equal(check(fullWalk, nos(last)));
  });

  it('checks every kind of value as the full walk does, at the edges the byte scanner leaves to JavaScript too', () => {
    const extra: F[] = [[226, '5'], [75, '20261125'], [126, '20261125-10:00:00'], [114, 'Y'], [18, 'A'], [423, '2'], [200, '202612']];
    const first = nos([...body, ...extra]);
    const cases: [number, string][] = [
      [226, '-5'], [226, '1234567890123456'], [226, '12345678901234567890'], [226, '-'], [226, '5x'],
      [75, '20240229'], [75, '20250229'], [75, '20261131'],
      [126, '20240229-10:00:00'], [126, '20250229-10:00:00.000'], [126, '20261131-10:00:00'], [126, '20261130-23:59:60.123456'], [126, '20261125-24:00:00'],
      [126, '20261125-10:60:00'], [126, '20261125-10:00:00.1234'], [126, '20261125-10:00:00.123456789'], [126, '20261125T10:00:00'], [126, '20261325-10:00:00'], [126, '20261100-10:00:00'],
      [44, '.5'], [44, '-1.5'], [44, '1.2.3'], [44, '-'], [44, '1e5'],
      [114, 'N'], [114, 'y'], [114, 'YY'],
      [18, 'A B'], [18, 'A Z'], [18, 'Z'],
      [423, '25'], [423, '1'], [423, '9'], [40, '22'], [54, '7'],
      [200, '202613'], [200, '202612w2'],
    ];
    for (const [tag, value] of cases) {
      const validator = primed(STRICT_VALIDATION, first);
      const at = [...body, ...extra].findIndex(([t]) => t === tag);
      const text = nos([...body, ...extra].map((field, i): F => (i === at ? [tag, value] : field)));
      const memo = check(validator, text);
      expect(validator.layoutHits, `${tag}=${value}`).to.equal(1);
      expect(memo, `${tag}=${value}`).to.deep.equal(check(fullWalk, text));
    }
  });
});
