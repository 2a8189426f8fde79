/**
 * FIX 5.0 SP2 order entry over a real FIXT.1.1 session: the whole life of orders with every report checked against
 * the FIX 5.0 SP2 dictionary by the test client (fields defined for the message, values in range), and the places
 * where 5.0 reports differ from 4.4: TrdMatchID(880) on fills, ExecType L for a triggered stop, MassActionReportID
 * (1369) on the OrderMassCancelReport.
 */
import { expect } from 'chai';
import { amendTrade, type OrderPath } from '../../gateway/order-path';
import { FixTestClient, fixTime } from '../support/fix-test-client';
import { GATEWAY, sessionConfig, type Harness } from '../support/fix-harness';
import { buyerAndSeller, type F, fields, nos } from '../support/order-entry-clients';

describe('FIX 5.0 SP2 order entry over a real FIXT.1.1 session', function () {
  this.timeout(20_000);
  let harness: Harness;
  let buyer: FixTestClient;
  let seller: FixTestClient;
  let fixt: FixTestClient;
  let orderPath: OrderPath;

  beforeEach(async () => {
    ({ harness, buyer, seller, orderPath } = await buyerAndSeller([sessionConfig({ targetCompId: 'SELLER' }), sessionConfig({ beginString: 'FIXT.1.1', defaultApplVerId: 'FIX.5.0SP2', targetCompId: 'NEW50' })]));
    fixt = await FixTestClient.connect(harness.port, { beginString: 'FIXT.1.1', senderCompId: 'NEW50', targetCompId: GATEWAY });
    fixt.logon(30, [[98, 0], [1137, '9']]);
    await fixt.expect('A');
  });
  afterEach(async () => {
    for (const c of [buyer, seller, fixt]) c.close();
    await harness.close();
  });

  const replace = (orig: string, id: string, qty: string, price: string): F => [[41, orig], [11, id], [1, 'ACC1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, qty], [40, '2'], [44, price]];
  const sellerSells = async (id: string, qty: string, price = '10.00'): Promise<void> => {
    seller.send('D', nos(id, '2', qty, price));
    await seller.expect('8');
    await seller.expect('8');
  };

  it('new, fill with TrdMatchID, replace (OrigClOrdID on the answer only), status (ExecType I), a status request for an unknown order (ExecType I, OrdStatus 8), a stop triggered (E.1.f: WorkingIndicator N, then ExecType L with WorkingIndicator Y), a mass cancel with MassActionReportID', async () => {
    fixt.send('D', nos('N1', '1', '100', '10.00'));
    const ack = await fixt.expect('8');
    expect(fields(ack, 11, 150, 39, 38, 14, 151)).to.deep.equal(['N1', '0', '0', '100', '0', '100']);
    await sellerSells('S1', '10');
    const fill = await fixt.expect('8');
    expect(fields(fill, 11, 150, 39, 32, 31, 14, 151, 851)).to.deep.equal(['N1', 'F', '1', '10', '10.00', '10', '90', '1']);
    expect(fill.get(880), 'TrdMatchID on a FIX 5.0 fill').to.be.a('string').and.not.equal('');

    fixt.send('G', replace('N1', 'N2', '80', '10.00'));
    expect(fields(await fixt.expect('8'), 11, 41, 150, 39, 38, 14, 151)).to.deep.equal(['N2', 'N1', '5', '1', '80', '10', '70']);
    await sellerSells('S2', '20');
    expect(fields(await fixt.expect('8'), 11, 41, 150, 39, 38, 14, 151)).to.deep.equal(['N2', undefined, 'F', '1', '80', '30', '50']);

    fixt.send('H', [[11, 'N2'], [55, 'ACME'], [54, '1'], [790, 'Q1']]);
    expect(fields(await fixt.expect('8'), 11, 37, 150, 39, 14, 151, 790)).to.deep.equal(['N2', ack.get(37), 'I', '1', '30', '50', 'Q1']);
    fixt.send('H', [[11, 'NOPE'], [55, 'ACME'], [54, '1'], [790, 'Q2']]);
    expect(fields(await fixt.expect('8'), 11, 37, 150, 39, 103, 790)).to.deep.equal(['NOPE', 'NONE', 'I', '8', '5', 'Q2']);

    // A buy stop at 10.50 waits; a trade at 10.50 triggers it (ExecType L on FIX 5.0), and it then rests as a market
    // order would not: here a stop-limit at 10.50.
    fixt.send('D', [[11, 'T1'], [1, 'ACC1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '5'], [40, '4'], [99, '10.50'], [44, '10.50']]);
    // E.1.f: held off the book waiting for activation (WorkingIndicator N), then Triggered by the trading system (ExecType L,
    // WorkingIndicator Y).
    expect(fields(await fixt.expect('8'), 11, 150, 39, 40, 99, 636)).to.deep.equal(['T1', '0', '0', '4', '10.50', 'N']);
    seller.send('D', nos('S3', '2', '1', '10.50'));
    await seller.expect('8');
    buyer.send('D', nos('B3', '1', '1', '10.50'));
    await buyer.expect('8');
    await buyer.expect('8');
    await seller.expect('8');
    expect(fields(await fixt.expect('8'), 11, 150, 39, 636)).to.deep.equal(['T1', 'L', '0', 'Y']);

    fixt.send('q', [[11, 'MC1'], [530, '7'], [60, fixTime()]]);
    const cancels = [await fixt.expect('8'), await fixt.expect('8')];
    expect(cancels.map((m) => fields(m, 11, 150, 39)).sort()).to.deep.equal([['N2', '4', '4'], ['T1', '4', '4']]);
    const report = await fixt.expect('r');
    expect(fields(report, 11, 530, 531, 533)).to.deep.equal(['MC1', '7', '7', '2']);
    expect(report.get(1369), 'MassActionReportID on a FIX 5.0 SP2 OrderMassCancelReport').to.be.a('string').and.not.equal('');
  });

  it('a trade corrected, then cancelled by the venue (Appendix D J): Trade Correct (G), then Trade Cancel (H), each with ExecRefID and the TrdMatchID', async () => {
    fixt.send('D', nos('N1', '1', '100', '10.00'));
    await fixt.expect('8');
    await sellerSells('S1', '10');
    const fill = await fixt.expect('8');
    const tradeId = Number(fill.get(880));
    const amend = (action: 'cancel' | 'correct', priceTicks?: number): void => {
      const result = amendTrade(orderPath, { tradeId, action, priceTicks, requestId: `OPS-${action}`, actor: 'ops1', reason: 'test' }, BigInt(Date.now()) * 1000n);
      expect(result.ok).to.equal(true);
    };
    amend('correct', 199);
    const corrected = await fixt.expect('8');
    expect(fields(corrected, 11, 150, 19, 39, 14, 151, 32, 31, 880)).to.deep.equal(['N1', 'G', fill.get(17), '1', '10', '90', '10', '9.95', String(tradeId)]);
    amend('cancel');
    expect(fields(await fixt.expect('8'), 11, 150, 19, 39, 14, 151, 32, 880)).to.deep.equal(['N1', 'H', corrected.get(17), '0', '0', '100', '0', String(tradeId)]);
  });
});
