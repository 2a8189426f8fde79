/**
 * FIX order entry over real sessions beyond the Appendix D state matrices: the order types and times in force a
 * NewOrderSingle can carry, an account-bound session, and the ClOrdID's uniqueness per session and UTC day.
 */
import { expect } from 'chai';
import { MatchingEngine } from '../../engine';
import { OrderType, type PlaceOrder, priceTicks, qtyLots, Side, TimeInForce, TradingStatus } from '../../engine/model';
import { FixOrderEntry } from '../../gateway/fix/translate';
import { OrderPath } from '../../gateway/order-path';
import { FixTestClient, fixTime, type ReceivedMessage } from '../support/fix-test-client';
import { GATEWAY, sessionConfig, startHarness, type Harness } from '../support/fix-harness';
import { ACME, buyerAndSeller, type F, fields, nos } from '../support/order-entry-clients';

describe('FIX order entry: order types and time in force over a real session', function () {
  this.timeout(20_000);
  let harness: Harness;
  let buyer: FixTestClient;
  let seller: FixTestClient;
  let orderPath: OrderPath;

  beforeEach(async () => {
    ({ harness, buyer, seller, orderPath } = await buyerAndSeller([sessionConfig({ targetCompId: 'SELLER' }), sessionConfig({ targetCompId: 'BOUND', account: 'ACC7' })]));
  });
  afterEach(async () => {
    buyer.close();
    seller.close();
    await harness.close();
  });

  /** The next `n` ExecutionReports of a client. */
  const reports = async (client: FixTestClient, n: number): Promise<ReceivedMessage[]> => {
    const out: ReceivedMessage[] = [];
    for (let i = 0; i < n; i += 1) out.push(await client.expect('8'));
    return out;
  };
  const typed = (id: string, side: '1' | '2', qty: string, ordType: string, extra: F = []): F => [[11, id], [1, 'ACC1'], [55, 'ACME'], [54, side], [60, fixTime()], [38, qty], [40, ordType], ...extra];

  it('a market order takes the book; a stop order waits for a trade at its StopPx (WorkingIndicator N), is reported Restated (ExecRestatementReason 99, WorkingIndicator Y) and then trades; a stop-limit needs its StopPx', async () => {
    seller.send('D', nos('S1', '2', '4', '10.00'));
    await seller.expect('8');
    buyer.send('D', typed('M1', '1', '4', '1'));
    const [marketAck, marketFill] = await reports(buyer, 2);
    expect(marketAck && fields(marketAck, 11, 150, 39, 40)).to.deep.equal(['M1', '0', '0', '1']);
    expect(marketFill && fields(marketFill, 11, 150, 39, 32, 31, 14, 151)).to.deep.equal(['M1', 'F', '2', '4', '10.00', '4', '0']);
    expect((await seller.expect('8')).get(39)).to.equal('2');

    buyer.send('D', typed('STP1', '1', '3', '3', [[99, '10.50']]));
    const [stopAck] = await reports(buyer, 1);
    // WorkingIndicator N: held off the book until its trigger (FIX 5.0 SP2 Appendix D E.1.f; the field is FIX 4.4's too).
    expect(stopAck && fields(stopAck, 11, 150, 39, 40, 99, 151, 636)).to.deep.equal(['STP1', '0', '0', '3', '10.50', '3', 'N']);
    seller.send('D', nos('S2', '2', '5', '10.50'));
    await seller.expect('8');
    // A trade at 10.50 reaches the stop: it becomes a market order and takes the rest of S2, in the same step.
    buyer.send('D', nos('B2', '1', '2', '10.50'));
    const [b2Ack, b2Fill, triggered, stopFill] = await reports(buyer, 4);
    expect([b2Ack, b2Fill].map((m) => m && fields(m, 11, 150, 39))).to.deep.equal([['B2', '0', '0'], ['B2', 'F', '2']]);
    expect(triggered && fields(triggered, 11, 150, 39, 378, 40, 99, 636)).to.deep.equal(['STP1', 'D', '0', '99', '3', '10.50', 'Y']);
    expect(triggered?.get(58)).to.equal('stop triggered');
    expect(stopFill && fields(stopFill, 11, 150, 39, 32, 31)).to.deep.equal(['STP1', 'F', '2', '3', '10.50']);

    buyer.send('D', typed('SL1', '1', '1', '4', [[44, '11.00']]));
    const [noStop] = await reports(buyer, 1);
    expect(noStop && fields(noStop, 11, 150, 39)).to.deep.equal(['SL1', '8', '8']);
    expect(noStop?.get(58)).to.match(/StopPx\(99\) required/);
    buyer.send('D', typed('SL2', '1', '1', '4', [[44, '11.00'], [99, '12.00']]));
    const [stopLimitAck] = await reports(buyer, 1);
    expect(stopLimitAck && fields(stopLimitAck, 11, 150, 40, 44, 99)).to.deep.equal(['SL2', '0', '4', '11.00', '12.00']);
  });

  it('GTC and GTD rest and are reported with their TimeInForce, a GTD one with its ExpireTime; a GTD order without one is refused', async () => {
    buyer.send('D', nos('C1', '1', '1', '9.00', [[59, '1']]));
    const [gtc] = await reports(buyer, 1);
    expect(gtc && fields(gtc, 11, 150, 39, 59)).to.deep.equal(['C1', '0', '0', '1']);
    const expire = fixTime(new Date(Date.now() + 3_600_000)).slice(0, 17);
    buyer.send('D', nos('G1', '1', '1', '9.00', [[59, '6'], [126, expire]]));
    const [gtd] = await reports(buyer, 1);
    expect(gtd && fields(gtd, 11, 150, 39, 59)).to.deep.equal(['G1', '0', '0', '6']);
    expect(gtd?.get(126)?.slice(0, 17)).to.equal(expire);
    buyer.send('D', nos('G2', '1', '1', '9.00', [[59, '6']]));
    const [noExpiry] = await reports(buyer, 1);
    expect(noExpiry && fields(noExpiry, 11, 150, 39)).to.deep.equal(['G2', '8', '8']);
    expect(noExpiry?.get(58)).to.match(/GTD needs ExpireTime\(126\)/);
  });

  it('K (trading halt): while ACME is halted its resting orders stay, a new order is refused (OrdRejReason 2, exchange closed) and so is a replace, a cancel is taken; once trading resumes the resting order trades', async () => {
    const now = (): bigint => BigInt(Date.now()) * 1000n;
    seller.send('D', nos('H1', '2', '10', '10.00'));
    const rested = await seller.expect('8');
    seller.send('D', nos('H2', '2', '5', '10.50'));
    await seller.expect('8');
    orderPath.runAdmin({ kind: 'SetTradingStatus', symbol: 'ACME', status: TradingStatus.Halted }, now());
    buyer.send('D', nos('B1', '1', '10', '10.00'));
    const refused = await buyer.expect('8');
    expect(fields(refused, 11, 150, 39, 103)).to.deep.equal(['B1', '8', '8', '2']);
    expect(refused.get(58)).to.match(/ACME is halted/);
    seller.send('G', [[11, 'H1R'], [41, 'H1'], [55, 'ACME'], [54, '2'], [60, fixTime()], [38, '10'], [40, '2'], [44, '10.10']]);
    expect(fields(await seller.expect('9'), 11, 41, 37, 39, 434)).to.deep.equal(['H1R', 'H1', rested.get(37), '0', '2']);
    seller.send('F', [[11, 'H2C'], [41, 'H2'], [55, 'ACME'], [54, '2'], [60, fixTime()], [38, '5']]);
    expect(fields(await seller.expect('8'), 11, 41, 150, 39)).to.deep.equal(['H2C', 'H2', '4', '4']);
    orderPath.runAdmin({ kind: 'SetTradingStatus', symbol: 'ACME', status: TradingStatus.Open }, now());
    buyer.send('D', nos('B2', '1', '10', '10.00'));
    const [ack, fill] = await reports(buyer, 2);
    expect(ack && fields(ack, 11, 150)).to.deep.equal(['B2', '0']);
    expect(fill && fields(fill, 150, 39, 32, 31)).to.deep.equal(['F', '2', '10', '10.00']);
    expect(fields(await seller.expect('8'), 11, 37, 150, 39, 32)).to.deep.equal(['H1', rested.get(37), 'F', '2', '10']);
  });

  it('a session bound to an account puts it on orders that give none and refuses another account, naming both', async () => {
    const bound = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.4', senderCompId: 'BOUND', targetCompId: GATEWAY });
    try {
      bound.logon();
      await bound.expect('A');
      bound.send('D', [[11, 'A1'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '1'], [40, '2'], [44, '9.00']]);
      const [own] = await reports(bound, 1);
      expect(own && fields(own, 11, 150, 1)).to.deep.equal(['A1', '0', 'ACC7']);
      bound.send('D', [[11, 'A2'], [1, 'ACC8'], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, '1'], [40, '2'], [44, '9.00']]);
      const [other] = await reports(bound, 1);
      expect(other && fields(other, 11, 150, 39)).to.deep.equal(['A2', '8', '8']);
      expect(other?.get(58)).to.equal('Account ACC8 is not the account ACC7 this session is bound to');
    } finally {
      bound.close();
    }
  });
});

describe('FIX order entry: ClOrdIDs are unique per session and UTC day', function () {
  this.timeout(20_000);

  it('after a restart, the ClOrdIDs the replay remembers count as used on their own day only: yesterday\'s are free, today\'s refused (OrdRejReason 6)', async () => {
    const orderEntry = new FixOrderEntry(new OrderPath(new MatchingEngine([ACME])), () => BigInt(Date.now()) * 1000n);
    const nowUs = BigInt(Date.now()) * 1000n;
    const sessionId = 'FIX.4.4:GW->BUYER';
    const journaled = (clientOrderId: string): PlaceOrder => ({ kind: 'PlaceOrder', sessionId, clientOrderId, account: 'ACC1', firm: 'F', symbol: 'ACME', side: Side.Buy, type: OrderType.Limit, timeInForce: TimeInForce.Day, qtyLots: qtyLots(1), priceTicks: priceTicks(200) });
    // What the replay hands over, in journal order: a command of yesterday, then one of today.
    orderEntry.remember(journaled('YDAY'), nowUs - 86_400_000_000n);
    orderEntry.remember(journaled('TDAY'), nowUs);
    const harness = await startHarness([sessionConfig({ targetCompId: 'BUYER' })], { orderEntry });
    const buyer = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.4', senderCompId: 'BUYER', targetCompId: GATEWAY });
    try {
      buyer.logon();
      await buyer.expect('A');
      buyer.send('D', nos('YDAY', '1', '5', '10.00'));
      expect((await buyer.expect('8')).get(150)).to.equal('0');
      buyer.send('D', nos('TDAY', '1', '5', '10.00'));
      expect(fields(await buyer.expect('8'), 11, 150, 103)).to.deep.equal(['TDAY', '8', '6']);
    } finally {
      buyer.close();
      await harness.close();
    }
  });

  /**
   * A buyer logged on to a gateway whose order path's clock the test moves a day on (nextDay); the session layer
   * keeps the real one (SendingTime checks).
   */
  const dayShiftedBuyer = async (): Promise<{ buyer: FixTestClient; harness: Harness; nextDay: () => void }> => {
    let dayOffsetUs = 0n;
    const orderEntry = new FixOrderEntry(new OrderPath(new MatchingEngine([ACME])), () => BigInt(Date.now()) * 1000n + dayOffsetUs);
    const harness = await startHarness([sessionConfig({ targetCompId: 'BUYER' })], { orderEntry });
    const buyer = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.4', senderCompId: 'BUYER', targetCompId: GATEWAY });
    buyer.logon();
    await buyer.expect('A');
    return { buyer, harness, nextDay: () => (dayOffsetUs += 86_400_000_000n) };
  };

  it('a ClOrdID used today is refused again today (OrdRejReason 6) and taken again once the order path\'s clock is in the next day', async () => {
    const { buyer, harness, nextDay } = await dayShiftedBuyer();
    try {
      // An IOC on an empty book: accepted, then cancelled; the order is gone, its ClOrdID stays used for the day.
      const ioc = (): F => nos('DAY1', '1', '5', '10.00', [[59, '3']]);
      buyer.send('D', ioc());
      expect([(await buyer.expect('8')).get(150), (await buyer.expect('8')).get(150)]).to.deep.equal(['0', '4']);
      buyer.send('D', ioc());
      const again = await buyer.expect('8');
      expect([again.get(150), again.get(103)]).to.deep.equal(['8', '6']);
      expect(again.get(58)).to.match(/ClOrdID DAY1 was already used on this session today/);
      nextDay();
      buyer.send('D', ioc());
      expect([(await buyer.expect('8')).get(150), (await buyer.expect('8')).get(150)]).to.deep.equal(['0', '4']);
    } finally {
      buyer.close();
      await harness.close();
    }
  });

  it('a ClOrdID of yesterday still held by a working GTC order is refused today (OrdRejReason 6) with that order\'s status, as F.1.a has it', async () => {
    const { buyer, harness, nextDay } = await dayShiftedBuyer();
    try {
      buyer.send('D', nos('GT1', '1', '7', '9.50', [[59, '1']]));
      const ack = await buyer.expect('8');
      expect(fields(ack, 150, 39, 59)).to.deep.equal(['0', '0', '1']);
      // The next day: the ClOrdID is free by the day rule, but the GTC order still works under it.
      nextDay();
      buyer.send('D', nos('GT1', '1', '3', '9.60'));
      const refused = await buyer.expect('8');
      expect(fields(refused, 11, 150, 103, 37, 39, 38, 151, 14)).to.deep.equal(['GT1', '8', '6', ack.get(37), '0', '7', '7', '0']);
      expect(refused.get(58)).to.equal('client order id GT1 is in use by a live order');
    } finally {
      buyer.close();
      await harness.close();
    }
  });
});
