import { expect } from 'chai';
import { appendFileSync } from 'node:fs';
import { ApiKeyRepository, Database, EmbeddedPostgres, FirmRepository, migrate } from '../../db';
import { newApiKeySecret } from '../../gateway/rest';
import { acmeGatewayConfig, startGateway, type GatewayProcess } from '../support/gateway-process';

const ORDERS = 240;
const IN_FLIGHT = 40;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface OrderAnswer {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly status: string;
  readonly filledQty: string;
  readonly fills: readonly { readonly quantity: string; readonly liquidity: string }[];
}

/** The body of order i: two bids for every offer at one price, so orders trade all along and the book grows. */
function orderBody(i: number): Record<string, string> {
  const sell = i % 3 === 0;
  return { account: 'ACC1', symbol: 'ACME', side: sell ? 'SELL' : 'BUY', type: 'LIMIT', quantity: sell ? '3' : '2', price: '10.00' };
}

/**
 * A REST client does what Idempotency-Key is for: when the gateway dies under it, it sends every request that got no
 * answer again, with the same key, once the gateway is back. Each key must then come to exactly one order (the one
 * placed before the crash, or one placed now), and a repeat must get an answer: before, a key claimed by the process
 * that died stayed "still running" (409) until its retention ran out, and the client could neither learn nor retry.
 */
describe('gateway process: SIGKILL under REST load, restart, and every Idempotency-Key comes to one order', function () {
  this.timeout(180_000);
  let gateway: GatewayProcess | null = null;
  afterEach(async () => {
    if (gateway !== null && gateway.child.exitCode === null) {
      gateway.child.kill('SIGKILL');
      await gateway.exited();
    }
  });

  it('repeats after the restart are answered (201) with the order placed before the crash, or place it once now', async () => {
    const { dir, config } = acmeGatewayConfig('gw-rest-crash-', ['{ beginString: FIX.4.4, senderCompId: GW, targetCompId: DESK, role: order-entry }']);
    appendFileSync(config, '\nrest:\n  rateLimitPerApiKey: 100000\n');
    const key = newApiKeySecret();
    const embedded = await EmbeddedPostgres.start({ dataDir: dir, maxConnections: 2 });
    const setup = new Database({ connectionString: embedded.connectionString, poolSize: 1, logger: quiet, label: 'setup' });
    try {
      await migrate(setup);
      const firms = new FirmRepository(setup);
      await firms.createFirm({ firmId: 'FIRM1', name: 'Firm one', lei: null });
      await firms.createAccount({ accountId: 'ACC1', firmId: 'FIRM1', name: 'Account one' });
      await new ApiKeyRepository(setup).create({ keyId: key.keyId, label: 'desk', secretHash: key.secretHash, roles: ['trader'], firmId: null, accounts: ['ACC1'], ipAllowList: [], createdBy: null });
    } finally {
      await setup.close();
      await embedded.stop();
    }
    const headers = (i: number): Record<string, string> => ({ authorization: `ApiKey ${key.keyId}.${key.secret}`, 'content-type': 'application/json', 'idempotency-key': `order-${i}` });
    const env = { GW_DATA_DIR: dir, GW_HTTP_PORT: '0' };

    gateway = startGateway(['--config', config], env);
    let base = String((await gateway.waitForLog('gateway ready', 60_000)).http);
    const first = new Map<number, OrderAnswer>();
    let sent = 0;
    let killed = false;
    const post = async (i: number, url: string): Promise<{ status: number; replayed: string | null; body: unknown }> => {
      const response = await fetch(`${url}/api/v1/orders`, { method: 'POST', headers: headers(i), body: JSON.stringify(orderBody(i)) });
      return { status: response.status, replayed: response.headers.get('idempotent-replayed'), body: await response.json() };
    };
    // IN_FLIGHT requests at a time; the gateway is killed once a fifth of the orders are answered.
    const worker = async (): Promise<void> => {
      while (sent < ORDERS && !killed) {
        sent += 1;
        const i = sent;
        try {
          const answer = await post(i, base);
          if (answer.status === 201) first.set(i, answer.body as OrderAnswer);
          else throw new Error(`order ${i}: ${answer.status} ${JSON.stringify(answer.body)}`);
        } catch (e: unknown) {
          if (!killed) throw e;
        }
        if (!killed && first.size >= ORDERS / 5) {
          killed = true;
          gateway?.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    await gateway.exited();
    expect(first.size, 'killed while orders were still coming in').to.be.below(ORDERS);

    gateway = startGateway(['--config', config], env);
    base = String((await gateway.waitForLog('gateway ready', 60_000)).http);
    const orderOf = new Map<number, string>();
    const statuses = new Map<number, number>();
    for (let i = 1; i <= ORDERS; i += 1) {
      const again = await post(i, base);
      statuses.set(again.status, (statuses.get(again.status) ?? 0) + 1);
      if (again.status !== 201) continue;
      const answer = again.body as OrderAnswer;
      orderOf.set(i, answer.orderId);
      const before = first.get(i);
      if (before !== undefined) {
        // Answered before the crash: the repeat is that answer, stored with its key.
        expect(again.replayed, `order ${i}`).to.equal('true');
        expect(answer).to.deep.include({ orderId: before.orderId, clientOrderId: before.clientOrderId });
      } else if (again.replayed === 'true') {
        // Placed before the crash, never answered: found, with the fills it took on arrival (within what it filled since).
        expect(answer.fills.every((f) => f.liquidity === 'TAKER'), `order ${i}`).to.equal(true);
        expect(answer.fills.reduce((sum, f) => sum + Number(f.quantity), 0)).to.be.at.most(Number(answer.filledQty));
      }
    }
    expect(Object.fromEntries(statuses), 'every repeat answered 201').to.deep.equal({ 201: ORDERS });

    // One order per key: every order of the account (working and done) is the answer of exactly one key.
    const listed: string[] = [];
    let cursor = '';
    for (;;) {
      const page = await fetch(`${base}/api/v1/orders?account=ACC1&limit=500${cursor}`, { headers: headers(0) });
      const json = (await page.json()) as { orders: { orderId: string }[]; nextCursor: string | null };
      listed.push(...json.orders.map((o) => o.orderId));
      if (json.nextCursor === null) break;
      cursor = `&cursor=${json.nextCursor}`;
    }
    expect([...listed].sort()).to.deep.equal([...orderOf.values()].sort());
    expect(new Set(listed).size).to.equal(ORDERS);

    // A second round of repeats answers the same orders again, each now from its stored answer.
    for (const i of [1, Math.floor(ORDERS / 2), ORDERS]) {
      const third = await post(i, base);
      expect([third.status, third.replayed, (third.body as OrderAnswer).orderId]).to.deep.equal([201, 'true', orderOf.get(i)]);
    }
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited(30_000)).to.equal(0);
  });
});
