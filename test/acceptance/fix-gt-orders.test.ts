/**
 * FIX Appendix D, group H (GT orders) over real sessions: a GTC order part-filled on one trading day lives on into the
 * next, where it is filled further (H.1.a), cancelled (H.1.c) or replaced to a larger quantity (H.1.d), its CumQty,
 * LeavesQty and AvgPx carried across the day's end, while the DAY orders of the first day expire. FIX 4.2's forms
 * (D27, D29, D30) differ in ExecTransType and the fills' ExecType.
 *
 * How the matrices are read here (as in fix-appendix-d-more.test.ts): quantities divided by 100; no Pending rows. The
 * optional rows are not sent: Done for Day at the end of the first day ("optional at end of trading day") and the
 * restatement the next morning ("optionally sent"), and so DayOrderQty and DayCumQty, which only those rows and the
 * ones after them carry. H.1.b (a 2:1 stock split between the days) needs a corporate action, which the gateway does
 * not apply to orders.
 *
 * The two days are the order path's: its clock is moved on a day (the session layer keeps the real one, which its
 * SendingTime checks read), and the first day's end is run as the gateway's day-end timer runs it.
 */
import { expect } from 'chai';
import { MatchingEngine } from '../../engine';
import { FixOrderEntry } from '../../gateway/fix/translate';
import { OrderPath } from '../../gateway/order-path';
import { FixTestClient, fixTime } from '../support/fix-test-client';
import { sessionConfig, startHarness, type Harness } from '../support/fix-harness';
import { ACME, type F, fields, loggedOn, nos } from '../support/order-entry-clients';

const DAY_US = 86_400_000_000n;

describe('FIX order entry over real sessions: GT orders across the trading day\'s end (Appendix D H.1.a, H.1.c, H.1.d; FIX 4.2 D27, D29, D30)', function () {
  this.timeout(20_000);
  let harness: Harness;
  let orderPath: OrderPath;
  let dayOffsetUs: bigint;
  const clients: FixTestClient[] = [];

  beforeEach(async () => {
    dayOffsetUs = 0n;
    orderPath = new OrderPath(new MatchingEngine([ACME]));
    const orderEntry = new FixOrderEntry(orderPath, () => BigInt(Date.now()) * 1000n + dayOffsetUs);
    harness = await startHarness(
      [sessionConfig({ targetCompId: 'BUYER' }), sessionConfig({ targetCompId: 'SELLER' }), sessionConfig({ beginString: 'FIX.4.2', targetCompId: 'OLD' })],
      { orderEntry },
    );
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await harness.close();
  });

  const logOn = (beginString: string, compId: string): Promise<FixTestClient> => loggedOn(harness, beginString, compId, clients);

  /** The first day ends (its UTC midnight, as the day-end timer runs it) and the order path's clock is in the next. */
  const nextDay = (): void => {
    const midnightUs = ((BigInt(Date.now()) * 1000n + dayOffsetUs) / DAY_US + 1n) * DAY_US;
    orderPath.runAdmin({ kind: 'ExpireOrders' }, midnightUs);
    dayOffsetUs += DAY_US;
  };

  /**
   * Day 1 of every scenario: GTC buy X for 100 at 10.00 (FIX 4.2: HandlInst too), filled 20 by the seller, and a DAY
   * order of the same client beside it; the day ends: the DAY order expires, X is not touched (no optional Done for
   * Day). Returns X's OrderID.
   */
  const firstDay = async (client: FixTestClient, seller: FixTestClient, fix42: boolean): Promise<string | undefined> => {
    const handlInst: F = fix42 ? [[21, '1']] : [];
    client.send('D', nos('X', '1', '100', '10.00', [[59, '1'], ...handlInst]));
    const ack = await client.expect('8');
    expect(fields(ack, 11, 150, 39, 59, 38, 14, 151)).to.deep.equal(['X', '0', '0', '1', '100', '0', '100']);
    seller.send('D', nos('S1', '2', '20', '10.00'));
    await seller.expect('8');
    await seller.expect('8');
    const fill = await client.expect('8');
    expect(fields(fill, 11, 150, 39, 32, 14, 151)).to.deep.equal(['X', fix42 ? '1' : 'F', '1', '20', '20', '80']);
    client.send('D', nos('D1', '1', '5', '9.00', handlInst));
    expect(fields(await client.expect('8'), 11, 150)).to.deep.equal(['D1', '0']);
    nextDay();
    // The DAY order expires with the day; the GTC order gets nothing (its Done for Day is optional): the next report
    // the client reads is the expiry.
    expect(fields(await client.expect('8'), 11, 150, 39)).to.deep.equal(['D1', 'C', 'C']);
    return ack.get(37);
  };

  for (const [version, compId] of [
    ['FIX.4.4', 'BUYER'],
    ['FIX.4.2', 'OLD'],
  ] as const) {
    const fix42 = version === 'FIX.4.2';

    it(`H.1.a GTC order part-filled, then part-filled again the following day: Trade (X) with OrderQty 100, CumQty 30, LeavesQty 70, LastQty 10 (${fix42 ? 'FIX 4.2: D27, Partial Fill, ExecTransType New' : 'FIX 4.4'})`, async () => {
      const client = await logOn(version, compId);
      const seller = await logOn('FIX.4.4', 'SELLER');
      const orderId = await firstDay(client, seller, fix42);
      // Day 2: the order still works under yesterday's ClOrdID; a sell at 9.00 trades with it at its price.
      seller.send('D', nos('S2', '2', '10', '9.00'));
      await seller.expect('8');
      await seller.expect('8');
      const fill = await client.expect('8');
      expect(fields(fill, 11, 37, 150, 39, 38, 14, 151, 32, 31, 6)).to.deep.equal(['X', orderId, fix42 ? '1' : 'F', '1', '100', '30', '70', '10', '10.00', '10.000000']);
      expect([fill.get(41), fill.get(20)]).to.deep.equal([undefined, fix42 ? '0' : undefined]);
      // A status request on day 2 sees its state.
      client.send('H', [[11, 'X'], [55, 'ACME'], [54, '1'], ...(fix42 ? [] : ([[790, 'Q1']] as F))]);
      const status = await client.expect('8');
      expect(fields(status, 150, 39, 38, 14, 151)).to.deep.equal([fix42 ? '1' : 'I', '1', '100', '30', '70']);
      if (fix42) expect(status.get(20)).to.equal('3');
    });

    it(`H.1.c GTC order part-filled, then cancelled the following day: Canceled (Y,X) with CumQty 20, LeavesQty 0 (${fix42 ? 'FIX 4.2: D29, ExecTransType New' : 'FIX 4.4'})`, async () => {
      const client = await logOn(version, compId);
      const seller = await logOn('FIX.4.4', 'SELLER');
      const orderId = await firstDay(client, seller, fix42);
      client.send('F', [[41, 'X'], [11, 'Y'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '100']]);
      const cancelled = await client.expect('8');
      expect(fields(cancelled, 11, 41, 37, 150, 39, 38, 14, 151, 6)).to.deep.equal(['Y', 'X', orderId, '4', '4', '100', '20', '0', '10.000000']);
      expect(cancelled.get(20)).to.equal(fix42 ? '0' : undefined);
    });

    it(`H.1.d GTC order part-filled, then replaced the following day to a larger quantity: after a fill of 10, Replace (Y,X) with OrderQty 150, CumQty 30, LeavesQty 120 (${fix42 ? 'FIX 4.2: D30' : 'FIX 4.4'})`, async () => {
      const client = await logOn(version, compId);
      const seller = await logOn('FIX.4.4', 'SELLER');
      const orderId = await firstDay(client, seller, fix42);
      seller.send('D', nos('S2', '2', '10', '10.00'));
      await seller.expect('8');
      await seller.expect('8');
      expect(fields(await client.expect('8'), 11, 150, 39, 14, 151, 32)).to.deep.equal(['X', fix42 ? '1' : 'F', '1', '30', '70', '10']);
      client.send('G', [[41, 'X'], [11, 'Y'], [21, '1'], [1, 'ACC1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '150'], [40, '2'], [44, '10.00'], [59, '1']]);
      const replaced = await client.expect('8');
      expect(fields(replaced, 11, 41, 37, 150, 39, 38, 14, 151, 59)).to.deep.equal(['Y', 'X', orderId, '5', '1', '150', '30', '120', '1']);
      expect(replaced.get(20)).to.equal(fix42 ? '0' : undefined);
      // The replaced order keeps working on day 2 under Y: the rest of its quantity trades.
      seller.send('D', nos('S3', '2', '120', '10.00'));
      await seller.expect('8');
      await seller.expect('8');
      expect(fields(await client.expect('8'), 11, 150, 39, 38, 14, 151, 32)).to.deep.equal(['Y', fix42 ? '2' : 'F', '2', '150', '150', '0', '120']);
    });
  }
});
