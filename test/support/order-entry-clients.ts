/**
 * What the FIX order-entry acceptance tests share: a gateway's order entry on one instrument (ACME, USD, tick 0.05)
 * with FIX 4.4 clients BUYER and SELLER logged on, and the messages and fields they send and read.
 */
import { MatchingEngine } from '../../engine';
import { defineInstrument, type Instrument } from '../../engine/model';
import type { FixSessionConfig } from '../../gateway/fix';
import { FixOrderEntry } from '../../gateway/fix/translate';
import { OrderPath } from '../../gateway/order-path';
import { FixTestClient, fixTime, type ReceivedMessage } from './fix-test-client';
import { GATEWAY, sessionConfig, startHarness, type Harness } from './fix-harness';

/** A FIX message body as the test client sends it. */
export type F = [number, string | number][];

export const ACME: Instrument = defineInstrument({ symbol: 'ACME', isin: 'US0000000001', currency: 'USD', tickSize: '0.05', lotSize: '1' });

/** A NewOrderSingle: a limit order of ACC1 on ACME. */
export const nos = (id: string, side: '1' | '2', qty: string, price: string, extra: F = []): F => [[11, id], [1, 'ACC1'], [55, 'ACME'], [54, side], [60, fixTime()], [38, qty], [40, '2'], [44, price], ...extra];

/** The values of some tags of a message, in order. */
export const fields = (m: ReceivedMessage, ...tags: number[]): (string | undefined)[] => tags.map((t) => m.get(t));

/**
 * A BUYER session and `others` (SELLER among them; drop-copy sessions get their copies) on a fresh engine, with FIX
 * 4.4 clients BUYER and SELLER logged on; `orderPath` for what an operator does (halts, expiry, trade amendments).
 */
export async function buyerAndSeller(others: readonly FixSessionConfig[]): Promise<{ harness: Harness; buyer: FixTestClient; seller: FixTestClient; orderPath: OrderPath }> {
  const nowUs = (): bigint => BigInt(Date.now()) * 1000n;
  const orderPath = new OrderPath(new MatchingEngine([ACME]));
  const harness = await startHarness([sessionConfig({ targetCompId: 'BUYER' }), ...others], { orderEntry: new FixOrderEntry(orderPath, nowUs), orderPath, nowUs });
  const buyer = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.4', senderCompId: 'BUYER', targetCompId: GATEWAY });
  const seller = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.4', senderCompId: 'SELLER', targetCompId: GATEWAY });
  buyer.logon();
  seller.logon();
  await buyer.expect('A');
  await seller.expect('A');
  return { harness, buyer, seller, orderPath };
}

/** A client of session `compId` logged on to the harness, kept in `clients` for the test to close. */
export async function loggedOn(harness: Harness, beginString: string, compId: string, clients: FixTestClient[]): Promise<FixTestClient> {
  const client = await FixTestClient.connect(harness.port, { beginString, senderCompId: compId, targetCompId: GATEWAY });
  clients.push(client);
  client.logon();
  await client.expect('A');
  return client;
}
