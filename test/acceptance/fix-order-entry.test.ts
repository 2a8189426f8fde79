import { expect } from 'chai';
import { FixTestClient, fixTime, type ReceivedMessage } from '../support/fix-test-client';
import { GATEWAY, sessionConfig, type Harness } from '../support/fix-harness';
import { buyerAndSeller, type F, fields, nos } from '../support/order-entry-clients';
import { mulberry32 } from '../support/seeded-random';

/** An OrderCancelReplaceRequest of a buy limit order of ACC1 on ACME. */
const buyReplace = (orig: string, id: string, qty: string, price: string): F => [[41, orig], [11, id], [1, 'ACC1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, qty], [40, '2'], [44, price]];

/** FIX order entry end to end over real sessions, scenarios named after FIX 4.4 Volume 4 Appendix D. */
describe('FIX order entry over real sessions (FIX 4.4 Vol. 4 Appendix D scenarios)', function () {
  this.timeout(20_000);
  let harness: Harness;
  let buyer: FixTestClient;
  let seller: FixTestClient;

  beforeEach(async () => {
    ({ harness, buyer, seller } = await buyerAndSeller([sessionConfig({ targetCompId: 'SELLER', cancelOnDisconnect: true }), sessionConfig({ beginString: 'FIX.4.2', targetCompId: 'OLD' })]));
  });
  afterEach(async () => {
    buyer.close();
    seller.close();
    await harness.close();
  });

  it('300 seeded malformed order messages: each is answered (ExecutionReport, OrderCancelReject, Reject or BusinessMessageReject), and the session stays up', async () => {
    const random = mulberry32(20261206);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const odd: readonly string[] = ['', ' ', '0', '-1', '1e3', '+5', '99999999999999999999', '0.0000000001', '5.00.0', 'NaN', 'x'.repeat(200), 'Z', '9', '1', '2', 'ACME', 'NOPE', 'é', '20300102-09:00:00', '2030'];
    const tags = [11, 41, 1, 55, 54, 60, 38, 40, 44, 99, 59, 126, 110, 111, 18, 7928, 5000];
    const kinds = ['D', 'D', 'D', 'F', 'G', 'H'] as const;
    let live = 0;
    for (let i = 0; i < 300; i += 1) {
      const kind = pick(kinds);
      const base: [number, string | number][] =
        kind === 'D'
          ? nos(`Z${i}`, random() < 0.5 ? '1' : '2', String(1 + Math.floor(random() * 50)), `${9 + Math.floor(random() * 3)}.${random() < 0.5 ? '00' : '05'}`)
          : [[11, `Z${i}`], [41, `Z${Math.floor(random() * (i + 1))}`], [55, 'ACME'], [54, '1'], [60, fixTime()], ...(kind === 'G' ? ([[38, '10'], [40, '2'], [44, '10.00']] as [number, string][]) : [])];
      const body = new Map<number, string | number>(base);
      for (let m = 1 + Math.floor(random() * 3); m > 0; m -= 1) {
        const tag = pick(tags);
        if (random() < 0.25) body.delete(tag);
        else body.set(tag, pick(odd));
      }
      const seq = buyer.send(kind, [...body]);
      // FIX answers in order: whatever answers this message comes before the Heartbeat that answers the TestRequest.
      buyer.send('1', [[112, `T${i}`]]);
      const seen: ReceivedMessage[] = [];
      for (;;) {
        const m = await buyer.next(5_000);
        if (m.msgType === '0' && m.get(112) === `T${i}`) break;
        seen.push(m);
      }
      const sent = `${kind} ${JSON.stringify([...body])}`;
      expect(seen.map((m) => m.msgType), sent).to.not.include('5');
      const answers = seen.filter((m) => (['8', '9'].includes(m.msgType) && m.get(11) === String(body.get(11) ?? '')) || (['3', 'j'].includes(m.msgType) && m.get(45) === String(seq)));
      // A message without a usable ClOrdID is answered by a Reject or BusinessMessageReject naming its MsgSeqNum.
      const anyAnswer = answers.length > 0 || seen.some((m) => ['3', 'j'].includes(m.msgType) || (m.msgType === '8' && m.get(39) === '8'));
      expect(anyAnswer, `${sent} -> ${seen.map((m) => `${m.msgType}:${m.get(11) ?? ''}:${m.get(58) ?? ''}`).join(' | ')}`).to.equal(true);
      live += seen.filter((m) => m.msgType === '8' && m.get(150) === '0').length;
    }
    // Valid orders went through among the malformed ones.
    expect(live).to.be.greaterThan(20);
  });

  // The references are FIX 4.4 Volume 4 Appendix D's (A Vanilla, B Cancel, C Cancel/Replace quantity changes, as the
  // FIX 4.4 dictionary numbers them); the D and I scenarios are named by group and title. The
  // gateway acts on each request at once, so it sends no Pending Cancel or Pending Replace report (the matrices' optional
  // intermediate step): a request is answered by its final report or by an OrderCancelReject.
  const fill = async (side: FixTestClient, id: string, sideCode: '1' | '2', qty: string, price: string): Promise<void> => {
    side.send('D', nos(id, sideCode, qty, price));
    await side.expect('8');
    await side.expect('8');
  };
  /** A buy order of the buyer, filled in full by the seller; resolves with its acknowledgement once the fill came. */
  const filledBuy = async (id: string, qty: string): Promise<ReceivedMessage> => {
    buyer.send('D', nos(id, '1', qty, '10.00'));
    const ack = await buyer.expect('8');
    await fill(seller, `S-${id}`, '2', qty, '10.00');
    expect(fields(await buyer.expect('8'), 150, 39)).to.deep.equal(['F', '2']);
    return ack;
  };

  it('A.1.a filled order: New, then Trade with LastPx, LastQty, LastLiquidityInd and the exact AvgPx on both sides (no TrdMatchID: FIX 4.4 has none in the ExecutionReport)', async () => {
    buyer.send('D', nos('B1', '1', '100', '10.05'));
    const ack = await buyer.expect('8');
    expect(fields(ack, 150, 39, 151, 14, 6, 11, 44)).to.deep.equal(['0', '0', '100', '0', '0', 'B1', '10.05']);
    seller.send('D', nos('S1', '2', '100', '10.00'));
    const sellerAck = await seller.expect('8');
    expect(fields(sellerAck, 150, 39)).to.deep.equal(['0', '0']);
    const sellerFill = await seller.expect('8');
    const buyerFill = await buyer.expect('8');
    expect(fields(buyerFill, 150, 39, 31, 32, 151, 14, 6, 851)).to.deep.equal(['F', '2', '10.05', '100', '0', '100', '10.050000', '1']);
    expect(fields(sellerFill, 150, 39, 31, 32, 851)).to.deep.equal(['F', '2', '10.05', '100', '2']);
    // TrdMatchID(880) is not in FIX 4.4's ExecutionReport (FIX 5.0 on): a FIX 4.4 session does not get it.
    expect([buyerFill.get(880), sellerFill.get(880)]).to.deep.equal([undefined, undefined]);
    expect(buyerFill.get(17)).not.to.equal(ack.get(17));
  });

  it('B.1.a cancel request for a zero-filled order: Canceled under the cancel\'s ClOrdID, OrigClOrdID the order\'s, CumQty 0', async () => {
    buyer.send('D', nos('B0', '1', '100', '9.00'));
    const ack = await buyer.expect('8');
    buyer.send('F', [[41, 'B0'], [11, 'B0-X'], [55, 'ACME'], [54, '1'], [60, fixTime()]]);
    const cancelled = await buyer.expect('8');
    expect(fields(cancelled, 150, 39, 11, 41, 37, 38, 151, 14)).to.deep.equal(['4', '4', 'B0-X', 'B0', ack.get(37), '100', '0', '0']);
  });

  it('B.1.b cancel request for a part-filled order: OrdStatus 1 with LeavesQty, then Canceled with the cancel\'s ClOrdID and OrigClOrdID', async () => {
    buyer.send('D', nos('B2', '1', '100', '10.00'));
    await buyer.expect('8');
    await fill(seller, 'S2', '2', '40', '10.00');
    const partial = await buyer.expect('8');
    expect(fields(partial, 150, 39, 151, 14, 32)).to.deep.equal(['F', '1', '60', '40', '40']);
    buyer.send('F', [[41, 'B2'], [11, 'B2-X'], [55, 'ACME'], [54, '1'], [60, fixTime()]]);
    const cancelled = await buyer.expect('8');
    expect(fields(cancelled, 150, 39, 11, 41, 151, 14)).to.deep.equal(['4', '4', 'B2-X', 'B2', '0', '40']);
  });

  it('B.1.c cancel request for an order that filled before the request was handled: OrderCancelReject "too late to cancel" (102=0) with OrdStatus 2 and the OrderID', async () => {
    const ack = await filledBuy('B6', '100');
    buyer.send('F', [[41, 'B6'], [11, 'B6-X'], [55, 'ACME'], [54, '1'], [60, fixTime()]]);
    const reject = await buyer.expect('9');
    expect(fields(reject, 11, 41, 37, 39, 434, 102)).to.deep.equal(['B6-X', 'B6', ack.get(37), '2', '1', '0']);
    expect(reject.get(58)).to.match(/is already filled/);
    // The same for an order already cancelled: its own OrdStatus, 4.
    buyer.send('D', nos('B7', '1', '10', '9.00'));
    await buyer.expect('8');
    buyer.send('F', [[41, 'B7'], [11, 'B7-X'], [55, 'ACME'], [54, '1'], [60, fixTime()]]);
    await buyer.expect('8');
    buyer.send('F', [[41, 'B7'], [11, 'B7-Y'], [55, 'ACME'], [54, '1'], [60, fixTime()]]);
    expect(fields(await buyer.expect('9'), 11, 41, 39, 102)).to.deep.equal(['B7-Y', 'B7', '4', '0']);
  });

  it('B.1.d cancel request sent before the order was acknowledged: the order\'s New, then Canceled under the cancel\'s ClOrdID', async () => {
    buyer.send('D', nos('B14', '1', '10', '9.00'));
    buyer.send('F', [[41, 'B14'], [11, 'B14-X'], [55, 'ACME'], [54, '1'], [60, fixTime()]]);
    const ack = await buyer.expect('8');
    const cancelled = await buyer.expect('8');
    expect(fields(ack, 150, 39, 11)).to.deep.equal(['0', '0', 'B14']);
    expect(fields(cancelled, 150, 39, 11, 41, 37)).to.deep.equal(['4', '4', 'B14-X', 'B14', ack.get(37)]);
  });

  it('B.1.f cancel request for an unknown order: OrderCancelReject with OrderID NONE, OrdStatus 8, CxlRejReason 1 and CxlRejResponseTo 1', async () => {
    buyer.send('F', [[41, 'NOPE'], [11, 'C9'], [55, 'ACME'], [54, '1'], [60, fixTime()]]);
    const reject = await buyer.expect('9');
    expect(fields(reject, 11, 41, 37, 39, 434, 102)).to.deep.equal(['C9', 'NOPE', 'NONE', '8', '1', '1']);
    // Another session's order is as unknown to this one.
    seller.send('D', nos('S9', '2', '10', '11.00'));
    await seller.expect('8');
    buyer.send('F', [[41, 'S9'], [11, 'C10'], [55, 'ACME'], [54, '2'], [60, fixTime()]]);
    expect(fields(await buyer.expect('9'), 37, 39, 102)).to.deep.equal(['NONE', '8', '1']);
  });

  it('C.1.a zero-filled order, replace to increase the quantity: Replace with the new OrderQty and LeavesQty', async () => {
    buyer.send('D', nos('B8', '1', '100', '9.00'));
    await buyer.expect('8');
    buyer.send('G', buyReplace('B8', 'B8-R', '120', '9.00'));
    const replaced = await buyer.expect('8');
    expect(fields(replaced, 150, 39, 11, 41, 38, 151, 14)).to.deep.equal(['5', '0', 'B8-R', 'B8', '120', '120', '0']);
  });

  it('C.1.c filled order, then a replace to increase the quantity: OrderCancelReject "too late" (102=0, 434=2) with OrdStatus 2', async () => {
    await filledBuy('B11', '50');
    buyer.send('G', buyReplace('B11', 'B11-R', '80', '10.00'));
    expect(fields(await buyer.expect('9'), 11, 41, 39, 434, 102)).to.deep.equal(['B11-R', 'B11', '2', '2', '0']);
  });

  it('C.2.a replace not for a quantity change (a new price) after the order filled: OrderCancelReject "too late" with OrdStatus 2', async () => {
    const ack = await filledBuy('B12', '30');
    buyer.send('G', buyReplace('B12', 'B12-R', '30', '9.95'));
    expect(fields(await buyer.expect('9'), 11, 41, 37, 39, 434, 102)).to.deep.equal(['B12-R', 'B12', ack.get(37), '2', '2', '0']);
  });

  it('C.3.a replace to decrease the quantity, above the cum qty: Replace (new ClOrdID, OrigClOrdID, price), then filled', async () => {
    buyer.send('D', nos('B3', '1', '100', '9.00'));
    await buyer.expect('8');
    buyer.send('G', buyReplace('B3', 'B3-R', '80', '9.50'));
    const replaced = await buyer.expect('8');
    expect(fields(replaced, 150, 39, 11, 41, 38, 44, 151)).to.deep.equal(['5', '0', 'B3-R', 'B3', '80', '9.50', '80']);
    await fill(seller, 'S3', '2', '80', '9.50');
    const filled = await buyer.expect('8');
    // Execution (Y): the fill names the order by its ClOrdID alone; OrigClOrdID belongs to the answer to the replace.
    expect(fields(filled, 150, 39, 11, 41, 38, 14, 151)).to.deep.equal(['F', '2', 'B3-R', undefined, '80', '80', '0']);
  });

  it('C.3.b / C.3.c replace to the cum qty or below it: Replace with OrderQty amended to the cum qty and OrdStatus 2 (filled takes precedence); the order is then done', async () => {
    for (const [id, requested] of [['B4', '30'], ['B5', '40']] as const) {
      buyer.send('D', nos(id, '1', '100', '10.00'));
      await buyer.expect('8');
      await fill(seller, `S-${id}`, '2', '40', '10.00');
      await buyer.expect('8');
      buyer.send('G', [[41, id], [11, `${id}-R`], [1, 'ACC1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, requested], [40, '2'], [44, '10.00']]);
      const done = await buyer.expect('8');
      expect(fields(done, 150, 39, 11, 41, 38, 14, 151), `replace to ${requested}`).to.deep.equal(['5', '2', `${id}-R`, id, '40', '40', '0']);
      // It is filled: a status request under the replace's ClOrdID says so, and a cancel is too late.
      buyer.send('H', [[11, `${id}-R`], [55, 'ACME'], [54, '1'], [790, `Q-${id}`]]);
      expect(fields(await buyer.expect('8'), 150, 39, 11, 38, 14, 151, 790)).to.deep.equal(['I', '2', `${id}-R`, '40', '40', '0', `Q-${id}`]);
      buyer.send('F', [[41, `${id}-R`], [11, `${id}-X`], [55, 'ACME'], [54, '1'], [60, fixTime()]]);
      expect(fields(await buyer.expect('9'), 39, 102)).to.deep.equal(['2', '0']);
    }
  });

  it('D (sequencing) one cancel/replace request accepted, then another also accepted: each Replace names the previous ClOrdID as OrigClOrdID', async () => {
    buyer.send('D', nos('B15', '1', '100', '9.00'));
    await buyer.expect('8');
    buyer.send('G', buyReplace('B15', 'B15-Y', '90', '9.00'));
    expect(fields(await buyer.expect('8'), 150, 11, 41, 38)).to.deep.equal(['5', 'B15-Y', 'B15', '90']);
    buyer.send('G', buyReplace('B15-Y', 'B15-Z', '80', '9.00'));
    expect(fields(await buyer.expect('8'), 150, 11, 41, 38)).to.deep.equal(['5', 'B15-Z', 'B15-Y', '80']);
  });

  it('D (sequencing) one cancel/replace request rejected, then another accepted: the second names the last accepted ClOrdID', async () => {
    buyer.send('D', nos('B16', '1', '100', '9.00'));
    const ack = await buyer.expect('8');
    // A price off the 0.05 tick: refused, the order unchanged (its OrdStatus, its OrderID).
    buyer.send('G', buyReplace('B16', 'B16-Y', '90', '9.03'));
    const reject = await buyer.expect('9');
    expect(fields(reject, 11, 41, 434, 37, 39, 102)).to.deep.equal(['B16-Y', 'B16', '2', ack.get(37), '0', '99']);
    buyer.send('G', buyReplace('B16', 'B16-Z', '90', '9.05'));
    expect(fields(await buyer.expect('8'), 150, 39, 11, 41, 37, 38, 44)).to.deep.equal(['5', '0', 'B16-Z', 'B16', ack.get(37), '90', '9.05']);
  });

  it('D (chaining) one cancel/replace request followed immediately by another that chains on it: processed in turn, Replace then Replace', async () => {
    buyer.send('D', nos('B17', '1', '100', '9.00'));
    await buyer.expect('8');
    buyer.send('G', buyReplace('B17', 'B17-Y', '80', '9.00'));
    buyer.send('G', buyReplace('B17-Y', 'B17-Z', '70', '9.00'));
    expect(fields(await buyer.expect('8'), 150, 11, 41, 38, 151)).to.deep.equal(['5', 'B17-Y', 'B17', '80', '80']);
    expect(fields(await buyer.expect('8'), 150, 11, 41, 38, 151)).to.deep.equal(['5', 'B17-Z', 'B17-Y', '70', '70']);
  });

  it('I (time in force) fill-or-kill order that cannot be filled: New, then Canceled with CumQty 0 (the kill)', async () => {
    seller.send('D', nos('S18', '2', '5', '10.00'));
    await seller.expect('8');
    buyer.send('D', nos('B18', '1', '10', '10.00', [[59, '4']]));
    expect(fields(await buyer.expect('8'), 150, 39, 59)).to.deep.equal(['0', '0', '4']);
    expect(fields(await buyer.expect('8'), 150, 39, 14, 151)).to.deep.equal(['4', '4', '0', '0']);
  });

  it('I (time in force) immediate-or-cancel order that can be hit only in part: New, Trade for what was there, then Canceled with the CumQty', async () => {
    seller.send('D', nos('S19', '2', '4', '10.00'));
    await seller.expect('8');
    buyer.send('D', nos('B19', '1', '10', '10.00', [[59, '3']]));
    expect(fields(await buyer.expect('8'), 150, 39)).to.deep.equal(['0', '0']);
    expect(fields(await buyer.expect('8'), 150, 39, 32, 14, 151)).to.deep.equal(['F', '1', '4', '4', '6']);
    expect(fields(await buyer.expect('8'), 150, 39, 14, 151)).to.deep.equal(['4', '4', '4', '0']);
  });

  it('order status request for a live order and, after it filled, for the filled order: ExecType I with the order\'s OrdStatus, CumQty and AvgPx', async () => {
    buyer.send('D', nos('B13', '1', '20', '10.00'));
    const ack = await buyer.expect('8');
    buyer.send('H', [[11, 'B13'], [55, 'ACME'], [54, '1'], [790, 'Q1']]);
    expect(fields(await buyer.expect('8'), 150, 39, 37, 14, 151, 790)).to.deep.equal(['I', '0', ack.get(37), '0', '20', 'Q1']);
    await fill(seller, 'S13', '2', '20', '10.00');
    await buyer.expect('8');
    buyer.send('H', [[11, 'B13'], [55, 'ACME'], [54, '1'], [790, 'Q2']]);
    expect(fields(await buyer.expect('8'), 150, 39, 37, 14, 151, 6, 790)).to.deep.equal(['I', '2', ack.get(37), '20', '0', '10.000000', 'Q2']);
  });

  it('G.1.a a status request for an order the session does not have: an order status report (ExecType I) with OrdStatus 8 (Rejected), OrdRejReason 5, the request\'s ClOrdID, Symbol, Side and OrdStatusReqID', async () => {
    buyer.send('H', [[11, 'NOPE'], [55, 'ACME'], [54, '2'], [790, 'Q9']]);
    const report = await buyer.expect('8');
    expect(fields(report, 11, 37, 150, 39, 103, 55, 54, 790, 14, 151)).to.deep.equal(['NOPE', 'NONE', 'I', '8', '5', 'ACME', '2', 'Q9', '0', '0']);
  });

  it('OrderMassCancelRequest: all the session\'s orders (530=7), or one security\'s (530=1); refused, with an OrderMassCancelReport 531=0 and its reason, when the security is missing or unknown or the type unsupported, and nothing is cancelled then', async () => {
    buyer.send('D', nos('M1', '1', '10', '9.00'));
    const kept = await buyer.expect('8');
    const refusals: [string, F, string][] = [
      ['MC-NOSYM', [[530, '1']], '1'],
      ['MC-UNKNOWN', [[530, '1'], [55, 'NOPE']], '1'],
      ['MC-PRODUCT', [[530, '3'], [460, '5']], '0'],
    ];
    for (const [id, extra, reason] of refusals) {
      buyer.send('q', [[11, id], ...extra, [60, fixTime()]]);
      const report = await buyer.expect('r');
      expect(fields(report, 11, 530, 531, 532), id).to.deep.equal([id, extra[0]?.[1], '0', reason]);
    }
    // The order is still there.
    buyer.send('H', [[11, 'M1'], [55, 'ACME'], [54, '1']]);
    expect(fields(await buyer.expect('8'), 150, 39, 37)).to.deep.equal(['I', '0', kept.get(37)]);
    buyer.send('D', nos('M2', '2', '5', '11.00'));
    await buyer.expect('8');
    buyer.send('q', [[11, 'MC-ACME'], [530, '1'], [55, 'ACME'], [60, fixTime()]]);
    const cancels = [await buyer.expect('8'), await buyer.expect('8')];
    expect(cancels.map((m) => [m.get(11), m.get(150), m.get(39)])).to.deep.equal([['M1', '4', '4'], ['M2', '4', '4']]);
    expect(fields(await buyer.expect('r'), 11, 530, 531, 533)).to.deep.equal(['MC-ACME', '1', '1', '2']);
    buyer.send('D', nos('M3', '1', '5', '9.00'));
    await buyer.expect('8');
    buyer.send('q', [[11, 'MC-ALL'], [530, '7'], [60, fixTime()]]);
    expect(fields(await buyer.expect('8'), 11, 150)).to.deep.equal(['M3', '4']);
    expect(fields(await buyer.expect('r'), 11, 530, 531, 533)).to.deep.equal(['MC-ALL', '7', '7', '1']);
  });

  it('refuses what cannot be an order, with OrdRejReason and Text: unknown symbol, price off the tick, duplicate ClOrdID', async () => {
    buyer.send('D', [[11, 'U1'], [1, 'ACC1'], [55, 'NOPE'], [54, '1'], [60, fixTime()], [38, '1'], [40, '2'], [44, '1']]);
    const unknown = await buyer.expect('8');
    expect(fields(unknown, 150, 39, 103)).to.deep.equal(['8', '8', '1']);
    expect(unknown.get(58)).to.match(/unknown instrument NOPE/);
    buyer.send('D', nos('T1', '1', '10', '10.03'));
    const offTick = await buyer.expect('8');
    // 18 (invalid price increment) is FIX 5.0's; a FIX 4.4 session gets 99 (Other), the Text names the tick.
    expect(fields(offTick, 150, 103)).to.deep.equal(['8', '99']);
    expect(offTick.get(58)).to.match(/tick size 0.05/);
    buyer.send('D', nos('D1', '1', '10', '9.00'));
    expect((await buyer.expect('8')).get(150)).to.equal('0');
    buyer.send('D', nos('D1', '1', '10', '9.00'));
    const duplicate = await buyer.expect('8');
    expect(fields(duplicate, 150, 103)).to.deep.equal(['8', '6']);
  });

  it('F.1.a order rejected for a duplicate ClOrdID: the reject of the second order combined with the status of the first (its OrderID, OrdStatus, OrderQty, CumQty, LeavesQty), live or finished', async () => {
    buyer.send('D', nos('X1', '1', '10', '9.00'));
    const first = await buyer.expect('8');
    buyer.send('D', nos('X1', '1', '20', '9.50'));
    const live = await buyer.expect('8');
    expect(fields(live, 11, 37, 150, 39, 103, 38, 14, 151, 44)).to.deep.equal(['X1', first.get(37), '8', '0', '6', '10', '0', '10', '9.00']);
    expect(live.get(58)).to.match(/ClOrdID X1 was already used/);
    // Filled since: the first order's status is Filled, with its AvgPx.
    seller.send('D', nos('S1', '2', '10', '9.00'));
    await seller.expect('8');
    await buyer.expect('8');
    buyer.send('D', nos('X1', '1', '5', '9.00'));
    const done = await buyer.expect('8');
    expect(fields(done, 37, 150, 39, 103, 38, 14, 151, 6)).to.deep.equal([first.get(37), '8', '2', '6', '10', '10', '0', '9.000000']);
  });

  it('F.1.b PossResend: a NewOrderSingle sent again with PossResend(97)=Y is answered with the order\'s current state (ExecType I), not refused; without PossResend it is refused (OrdRejReason 6); a PossResend order never received is a new order', async () => {
    buyer.send('D', nos('P1', '1', '10', '9.00'));
    const ack = await buyer.expect('8');
    buyer.send('D', nos('P1', '1', '10', '9.00'), { extra: [[97, 'Y']] });
    const status = await buyer.expect('8');
    expect(fields(status, 11, 37, 150, 39, 38, 14, 151)).to.deep.equal(['P1', ack.get(37), 'I', '0', '10', '0', '10']);
    expect(status.get(32)).to.equal(undefined);
    buyer.send('D', nos('P1', '1', '20', '9.00'));
    expect(fields(await buyer.expect('8'), 37, 150, 39, 103, 38)).to.deep.equal([ack.get(37), '8', '0', '6', '10']);
    buyer.send('D', nos('P2', '1', '15', '9.00'), { extra: [[97, 'Y']] });
    const fresh = await buyer.expect('8');
    expect(fields(fresh, 11, 150, 39, 38, 151)).to.deep.equal(['P2', '0', '0', '15', '15']);
    expect(fresh.get(37)).to.not.equal(ack.get(37));
    // Still one order P1 of 10 and one P2 of 15 in the book: the resend placed nothing.
    seller.send('D', nos('S2', '2', '30', '9.00', [[59, '3']]));
    const sellerReports: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const m = await seller.expect('8');
      sellerReports.push(`${m.get(150)}:${m.get(32) ?? ''}`);
    }
    expect(sellerReports).to.deep.equal(['0:', 'F:10', 'F:15', '4:']);
  });

  it('F.1.b PossResend of a replace and of a cancel: answered with the current state of the order they name (ExecType I), not refused as duplicates; a replace that was refused names no order (status reject); without PossResend, a duplicate (CxlRejReason 6)', async () => {
    const replace = (id: string, orig: string, qty: string, price: string): F => [[11, id], [41, orig], [1, 'ACC1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, qty], [40, '2'], [44, price]];
    const cancel = (id: string, orig: string): F => [[11, id], [41, orig], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '10']];
    buyer.send('D', nos('Q1', '1', '10', '9.00'));
    const ack = await buyer.expect('8');
    buyer.send('G', replace('Q2', 'Q1', '12', '9.10'));
    expect(fields(await buyer.expect('8'), 11, 41, 150)).to.deep.equal(['Q2', 'Q1', '5']);
    // The replace again, PossResend=Y: it took effect, so the order's state under its ClOrdID Q2.
    buyer.send('G', replace('Q2', 'Q1', '12', '9.10'), { extra: [[97, 'Y']] });
    expect(fields(await buyer.expect('8'), 11, 37, 150, 39, 38, 44, 151)).to.deep.equal(['Q2', ack.get(37), 'I', '0', '12', '9.10', '12']);
    buyer.send('F', cancel('Q3', 'Q2'));
    expect(fields(await buyer.expect('8'), 11, 41, 150, 39)).to.deep.equal(['Q3', 'Q2', '4', '4']);
    // The cancel again, PossResend=Y: its order is cancelled.
    buyer.send('F', cancel('Q3', 'Q2'), { extra: [[97, 'Y']] });
    expect(fields(await buyer.expect('8'), 11, 37, 150, 39, 14)).to.deep.equal(['Q2', ack.get(37), 'I', '4', '0']);
    // Without PossResend, the same cancel is a duplicate ClOrdID.
    buyer.send('F', cancel('Q3', 'Q2'));
    expect(fields(await buyer.expect('9'), 11, 41, 102)).to.deep.equal(['Q3', 'Q2', '6']);
    // A replace refused (the order is done), then sent again with PossResend=Y: Q4 names no order.
    buyer.send('G', replace('Q4', 'Q2', '14', '9.10'));
    expect(fields(await buyer.expect('9'), 11, 41, 102)).to.deep.equal(['Q4', 'Q2', '0']);
    buyer.send('G', replace('Q4', 'Q2', '14', '9.10'), { extra: [[97, 'Y']] });
    expect(fields(await buyer.expect('8'), 11, 37, 150, 39, 103)).to.deep.equal(['Q4', 'NONE', 'I', '8', '5']);
  });

  it('FIX 4.2: ExecTransType 0 and ExecType 2 (fill) instead of F; reject reasons within FIX 4.2\'s values', async () => {
    const old = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.2', senderCompId: 'OLD', targetCompId: GATEWAY });
    try {
      old.logon();
      await old.expect('A');
      seller.send('D', nos('S4', '2', '5', '10.00'));
      await seller.expect('8');
      old.send('D', [[11, 'O1'], [21, '1'], [1, 'ACC9'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '5'], [40, '2'], [44, '10.00']]);
      const ack = await old.expect('8');
      expect(fields(ack, 20, 150, 39)).to.deep.equal(['0', '0', '0']);
      const fill = await old.expect('8');
      expect(fields(fill, 20, 150, 39, 32, 31)).to.deep.equal(['0', '2', '2', '5', '10.00']);
      // Reject reasons within FIX 4.2's values: a price off the tick is 0 (broker option), the Text says why.
      old.send('D', [[11, 'O2'], [21, '1'], [1, 'ACC9'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '5'], [40, '2'], [44, '10.03']]);
      const offTick = await old.expect('8');
      expect(fields(offTick, 150, 39, 103)).to.deep.equal(['8', '8', '0']);
      expect(offTick.get(58)).to.match(/tick size 0.05/);
      // A status answer has ExecTransType 3 (Status) and the order's status as ExecType: a status request, and an
      // order sent again with PossResend=Y (FIX 4.2 Appendix D 31, "Poss resend order").
      old.send('D', [[11, 'O3'], [21, '1'], [1, 'ACC9'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '5'], [40, '2'], [44, '9.00']]);
      const rested = await old.expect('8');
      old.send('H', [[11, 'O3'], [55, 'ACME'], [54, '1']]);
      expect(fields(await old.expect('8'), 11, 37, 20, 150, 39, 151)).to.deep.equal(['O3', rested.get(37), '3', '0', '0', '5']);
      old.send('D', [[11, 'O3'], [21, '1'], [1, 'ACC9'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '5'], [40, '2'], [44, '9.00']], { extra: [[97, 'Y']] });
      expect(fields(await old.expect('8'), 11, 37, 20, 150, 39, 151)).to.deep.equal(['O3', rested.get(37), '3', '0', '0', '5']);
      old.send('H', [[11, 'NOPE'], [55, 'ACME'], [54, '1']]);
      expect(fields(await old.expect('8'), 11, 37, 20, 150, 39, 103)).to.deep.equal(['NOPE', 'NONE', '3', '8', '8', '5']);
    } finally {
      old.close();
    }
  });

  it('cancel-on-disconnect: the seller\'s resting orders are cancelled when its connection drops', async () => {
    seller.send('D', nos('S5', '2', '10', '11.00'));
    await seller.expect('8');
    seller.close();
    await new Promise((r) => setTimeout(r, 200));
    buyer.send('D', nos('B5', '1', '10', '11.00', [[59, '3']]));
    const ack = await buyer.expect('8');
    const rest = await buyer.expect('8');
    expect(fields(ack, 150)).to.deep.equal(['0']);
    expect(fields(rest, 150, 39, 14)).to.deep.equal(['4', '4', '0']);
  });
});
