/**
 * After a crash a FIX client cannot know which of its last orders the gateway took: those it never heard of, and
 * even those whose acknowledgement was lost. It sends them again with PossResend(97)=Y (FIX 4.4 Vol. 4 Appendix D
 * F.1.b), and each ClOrdID must come to one order: an order the journal holds is confirmed with its current state
 * (ExecType I, its OrderID), one it does not is taken as new. The used ClOrdIDs the gateway checks this against are
 * the ones the restart rebuilt from the journal.
 */
import { expect } from 'chai';
import { appendFileSync } from 'node:fs';
import { cleanUp, drain, logOn, resynchronise } from '../support/crash-resync';
import { type FixTestClient, fixTime, type ReceivedMessage } from '../support/fix-test-client';
import { acmeGatewayConfig, startGateway, type GatewayProcess } from '../support/gateway-process';

const DESK = { beginString: 'FIX.4.4', senderCompId: 'DESK', targetCompId: 'GW' };
const ORDERS = 3_000;

describe('gateway process: SIGKILL, restart, and orders sent again with PossResend come to one order each', function () {
  this.timeout(120_000);
  let gateway: GatewayProcess | null = null;
  const clients: FixTestClient[] = [];
  afterEach(() => cleanUp(clients, gateway));

  it('every order sent before the kill, sent again with PossResend=Y: confirmed (ExecType I, the same OrderID) if the gateway had it, new otherwise; a mass cancel then finds exactly one order per ClOrdID', async () => {
    const { dir, config } = acmeGatewayConfig('gw-crash-possresend-', ['{ beginString: FIX.4.4, senderCompId: GW, targetCompId: DESK, role: order-entry, account: ACC1, store: database }']);
    const env = { GW_DATA_DIR: dir, GW_HTTP_PORT: '0' };
    const connect = (port: number, nextSeq = 1, nextExpected?: number): Promise<{ client: FixTestClient; logon: ReceivedMessage }> => logOn(port, DESK, clients, nextSeq, nextExpected);
    // Bids only, at prices that never cross: every order the gateway takes rests, so each is still working at the end.
    const order = (i: number): [number, string | number][] => [[11, `R${i}`], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, 1 + (i % 7)], [40, '2'], [44, `9.${String(i % 100).padStart(2, '0')}`]];

    gateway = startGateway(['--config', config], env);
    let port = Number(String((await gateway.waitForLog('gateway ready', 60_000)).fix).split(':').pop());
    const desk = await connect(port);
    for (let i = 1; i <= ORDERS; i += 1) desk.client.send('D', order(i));
    const before: ReceivedMessage[] = [];
    while (before.length < 50) {
      const m = await desk.client.next(30_000);
      if (m.msgType === '8') before.push(m);
    }
    gateway.child.kill('SIGKILL');
    await gateway.exited();
    before.push(...(await drain(desk.client)).filter((m) => m.msgType === '8'));
    expect(before.length, 'killed while orders were still coming in').to.be.below(ORDERS);

    gateway = startGateway(['--config', config], env);
    const ready = await gateway.waitForLog('gateway ready', 60_000);
    port = Number(String(ready.fix).split(':').pop());
    const lastSeen = Math.max(...before.map((m) => m.seq));
    const back = await connect(port, desk.client.nextSeq, lastSeen + 1);
    const acks = [...before, ...(await resynchronise(back.client, lastSeen + 1, back.logon))].filter((m) => m.get(150) === '0');
    const orderIdOf = new Map(acks.map((m) => [m.get(11), m.get(37)]));
    expect(orderIdOf.size, 'some orders were taken before the kill').to.be.above(0);
    expect(orderIdOf.size, 'and some were not').to.be.below(ORDERS);
    // The restart's recovery on /metrics: a command per order taken, each one resting.
    const metrics = await (await fetch(`${String(ready.http)}/metrics`)).text();
    expect([/^gw_recovery_replayed_commands (\d+)$/m, /^gw_recovery_live_orders (\d+)$/m].map((re) => Number(re.exec(metrics)?.[1]))).to.deep.equal([orderIdOf.size, orderIdOf.size]);
    expect(Number(/^gw_recovery_replay_seconds (\S+)$/m.exec(metrics)?.[1])).to.be.above(0);

    for (let i = 1; i <= ORDERS; i += 1) back.client.send('D', order(i), { extra: [[97, 'Y']] });
    const answers = new Map<string, ReceivedMessage>();
    while (answers.size < ORDERS) {
      const m = await back.client.next(30_000);
      if (m.msgType === '8') answers.set(m.get(11) ?? '', m);
    }
    for (let i = 1; i <= ORDERS; i += 1) {
      const answer = answers.get(`R${i}`);
      const known = orderIdOf.get(`R${i}`);
      if (known === undefined) expect(answer && [answer.get(150), answer.get(39)], `R${i} taken as new`).to.deep.equal(['0', '0']);
      else expect(answer && [answer.get(150), answer.get(39), answer.get(37)], `R${i} confirmed`).to.deep.equal(['I', '0', known]);
    }

    back.client.send('q', [[11, 'MC1'], [530, '7'], [60, fixTime()]]);
    const cancelled = new Set<string>();
    for (;;) {
      const m = await back.client.next(30_000);
      if (m.msgType === '8' && m.get(150) === '4') cancelled.add(m.get(11) ?? '');
      if (m.msgType === 'r') {
        expect(Number(m.get(533))).to.equal(ORDERS);
        break;
      }
    }
    expect(cancelled.size).to.equal(ORDERS);
  });

  it('a ClOrdID refused by pre-trade risk before the kill is still used after the restart (OrdRejReason 6), as it was before it', async () => {
    const { dir, config } = acmeGatewayConfig('gw-crash-riskclordid-', ['{ beginString: FIX.4.4, senderCompId: GW, targetCompId: DESK, role: order-entry, account: ACC1, store: database }']);
    appendFileSync(config, '\nrisk:\n  limits:\n    - { scope: account, id: ACC1, maxOrderQty: "100" }\n');
    const env = { GW_DATA_DIR: dir, GW_HTTP_PORT: '0' };
    const order = (id: string, qty: number): [number, string | number][] => [[11, id], [55, 'ACME'], [54, '1'], [60, fixTime()], [38, qty], [40, '2'], [44, '9.50']];
    let lastSeen = 1;
    const answer = async (client: FixTestClient, id: string): Promise<(string | undefined)[]> => {
      for (;;) {
        const m = await client.next(30_000);
        lastSeen = Math.max(lastSeen, m.seq);
        if (m.msgType === '8' && m.get(11) === id) return [m.get(150), m.get(103)];
      }
    };

    gateway = startGateway(['--config', config], env);
    let port = Number(String((await gateway.waitForLog('gateway ready', 60_000)).fix).split(':').pop());
    const desk = await logOn(port, DESK, clients);
    desk.client.send('D', order('BIG', 500));
    expect(await answer(desk.client, 'BIG')).to.deep.equal(['8', '3']);
    desk.client.send('D', order('BIG', 5));
    expect(await answer(desk.client, 'BIG'), 'refused as a duplicate before the kill').to.deep.equal(['8', '6']);
    gateway.child.kill('SIGKILL');
    await gateway.exited();

    gateway = startGateway(['--config', config], env);
    port = Number(String((await gateway.waitForLog('gateway ready', 60_000)).fix).split(':').pop());
    const back = await logOn(port, DESK, clients, desk.client.nextSeq, lastSeen + 1);
    await resynchronise(back.client, lastSeen + 1, back.logon);
    back.client.send('D', order('BIG', 5));
    expect(await answer(back.client, 'BIG'), 'refused as a duplicate after the restart').to.deep.equal(['8', '6']);
    back.client.send('D', order('SMALL', 5));
    expect(await answer(back.client, 'SMALL')).to.deep.equal(['0', undefined]);
  });
});
