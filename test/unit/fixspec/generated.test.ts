import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../../fixspec/tools/generate';
import { PROJECT_ROOT } from '../../support/gateway-process';
import { MsgType, Tag, Values, Values42 } from '../../../fixspec';
import { tempDir } from '../../support/temp-dir';

describe('fixspec generated tables', function () {
  this.timeout(30_000);

  it('are reproducible: regenerating from the jspurefix XML and the scanner source gives the committed files byte for byte', async () => {
    const out = tempDir('fixspec-gen-');
    await generate(out);
    const committed = join(PROJECT_ROOT, 'fixspec', 'generated');
    const files = readdirSync(committed).sort();
    expect(readdirSync(out).sort()).to.deep.equal(files);
    for (const file of files) expect(readFileSync(join(out, file), 'utf8') === readFileSync(join(committed, file), 'utf8'), `${file} differs: run npm run fixspec:generate`).to.equal(true);
  });

  it('name tags, message types and values as the FIX spec does', () => {
    expect([Tag.ClOrdID, Tag.NoPartyIDs, Tag.SessionRejectReason, Tag.DefaultApplVerID]).to.deep.equal([11, 453, 373, 1137]);
    expect([MsgType.NewOrderSingle, MsgType.ExecutionReport, MsgType.OrderMassCancelRequest]).to.deep.equal(['D', '8', 'q']);
    expect([Values.Side.Buy, Values.ExecType.Trade, Values.OrdStatus.PartiallyFilled]).to.deep.equal(['1', 'F', '1']);
    expect([Values42.ExecType.PartialFill, Values42.ExecType.Fill]).to.deep.equal(['1', '2']);
  });
});
