/**
 * More FIX Appendix D order state matrices over real sessions (see fix-order-entry.test.ts for the first ones): a
 * DAY order done for day on a session that asks for it (A.1.b), a cancel crossing the acknowledgement (B.1.e), a
 * replace to increase the quantity of a part-filled order (C.1.b), replaces chained on a part-filled order (D.1.a,
 * D.1.b, D.2.b; the existing D tests use unfilled orders), an unsolicited cancel (E.1.b) and reduction of the
 * order quantity (E.1.d), and the FIX 4.2 forms (FIX 4.2 Appendix D D3, D4, D9, D10, D11, D19; and D6 by its
 * title) of matrices the FIX 4.4 tests cover, where FIX 4.2 reports differ (ExecTransType, ExecType 1 and 2 for fills).
 *
 * How the matrices are read here:
 * - the gateway acts on every request at once, so it never sends Pending New, Pending Cancel or Pending Replace: the
 *   matrices' optional intermediate rows are skipped, and so is an execution a matrix shows arriving while a request is
 *   pending (it cannot happen here; the final row's CumQty is then the one before it);
 * - "this message crosses the request" (two rows at the same time) is made real: the report the request crosses is
 *   already in the client's inbox, unread, when the request is sent;
 * - quantities are the matrices' divided by 100 (10000 is 100);
 * - LastQty (LastShares on FIX 4.2) is asserted on trade rows; on other rows the matrices' 0 is its absence (the field
 *   belongs to fills);
 * - the rows are the sell side's messages: ClOrdID and OrigClOrdID as the matrix names them, "Execution (X)" meaning
 *   ClOrdID X and no OrigClOrdID.
 */
import { expect } from 'chai';
import { OrderType, priceToTicks, qtyLots, SelfTradePrevention, Side, TimeInForce } from '../../engine/model';
import type { OrderPath } from '../../gateway/order-path';
import { SessionState } from '../../gateway/fix/session/session-state';
import { FixTestClient, fixTime, type ReceivedMessage } from '../support/fix-test-client';
import { GATEWAY, sessionConfig, type Harness } from '../support/fix-harness';
import { ACME, buyerAndSeller, type F, fields, nos } from '../support/order-entry-clients';

/** An OrderCancelRequest (the order quantity as the matrices show it on the request row). */
const cancel = (orig: string, id: string, side: '1' | '2', qty: string): F => [[41, orig], [11, id], [55, 'ACME'], [54, side], [60, fixTime()], [38, qty]];
/** An OrderCancelReplaceRequest of a buy limit order of ACC1 on ACME; FIX 4.2 needs its HandlInst. */
const replace = (orig: string, id: string, qty: string, price: string): F => [[41, orig], [11, id], [21, '1'], [1, 'ACC1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, qty], [40, '2'], [44, price]];
/** A NewOrderSingle a FIX 4.2 session can send (HandlInst(21) is required there). */
const nos42 = (id: string, side: '1' | '2', qty: string, price: string): F => nos(id, side, qty, price, [[21, '1']]);

describe('FIX order entry over real sessions: more FIX Appendix D scenarios (A.1.b, B.1.e, C.1.b, E.1.b, E.1.d, FIX 4.2 forms)', function () {
  this.timeout(20_000);
  let harness: Harness;
  let buyer: FixTestClient;
  let seller: FixTestClient;
  let orderPath: OrderPath;
  const clients: FixTestClient[] = [];

  beforeEach(async () => {
    ({ harness, buyer, seller, orderPath } = await buyerAndSeller([
      sessionConfig({ targetCompId: 'SELLER', cancelOnDisconnect: true }),
      sessionConfig({ beginString: 'FIX.4.2', targetCompId: 'OLD', cancelOnDisconnect: true }),
      sessionConfig({ targetCompId: 'BROKERED', dayOrderEnd: 'done-for-day' }),
      sessionConfig({ beginString: 'FIX.4.2', targetCompId: 'OLDBROKER', dayOrderEnd: 'done-for-day' }),
    ]));
  });
  afterEach(async () => {
    for (const c of [buyer, seller, ...clients.splice(0)]) c.close();
    await harness.close();
  });

  /** A client of session `compId` logged on; `nextSeq` continues an earlier connection's numbering. */
  const logOn = async (beginString: string, compId: string, nextSeq = 1): Promise<{ client: FixTestClient; logon: ReceivedMessage }> => {
    const client = await FixTestClient.connect(harness.port, { beginString, senderCompId: compId, targetCompId: GATEWAY });
    clients.push(client);
    client.nextSeq = nextSeq;
    client.logon();
    return { client, logon: await client.expect('A') };
  };

  /** Resolves once `n` ExecutionReports or OrderCancelRejects wait unread in the client's inbox. */
  const arrived = async (client: FixTestClient, n: number): Promise<void> => {
    while (client.pending().filter((m) => m.msgType === '8' || m.msgType === '9').length < n) await new Promise((r) => setTimeout(r, 2));
  };

  /** Resolves once the gateway has seen session `compId`'s connection drop and stored what it made for it since. */
  const offline = async (compId: string): Promise<void> => {
    const session = harness.sessions.find((s) => s.config.targetCompId === compId);
    if (session === undefined) throw new Error(`no session ${compId}`);
    while (session.currentState !== SessionState.Disconnected) await new Promise((r) => setTimeout(r, 5));
    await session.drained();
  };

  /** The application messages stored for a session while it was away, asked for by ResendRequest from `from`. */
  const resent = async (client: FixTestClient, logon: ReceivedMessage, from: number): Promise<ReceivedMessage[]> => {
    client.send('2', [[7, from], [16, 0]]);
    const out: ReceivedMessage[] = [];
    for (;;) {
      const m = await client.next();
      // The resend ends with the gap fill over our Logon answer.
      if (m.msgType === '4' && Number(m.get(36)) > logon.seq) return out;
      if (m.msgType !== '4' && m.get(43) === 'Y') out.push(m);
    }
  };

  /** The seller's sell order `id` of `qty` at 10.00 takes `qty` of a buy order rested by `buyer` at 10.00. */
  const sellerSells = async (id: string, qty: string): Promise<void> => {
    seller.send('D', nos(id, '2', qty, '10.00'));
    await seller.expect('8');
    await seller.expect('8');
  };

  it('A.1.b part-filled day order, done for day: ExecType 3, OrdStatus 3, CumQty 30, LeavesQty 0 (FIX 4.4 and 4.2), and OrdStatus 3 after it; a session that does not ask gets Expired (C)', async () => {
    const { client: brokered } = await logOn('FIX.4.4', 'BROKERED');
    const { client: old } = await logOn('FIX.4.2', 'OLDBROKER');
    brokered.send('D', nos('X', '1', '100', '10.00'));
    const ack = await brokered.expect('8');
    expect(fields(ack, 150, 39, 38, 14, 151)).to.deep.equal(['0', '0', '100', '0', '100']);
    for (const [id, qty, cum, leaves] of [['S1', '20', '20', '80'], ['S2', '10', '30', '70']] as const) {
      seller.send('D', nos(id, '2', qty, '10.00'));
      await seller.expect('8');
      await seller.expect('8');
      expect(fields(await brokered.expect('8'), 150, 39, 32, 14, 151)).to.deep.equal(['F', '1', qty, cum, leaves]);
    }
    old.send('D', nos42('Y', '1', '5', '9.00'));
    expect(fields(await old.expect('8'), 20, 150, 39)).to.deep.equal(['0', '0', '0']);
    buyer.send('D', nos('Z', '1', '5', '9.00'));
    await buyer.expect('8');

    // The trading day ends (the next UTC midnight).
    const midnightUs = (BigInt(Date.now()) * 1000n / 86_400_000_000n + 1n) * 86_400_000_000n;
    orderPath.runAdmin({ kind: 'ExpireOrders' }, midnightUs);
    const done = await brokered.expect('8');
    expect(fields(done, 11, 37, 150, 39, 38, 14, 151, 6)).to.deep.equal(['X', ack.get(37), '3', '3', '100', '30', '0', '10.000000']);
    expect(fields(await old.expect('8'), 11, 20, 150, 39, 14, 151)).to.deep.equal(['Y', '0', '3', '3', '0', '0']);
    expect(fields(await buyer.expect('8'), 11, 150, 39)).to.deep.equal(['Z', 'C', 'C']);

    // Its state stays Done for Day: in a status report, and in the OrderCancelReject of a cancel come too late.
    brokered.send('H', [[11, 'X'], [55, 'ACME'], [54, '1'], [790, 'Q1']]);
    expect(fields(await brokered.expect('8'), 150, 39, 14, 151)).to.deep.equal(['I', '3', '30', '0']);
    brokered.send('F', [[41, 'X'], [11, 'X-C'], [55, 'ACME'], [54, '1'], [60, fixTime()]]);
    expect(fields(await brokered.expect('9'), 11, 41, 37, 39, 102)).to.deep.equal(['X-C', 'X', ack.get(37), '3', '0']);
    buyer.send('H', [[11, 'Z'], [55, 'ACME'], [54, '1'], [790, 'Q2']]);
    expect(fields(await buyer.expect('8'), 150, 39)).to.deep.equal(['I', 'C']);
  });

  it('B.1.e cancel request for an order not yet acknowledged, the acknowledgement and the cancel crossing: New (X) with OrderQty 100 and LeavesQty 100, then Canceled (Y,X) with CumQty 0 and LeavesQty 0, the same OrderID', async () => {
    // Row 1: New Order(X).
    buyer.send('D', nos('X1', '1', '100', '9.00'));
    // Row 2, twice: the gateway's New (X) is on its way (in the inbox, unread) when the client sends its cancel (Y,X).
    await arrived(buyer, 1);
    buyer.send('F', cancel('X1', 'Y1', '1', '100'));
    const ack = await buyer.expect('8');
    expect(fields(ack, 11, 41, 150, 39, 38, 14, 151)).to.deep.equal(['X1', undefined, '0', '0', '100', '0', '100']);
    // Row 3 (Pending Cancel) is skipped. Row 4: Canceled, under the cancel's ClOrdID.
    const cancelled = await buyer.expect('8');
    expect(fields(cancelled, 11, 41, 37, 150, 39, 38, 14, 151)).to.deep.equal(['Y1', 'X1', ack.get(37), '4', '4', '100', '0', '0']);
  });

  it('E.1.b unsolicited cancel of a part-filled order (the session\'s cancel-on-disconnect, FIX 4.4; FIX 4.2: D19): New, Trade (Partial Fill on FIX 4.2) for 10, then Canceled (X) with OrderQty 100, CumQty 10, LeavesQty 0, received at the next Logon', async () => {
    // The matrix's "broker verbally agrees to cancel order" (row 4) is here the gateway cancelling the orders of a
    // session whose connection dropped; the cancel comes unasked, so it names the order's own ClOrdID and no
    // OrigClOrdID. The matrix's ExecRestatementReason "Verbal change" belongs to the verbal agreement and is not
    // asserted. The session is away when its order is cancelled: the report is stored and comes by ResendRequest.
    const cases = [
      { beginString: 'FIX.4.4', compId: 'SELLER', trade: 'F', transType: undefined },
      { beginString: 'FIX.4.2', compId: 'OLD', trade: '1', transType: '0' },
    ] as const;
    for (const { beginString, compId, trade, transType } of cases) {
      const side = compId === 'SELLER' ? seller : (await logOn(beginString, compId)).client;
      const id = `X-${compId}`;
      // Rows 1, 2: New Order(X), New.
      side.send('D', nos42(id, '2', '100', '10.00'));
      const ack = await side.expect('8');
      expect(fields(ack, 11, 20, 150, 39, 38, 14, 151), beginString).to.deep.equal([id, transType, '0', '0', '100', '0', '100']);
      // Row 3: an execution for 10.
      buyer.send('D', nos(`B-${compId}`, '1', '10', '10.00'));
      await buyer.expect('8');
      await buyer.expect('8');
      const partial = await side.expect('8');
      expect(fields(partial, 11, 20, 150, 39, 38, 14, 151, 32), beginString).to.deep.equal([id, transType, trade, '1', '100', '10', '90', '10']);
      // Row 4: the connection drops. Row 5: Canceled, stored for the session's next Logon.
      const nextSeq = side.nextSeq;
      side.close();
      await offline(compId);
      const back = await logOn(beginString, compId, nextSeq);
      // The cancel alone: no OrderMassCancelReport, which would answer a request the client never sent.
      const stored = await resent(back.client, back.logon, partial.seq + 1);
      expect(stored.map((m) => m.msgType), beginString).to.deep.equal(['8']);
      expect(stored.map((m) => fields(m, 11, 41, 37, 20, 150, 39, 38, 14, 151)), beginString).to.deep.equal([[id, undefined, ack.get(37), transType, '4', '4', '100', '10', '0']]);
    }
  });

  it('B.1.a / B.1.b on FIX 4.2 (D3, D4): Canceled (Y,X) with ExecTransType New, CumQty 0 for an unfilled order; for a part-filled one Partial Fill (ExecType 1) reports, one crossing the cancel, then Canceled (Y,X) with the CumQty', async () => {
    const { client: old } = await logOn('FIX.4.2', 'OLD');
    // D3 rows 1, 2: New Order(X), New.
    old.send('D', nos42('X3', '1', '100', '9.00'));
    const ack = await old.expect('8');
    expect(fields(ack, 11, 20, 150, 39, 38, 14, 151)).to.deep.equal(['X3', '0', '0', '0', '100', '0', '100']);
    // Row 3: Cancel Request(Y,X); row 4 (Pending Cancel) skipped; row 5: Canceled.
    old.send('F', cancel('X3', 'Y3', '1', '100'));
    expect(fields(await old.expect('8'), 11, 41, 37, 20, 150, 39, 38, 14, 151)).to.deep.equal(['Y3', 'X3', ack.get(37), '0', '4', '4', '100', '0', '0']);

    // D4 rows 1, 2, 3: New, then Partial Fill for 20.
    old.send('D', nos42('X4', '1', '100', '10.00'));
    const ack4 = await old.expect('8');
    expect(fields(ack4, 11, 20, 150, 39, 38, 14, 151)).to.deep.equal(['X4', '0', '0', '0', '100', '0', '100']);
    await sellerSells('S4a', '20');
    expect(fields(await old.expect('8'), 11, 20, 150, 39, 38, 14, 151, 32)).to.deep.equal(['X4', '0', '1', '1', '100', '20', '80', '20']);
    // Row 4, twice: Cancel Request(Y,X) and a Partial Fill for 30 that passes it on the connection.
    await sellerSells('S4b', '30');
    await arrived(old, 1);
    old.send('F', cancel('X4', 'Y4', '1', '100'));
    expect(fields(await old.expect('8'), 11, 20, 150, 39, 38, 14, 151, 32)).to.deep.equal(['X4', '0', '1', '1', '100', '50', '50', '30']);
    // Rows 5, 6 (Pending Cancel, and an execution while pending) do not occur. Row 7: Canceled with the CumQty.
    expect(fields(await old.expect('8'), 11, 41, 37, 20, 150, 39, 38, 14, 151)).to.deep.equal(['Y4', 'X4', ack4.get(37), '0', '4', '4', '100', '50', '0']);
  });

  it('C.1.b replace to increase the quantity of a part-filled order, then filled (FIX 4.4; FIX 4.2: D10): Replace (Y,X) with OrderQty 120, CumQty 10, LeavesQty 110; the fill after it is Execution (Y), with no OrigClOrdID', async () => {
    const { client: old } = await logOn('FIX.4.2', 'OLD');
    const cases = [
      { client: buyer, prefix: 'C44', trade: 'F', fill: 'F', partial42: undefined, send: (id: string): F => nos(id, '1', '100', '10.00') },
      { client: old, prefix: 'C42', trade: '1', fill: '2', partial42: '0', send: (id: string): F => nos42(id, '1', '100', '10.00') },
    ];
    for (const c of cases) {
      const [x, y] = [`${c.prefix}X`, `${c.prefix}Y`];
      c.client.send('D', c.send(x));
      await c.client.expect('8');
      await sellerSells(`${c.prefix}S1`, '10');
      expect(fields(await c.client.expect('8'), 11, 150, 39, 14, 151, 32)).to.deep.equal([x, c.trade, '1', '10', '90', '10']);
      // Rows 4-7 (the Pending Replace and an execution while pending are skipped): Replace (Y,X).
      c.client.send('G', replace(x, y, '120', '10.00'));
      expect(fields(await c.client.expect('8'), 11, 41, 150, 39, 38, 14, 151)).to.deep.equal([y, x, '5', '1', '120', '10', '110']);
      // Row 8: Execution (Y) for the rest.
      await sellerSells(`${c.prefix}S2`, '110');
      const filled = await c.client.expect('8');
      expect(fields(filled, 11, 41, 150, 39, 38, 14, 151, 32, 20)).to.deep.equal([y, undefined, c.fill, '2', '120', '120', '0', '110', c.partial42]);
    }
  });

  it('E.1.d unsolicited reduction of the order quantity (self-trade prevention\'s decrement by an order of the same account): Restated (X) with OrderQty 90, CumQty 0, LeavesQty 90, ExecRestatementReason 5 (partial decline of OrderQty); then filled with OrderQty 90', async () => {
    buyer.send('D', nos('E1', '1', '100', '10.00'));
    const ack = await buyer.expect('8');
    // The sell side takes 10 off: a sell of the same account that asks for the decrement meets the resting buy.
    // (The buyer's session binds no firm: its orders are the gateway's default firm's.)
    const converted = priceToTicks('10.00', ACME);
    if (!converted.ok) throw new Error(converted.text);
    const tenDollars = converted.value;
    orderPath.submit({ kind: 'PlaceOrder', sessionId: 'REST:ops', clientOrderId: 'STP1', account: 'ACC1', firm: 'default', symbol: 'ACME', side: Side.Sell, type: OrderType.Limit, timeInForce: TimeInForce.Day, qtyLots: qtyLots(10), priceTicks: tenDollars, selfTradePrevention: SelfTradePrevention.Decrement }, BigInt(Date.now()) * 1000n);
    const restated = await buyer.expect('8');
    expect(fields(restated, 11, 41, 37, 150, 39, 38, 14, 151, 378)).to.deep.equal(['E1', undefined, ack.get(37), 'D', '0', '90', '0', '90', '5']);
    await sellerSells('E1S', '90');
    expect(fields(await buyer.expect('8'), 11, 150, 39, 38, 14, 151, 32)).to.deep.equal(['E1', 'F', '2', '90', '90', '0', '90']);
  });

  it('FIX 4.2, a zero-filled order replaced (D6 by its title; its matrix unread, the status from D13\'s note that partially filled takes precedence over replaced): Replace (Y,X) with OrdStatus 5 (Replaced), which a status report keeps; a fill then makes it Partially Filled (FIX 4.4 has no OrdStatus 5: New there)', async () => {
    const { client: old } = await logOn('FIX.4.2', 'OLD');
    old.send('D', nos42('X6', '1', '100', '10.00'));
    await old.expect('8');
    old.send('G', replace('X6', 'Y6', '110', '10.00'));
    expect(fields(await old.expect('8'), 11, 41, 20, 150, 39, 38, 14, 151)).to.deep.equal(['Y6', 'X6', '0', '5', '5', '110', '0', '110']);
    old.send('H', [[11, 'Y6'], [55, 'ACME'], [54, '1']]);
    expect(fields(await old.expect('8'), 11, 20, 150, 39, 151)).to.deep.equal(['Y6', '3', '5', '5', '110']);
    await sellerSells('S6', '10');
    expect(fields(await old.expect('8'), 11, 41, 150, 39, 38, 14, 151)).to.deep.equal(['Y6', undefined, '1', '1', '110', '10', '100']);
    buyer.send('D', nos('X6B', '1', '100', '9.00'));
    await buyer.expect('8');
    buyer.send('G', [[41, 'X6B'], [11, 'Y6B'], [1, 'ACC1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '110'], [40, '2'], [44, '9.00']]);
    expect(fields(await buyer.expect('8'), 11, 41, 150, 39)).to.deep.equal(['Y6B', 'X6B', '5', '0']);
  });

  it('D.1.a / D.1.b (D.1.c without its pending rows) / D.2.b on a part-filled order: each Replace answers (new ClOrdID, the one it replaced) with OrdStatus 1 and the CumQty kept; fills between name the order by its current ClOrdID alone; a refused replace leaves the order as it was', async () => {
    /** The next report of the buyer: its ClOrdID, OrigClOrdID, ExecType, OrdStatus, OrderQty, CumQty, LeavesQty. */
    const next = async (): Promise<(string | undefined)[]> => fields(await buyer.expect('8'), 11, 41, 150, 39, 38, 14, 151);
    const buyReplace = (orig: string, id: string, qty: string, price = '10.00'): F => [[41, orig], [11, id], [1, 'ACC1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, qty], [40, '2'], [44, price]];
    // D.1.a: replace accepted, fill, another replace accepted, fill.
    buyer.send('D', nos('A1', '1', '100', '10.00'));
    expect(await next()).to.deep.equal(['A1', undefined, '0', '0', '100', '0', '100']);
    await sellerSells('A1s1', '10');
    expect(await next()).to.deep.equal(['A1', undefined, 'F', '1', '100', '10', '90']);
    buyer.send('G', buyReplace('A1', 'A2', '80'));
    expect(await next()).to.deep.equal(['A2', 'A1', '5', '1', '80', '10', '70']);
    await sellerSells('A1s2', '20');
    expect(await next()).to.deep.equal(['A2', undefined, 'F', '1', '80', '30', '50']);
    buyer.send('G', buyReplace('A2', 'A3', '60'));
    expect(await next()).to.deep.equal(['A3', 'A2', '5', '1', '60', '30', '30']);
    await sellerSells('A1s3', '30');
    expect(await next()).to.deep.equal(['A3', undefined, 'F', '2', '60', '60', '0']);

    // D.1.b: a replace refused (a price off the tick), fills, then a replace of the last accepted ClOrdID.
    buyer.send('D', nos('B1', '1', '100', '10.00'));
    await buyer.expect('8');
    await sellerSells('B1s1', '10');
    await buyer.expect('8');
    buyer.send('G', buyReplace('B1', 'B2', '80', '10.03'));
    expect(fields(await buyer.expect('9'), 11, 41, 39, 434)).to.deep.equal(['B2', 'B1', '1', '2']);
    await sellerSells('B1s2', '5');
    expect(await next()).to.deep.equal(['B1', undefined, 'F', '1', '100', '15', '85']);
    buyer.send('G', buyReplace('B1', 'B3', '60'));
    expect(await next()).to.deep.equal(['B3', 'B1', '5', '1', '60', '15', '45']);
    await sellerSells('B1s3', '15');
    expect(await next()).to.deep.equal(['B3', undefined, 'F', '1', '60', '30', '30']);

    // D.2.b: two replaces back to back, the second naming the first; both taken in turn, then filled. (Bid 10.05, above
    // what is left of B3, so that the seller's orders meet this one.)
    buyer.send('D', nos('C1', '1', '100', '10.05'));
    await buyer.expect('8');
    await sellerSells('C1s1', '10');
    await buyer.expect('8');
    buyer.send('G', buyReplace('C1', 'C2', '80', '10.05'));
    buyer.send('G', buyReplace('C2', 'C3', '70', '10.05'));
    expect(await next()).to.deep.equal(['C2', 'C1', '5', '1', '80', '10', '70']);
    expect(await next()).to.deep.equal(['C3', 'C2', '5', '1', '70', '10', '60']);
    await sellerSells('C1s2', '60');
    expect(await next()).to.deep.equal(['C3', undefined, 'F', '2', '70', '70', '0']);
  });

  it('C.2.a on FIX 4.2 (D9): a replace for a new price crossing the fill of the order: Partial Fill, Fill (ExecType 2, OrdStatus 2, LastShares 90), then OrderCancelReject (Y,X) with OrdStatus 2 and CxlRejReason 0 (too late to cancel)', async () => {
    const { client: old } = await logOn('FIX.4.2', 'OLD');
    // Rows 1, 2: New Order(X), New.
    old.send('D', nos42('X9', '1', '100', '10.00'));
    const ack = await old.expect('8');
    expect(fields(ack, 11, 20, 150, 39, 38, 14, 151)).to.deep.equal(['X9', '0', '0', '0', '100', '0', '100']);
    // Row 3: Partial Fill for 10.
    await sellerSells('S9a', '10');
    expect(fields(await old.expect('8'), 11, 20, 150, 39, 38, 14, 151, 32)).to.deep.equal(['X9', '0', '1', '1', '100', '10', '90', '10']);
    // Row 4, twice: Replace Request(Y,X) for the same quantity at a new price, and the Fill for 90 passing it.
    await sellerSells('S9b', '90');
    await arrived(old, 1);
    old.send('G', replace('X9', 'Y9', '100', '9.50'));
    expect(fields(await old.expect('8'), 11, 20, 150, 39, 38, 14, 151, 32)).to.deep.equal(['X9', '0', '2', '2', '100', '100', '0', '90']);
    // Row 5: Cancel Reject (Y,X), Filled, too late to cancel.
    expect(fields(await old.expect('9'), 11, 41, 37, 39, 434, 102)).to.deep.equal(['Y9', 'X9', ack.get(37), '2', '2', '0']);
  });

  it('C.3.b on FIX 4.2 (D11): a replace to 70 crossing a Partial Fill for 70: Replace (Y,X) with OrdStatus 2 (filled takes precedence over canceled and replaced), OrderQty amended to 70, CumQty 70, LeavesQty 0', async () => {
    const { client: old } = await logOn('FIX.4.2', 'OLD');
    // Rows 1, 2: New Order(X), New.
    old.send('D', nos42('X11', '1', '100', '10.00'));
    const ack = await old.expect('8');
    expect(fields(ack, 11, 20, 150, 39, 38, 14, 151)).to.deep.equal(['X11', '0', '0', '0', '100', '0', '100']);
    // Row 3, twice: Replace Request(Y,X) to 70, and a Partial Fill for 70 passing it on the connection.
    await sellerSells('S11', '70');
    await arrived(old, 1);
    old.send('G', replace('X11', 'Y11', '70', '10.00'));
    expect(fields(await old.expect('8'), 11, 20, 150, 39, 38, 14, 151, 32)).to.deep.equal(['X11', '0', '1', '1', '100', '70', '30', '70']);
    // Row 4: Replace, Filled, the order quantity amended to the cum qty.
    expect(fields(await old.expect('8'), 11, 41, 37, 20, 150, 39, 38, 14, 151)).to.deep.equal(['Y11', 'X11', ack.get(37), '0', '5', '2', '70', '70', '0']);
  });
});
