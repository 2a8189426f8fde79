/**
 * FIX Appendix D, group J (execution cancels and corrections) over real sessions: the venue's operations cancel
 * (bust) or correct a trade (amendTrade on the order path, what POST /api/v1/ops/trades/{id}/cancel and /correct call),
 * and both orders' owners get an ExecutionReport Trade Cancel (H) or Trade Correct (G) naming the execution in
 * ExecRefID, with the order's CumQty, LeavesQty and AvgPx after it; drop copies get it too.
 *
 * How the matrices are read here (as in fix-appendix-d-more.test.ts): quantities divided by 100; the rows are the
 * sell side's messages. The venue puts quantity taken off a trade back to work on an order that still works (J.1.a's
 * first rows, J.1.c: LeavesQty grows), and leaves an order that no longer works as it is (J.1.b, J.1.d: a cancelled
 * or done-for-day order keeps its status). Where J.1.a busts an execution of a *filled* order, the matrix (a
 * broker's view) opens the order again; a venue does not put it back on the book: the order becomes Canceled, its
 * LeavesQty 0 (tested below as such). J.1.b's and J.1.c's last rows (a new fill of a cancelled order; DayOrderQty)
 * are a broker's and optional.
 */
import { expect } from 'chai';
import type { Trade } from '../../engine/model';
import { amendTrade, type OrderPath, type TradeAmendmentRequest } from '../../gateway/order-path';
import { FixTestClient, fixTime, type ReceivedMessage } from '../support/fix-test-client';
import { sessionConfig, type Harness } from '../support/fix-harness';
import { buyerAndSeller, fields, loggedOn, nos } from '../support/order-entry-clients';

describe('FIX order entry over real sessions: trades cancelled and corrected by the venue (Appendix D J; FIX 4.2 D34, D35)', function () {
  this.timeout(20_000);
  let harness: Harness;
  let buyer: FixTestClient;
  let seller: FixTestClient;
  let orderPath: OrderPath;
  let trades: Trade[];
  const clients: FixTestClient[] = [];

  beforeEach(async () => {
    ({ harness, buyer, seller, orderPath } = await buyerAndSeller([
      sessionConfig({ targetCompId: 'SELLER' }),
      sessionConfig({ beginString: 'FIX.4.2', targetCompId: 'OLD' }),
      sessionConfig({ targetCompId: 'BROKERED', dayOrderEnd: 'done-for-day' }),
      sessionConfig({ targetCompId: 'CLEARER', role: 'drop-copy' }),
    ]));
    trades = [];
    orderPath.subscribe({ deliver: (events) => trades.push(...events.flatMap(({ event }) => (event.kind === 'Trade' ? [event] : []))) });
  });
  afterEach(async () => {
    for (const c of [buyer, seller, ...clients.splice(0)]) c.close();
    await harness.close();
  });

  const logOn = (beginString: string, compId: string): Promise<FixTestClient> => loggedOn(harness, beginString, compId, clients);

  /** The seller sells `qty` at `price` into the client's resting buy; returns the client's fill report and the trade. */
  const sell = async (client: FixTestClient, id: string, qty: string, price = '10.00'): Promise<{ fill: ReceivedMessage; trade: Trade }> => {
    seller.send('D', nos(id, '2', qty, price));
    await seller.expect('8');
    await seller.expect('8');
    const fill = await client.expect('8');
    const trade = trades[trades.length - 1];
    if (trade === undefined) throw new Error('no trade');
    return { fill, trade };
  };

  /** Operations amend a trade; the amendment is taken. */
  const amend = (trade: Trade, request: Omit<TradeAmendmentRequest, 'tradeId' | 'requestId' | 'actor' | 'reason'>): void => {
    const result = amendTrade(orderPath, { tradeId: trade.tradeId, requestId: `OPS-${trade.tradeId}`, actor: 'ops1', reason: 'erroneous price', ...request }, BigInt(Date.now()) * 1000n);
    expect(result.ok, result.ok ? '' : result.text).to.equal(true);
  };

  it('J.1.a / J.1.c on a working order: Trade Cancel (H) of one execution and Trade Corrects (G) of another, each naming the one it amends (a correction of a correction names the correction), LeavesQty given back; then the order fills', async () => {
    buyer.send('D', nos('X', '1', '100', '10.00'));
    expect(fields(await buyer.expect('8'), 150, 39)).to.deep.equal(['0', '0']);
    const c = await sell(buyer, 'S1', '10');
    const d = await sell(buyer, 'S2', '20');
    expect(fields(d.fill, 150, 39, 14, 151)).to.deep.equal(['F', '1', '30', '70']);

    amend(c.trade, { action: 'cancel' });
    const cancelled = await buyer.expect('8');
    expect(fields(cancelled, 11, 150, 19, 39, 38, 14, 151, 32, 31, 6)).to.deep.equal(['X', 'H', c.fill.get(17), '1', '100', '20', '80', '0', '0', '10.000000']);
    expect(cancelled.get(17)).to.not.equal(c.fill.get(17));
    expect(cancelled.get(58)).to.equal(`trade ${c.trade.tradeId} (10 at 10.00) cancelled by the venue: erroneous price`);
    // The seller's side of it: its IOC-like sell had filled; nothing of it is put back, so it is Canceled, CumQty 0.
    expect(fields(await seller.expect('8'), 11, 150, 39, 14, 151)).to.deep.equal(['S1', 'H', '4', '0', '0']);

    amend(d.trade, { action: 'correct', priceTicks: 199 });
    const corrected = await buyer.expect('8');
    expect(fields(corrected, 150, 19, 39, 14, 151, 32, 31, 6)).to.deep.equal(['G', d.fill.get(17), '1', '20', '80', '20', '9.95', '9.950000']);
    await seller.expect('8');
    amend(d.trade, { action: 'correct', qtyLots: 15 });
    const again = await buyer.expect('8');
    expect(fields(again, 150, 19, 39, 14, 151, 32, 31)).to.deep.equal(['G', corrected.get(17), '1', '15', '85', '15', '9.95']);
    await seller.expect('8');

    // The 85 given back work: a sell of 85 fills the order.
    const last = await sell(buyer, 'S3', '85');
    expect(fields(last.fill, 150, 39, 38, 14, 151, 32)).to.deep.equal(['F', '2', '100', '100', '0', '85']);
  });

  it('J.1.a on a filled order, where the venue does not reopen it: Trade Cancel (H) with OrdStatus 4 (Canceled), CumQty less the execution, LeavesQty 0; the order stays off the book', async () => {
    buyer.send('D', nos('X', '1', '100', '10.00'));
    await buyer.expect('8');
    await sell(buyer, 'S1', '10');
    const filled = await sell(buyer, 'S2', '90');
    expect(fields(filled.fill, 39, 14, 151)).to.deep.equal(['2', '100', '0']);
    amend(filled.trade, { action: 'cancel' });
    expect(fields(await buyer.expect('8'), 150, 19, 39, 38, 14, 151, 6)).to.deep.equal(['H', filled.fill.get(17), '4', '100', '10', '0', '10.000000']);
    await seller.expect('8');
    // Nothing of X rests: a new sell finds no buyer.
    seller.send('D', nos('S3', '2', '5', '10.00'));
    expect(fields(await seller.expect('8'), 150, 39, 151)).to.deep.equal(['0', '0', '5']);
    expect(buyer.pending().filter((m) => m.msgType === '8')).to.deep.equal([]);
  });

  it('J.1.b a cancelled order, then its execution busted: Trade Cancel (H) with OrdStatus 4 ("canceled" takes precedence), CumQty 0, LeavesQty 0', async () => {
    buyer.send('D', nos('X', '1', '100', '10.00'));
    await buyer.expect('8');
    const b = await sell(buyer, 'S1', '50');
    buyer.send('F', [[41, 'X'], [11, 'Y'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '100']]);
    expect(fields(await buyer.expect('8'), 11, 150, 39, 14, 151)).to.deep.equal(['Y', '4', '4', '50', '0']);
    amend(b.trade, { action: 'cancel' });
    expect(fields(await buyer.expect('8'), 11, 150, 19, 39, 38, 14, 151)).to.deep.equal(['X', 'H', b.fill.get(17), '4', '100', '0', '0']);
  });

  it('J.1.d a part-filled DAY order done for day, then its execution corrected and cancelled: Trade Correct (G), then Trade Cancel (H), OrdStatus 3 throughout ("done for day" takes precedence)', async () => {
    const brokered = await logOn('FIX.4.4', 'BROKERED');
    brokered.send('D', nos('X', '1', '100', '10.00'));
    await brokered.expect('8');
    const b = await sell(brokered, 'S1', '50');
    const midnightUs = ((BigInt(Date.now()) * 1000n) / 86_400_000_000n + 1n) * 86_400_000_000n;
    orderPath.runAdmin({ kind: 'ExpireOrders' }, midnightUs);
    expect(fields(await brokered.expect('8'), 150, 39, 14, 151)).to.deep.equal(['3', '3', '50', '0']);
    amend(b.trade, { action: 'correct', qtyLots: 40 });
    const corrected = await brokered.expect('8');
    expect(fields(corrected, 150, 19, 39, 14, 151, 32)).to.deep.equal(['G', b.fill.get(17), '3', '40', '0', '40']);
    amend(b.trade, { action: 'cancel' });
    expect(fields(await brokered.expect('8'), 150, 19, 39, 14, 151)).to.deep.equal(['H', corrected.get(17), '3', '0', '0']);
  });

  it('FIX 4.2 (D34, D35): the amendment in ExecTransType (1 Cancel, 2 Correct) with ExecType 1 (Partial Fill) and ExecRefID; a drop copy gets each report with CopyMsgIndicator', async () => {
    const clearer = await logOn('FIX.4.4', 'CLEARER');
    const old = await logOn('FIX.4.2', 'OLD');
    old.send('D', nos('X', '1', '100', '10.00', [[21, '1']]));
    await old.expect('8');
    const c = await sell(old, 'S1', '10');
    const d = await sell(old, 'S2', '20');
    amend(d.trade, { action: 'correct', priceTicks: 199 });
    expect(fields(await old.expect('8'), 20, 150, 19, 39, 14, 151, 32, 31)).to.deep.equal(['2', '1', d.fill.get(17), '1', '30', '70', '20', '9.95']);
    amend(c.trade, { action: 'cancel' });
    expect(fields(await old.expect('8'), 20, 150, 19, 39, 14, 151, 32)).to.deep.equal(['1', '1', c.fill.get(17), '1', '20', '80', '0']);
    // The clearer sees every report: X's acknowledgement, the two sells' acknowledgements, four fills (two trades, both
    // sides) and four amendments.
    const copies: ReceivedMessage[] = [];
    for (let i = 0; i < 11; i += 1) copies.push(await clearer.expect('8'));
    const amendments = copies.filter((m) => m.get(150) === 'G' || m.get(150) === 'H');
    expect(amendments.map((m) => [m.get(150), m.get(11), m.get(797)])).to.deep.equal([
      ['G', 'X', 'Y'],
      ['G', 'S2', 'Y'],
      ['H', 'X', 'Y'],
      ['H', 'S1', 'Y'],
    ]);
  });

  it('refuses what cannot be done, with nothing sent: an unknown trade, a trade cancelled already, a correction raising the quantity or changing nothing', async () => {
    buyer.send('D', nos('X', '1', '100', '10.00'));
    await buyer.expect('8');
    const { trade } = await sell(buyer, 'S1', '10');
    const attempt = (request: Omit<TradeAmendmentRequest, 'requestId' | 'actor' | 'reason'>): [string, string] => {
      const result = amendTrade(orderPath, { requestId: 'OPS', actor: 'ops1', reason: 'test', ...request }, BigInt(Date.now()) * 1000n);
      return result.ok ? ['ok', ''] : [result.code, result.text];
    };
    expect(attempt({ tradeId: 999, action: 'cancel' })).to.deep.equal(['GW_ERR_TRADE_NOT_FOUND', 'trade 999 is not among the recent trades the gateway holds']);
    expect(attempt({ tradeId: trade.tradeId, action: 'correct', qtyLots: 11 })[0]).to.equal('GW_ERR_TRADE_INVALID_CORRECTION');
    expect(attempt({ tradeId: trade.tradeId, action: 'correct', priceTicks: 200, qtyLots: 10 })).to.deep.equal(['GW_ERR_TRADE_INVALID_CORRECTION', `the correction leaves trade ${trade.tradeId} as it stands`]);
    expect(attempt({ tradeId: trade.tradeId, action: 'cancel' })[0]).to.equal('ok');
    await buyer.expect('8');
    expect(attempt({ tradeId: trade.tradeId, action: 'correct', priceTicks: 199 })).to.deep.equal(['GW_ERR_TRADE_ALREADY_CANCELLED', `trade ${trade.tradeId} is cancelled already`]);
  });
});
