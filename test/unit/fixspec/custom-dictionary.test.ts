import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FieldKind, FixMessageView, FixspecError, loadCustomDictionary, STRICT_VALIDATION, validateMessage } from '../../../fixspec';
import { buildMessage } from '../../support/fix-test-client';
import { tempDir } from '../../support/temp-dir';

describe('fixspec custom dictionaries', () => {
  const file = join(tempDir('fixdict-'), 'custom.xml');
  writeFileSync(
    file,
    `<fix major='4' minor='4'><header/><trailer/><messages/><components/><fields>
       <field number='5001' name='DeskCode' type='STRING'/>
       <field number='5002' name='Urgency' type='CHAR'><value enum='H' description='HIGH'/><value enum='L' description='LOW'/></field>
     </fields></fix>`,
  );

  it('adds user-defined fields with their types and values to the standard dictionary', () => {
    const dictionary = loadCustomDictionary(file, 'FIX.4.4');
    expect(dictionary.nameOf(5001)).to.equal('DeskCode');
    expect(dictionary.kindOf(5002)).to.equal(FieldKind.Char);
    expect(dictionary.isDefined(54)).to.equal(true);
    const view = new FixMessageView();
    const options = { ...STRICT_VALIDATION, allowFieldsNotInMessage: true };
    const base: [number, string | number][] = [[49, 'C'], [56, 'GW'], [34, 2], [52, '20261125-10:00:00.000'], [11, 'X'], [55, 'ACME'], [54, '1'], [60, '20261125-10:00:00.000'], [38, '1'], [40, '1']];
    view.parse(Buffer.from(buildMessage('FIX.4.4', 'D', [...base, [5001, 'EQ'], [5002, 'H']]), 'latin1'));
    expect(validateMessage(view, dictionary, options)).to.equal(null);
    view.parse(Buffer.from(buildMessage('FIX.4.4', 'D', [...base, [5002, 'Z']]), 'latin1'));
    expect(validateMessage(view, dictionary, options)?.sessionRejectReason).to.equal(5);
  });

  it('refuses a missing or malformed file with a typed error', () => {
    expect(() => loadCustomDictionary('/nonexistent.xml', 'FIX.4.4')).to.throw(FixspecError, /cannot read dictionary file/);
    const bad = join(tempDir('fixdict-'), 'bad.xml');
    writeFileSync(bad, '<nothing/>');
    expect(() => loadCustomDictionary(bad, 'FIX.4.4')).to.throw(FixspecError, /not QuickFIX XML/);
  });
});
