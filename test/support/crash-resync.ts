/**
 * What the crash tests' FIX client does after a gateway was killed: read what was left on the dropped connection, and
 * resynchronise with the restarted gateway (its resend, our gap fill for orders it never processed).
 */
import { expect } from 'chai';
import { FixTestClient, fixTime, type ReceivedMessage } from './fix-test-client';
import type { GatewayProcess } from './gateway-process';

/** After each crash test: its clients closed, and its gateway killed if it still runs. */
export async function cleanUp(clients: FixTestClient[], gateway: GatewayProcess | null): Promise<void> {
  for (const c of clients.splice(0)) c.close();
  if (gateway !== null && gateway.child.exitCode === null) {
    gateway.child.kill('SIGKILL');
    await gateway.exited();
  }
}

/**
 * A client logged on at `port` as `identity`, its next MsgSeqNum `nextSeq`; after a restart, with the
 * NextExpectedMsgSeqNum(789) it expects of the gateway. Kept in `clients` for cleanUp.
 */
export async function logOn(
  port: number,
  identity: { beginString: string; senderCompId: string; targetCompId: string },
  clients: FixTestClient[],
  nextSeq = 1,
  nextExpected?: number,
): Promise<{ client: FixTestClient; logon: ReceivedMessage }> {
  const client = await FixTestClient.connect(port, identity);
  clients.push(client);
  client.nextSeq = nextSeq;
  client.logon(30, nextExpected === undefined ? [[98, 0]] : [[98, 0], [789, nextExpected]]);
  return { client, logon: await client.expect('A', 30_000) };
}

/** Reads what is left after the connection dropped (or until `count` messages). */
export async function drain(client: FixTestClient): Promise<ReceivedMessage[]> {
  const out: ReceivedMessage[] = [];
  for (;;) {
    try {
      out.push(await client.next(200));
    } catch {
      return out;
    }
  }
}

/**
 * After our Logon: answers the gateway's ResendRequest for orders it never processed with a gap fill (they were
 * never acknowledged, so the client gives them up), and reads until every MsgSeqNum below the Logon's has come
 * again (as a report with PossDupFlag or inside a gap fill). Returns the resent reports. When the gateway's Logon
 * says it expects a lower number than ours (NextExpectedMsgSeqNum 789: it never read our last orders), its
 * ResendRequest comes too, after its own resend (its messages go out in order), and must be answered before it
 * takes anything new: an unanswered one left the mass cancel after the restart waiting.
 */
export async function resynchronise(client: FixTestClient, from: number, logon: ReceivedMessage): Promise<ReceivedMessage[]> {
  const reports: ReceivedMessage[] = [];
  let next = from;
  let resendRequestAnswered = !(Number(logon.get(789)) < client.nextSeq);
  while (next < logon.seq || !resendRequestAnswered) {
    const m = await client.next(15_000);
    if (m.msgType === '2') {
      const begin = Number(m.get(7));
      client.send('4', [[123, 'Y'], [36, client.nextSeq]], { seq: begin, extra: [[43, 'Y'], [122, fixTime()]] });
      resendRequestAnswered = true;
      continue;
    }
    if (m.get(43) !== 'Y' || m.seq < next) continue;
    expect(m.seq, 'no gap in the resend').to.equal(next);
    if (m.msgType === '4') next = Number(m.get(36));
    else {
      if (m.msgType === '8') reports.push(m);
      next = m.seq + 1;
    }
  }
  return reports;
}
