/**
 * An in-process FIX acceptor on a real TCP port, with the real session layer and a session store, for the session
 * acceptance tests. Its application side is a small test stand-in: every NewOrderSingle is answered with one
 * ExecutionReport (ExecType New) so that tests have application messages to resend.
 */
import { type JournalWriter, MemorySessionStore, type SessionStore } from '../../db';
import { MatchingEngine } from '../../engine';
import { defineInstrument } from '../../engine/model';
import { FixAcceptor } from '../../gateway/fix/acceptor';
import { decodeMessage, FixspecDecoder, FixspecSessionCodec } from '../../gateway/fix/codec/fixspec-codec';
import { FixSession } from '../../gateway/fix/session/fix-session';
import type { SessionMetrics } from '../../gateway/fix/session/session-deps';
import type { FixSessionConfig } from '../../gateway/fix/session/session-config';
import type { ApplicationHandler, DisconnectReason, InboundMessage, SessionHandle } from '../../gateway/fix/session/session-ports';
import { hashPassword } from '../../gateway/fix/session/password';
import { attachDropCopy, FixOrderEntry } from '../../gateway/fix/translate';
import { JournalBarrier, OrderPath } from '../../gateway/order-path';
import { FixTestClient } from './fix-test-client';

export const GATEWAY = 'GW';

export function sessionConfig(overrides: Partial<FixSessionConfig> = {}): FixSessionConfig {
  return {
    beginString: 'FIX.4.4',
    senderCompId: GATEWAY,
    targetCompId: 'CLIENT1',
    role: 'order-entry',
    resetOnLogon: false,
    store: 'memory',
    maxLatencySec: 120,
    timestampPrecision: 'ms',
    cancelOnDisconnect: false,
    logonTimeoutSec: 10,
    logoutTimeoutSec: 2,
    allowUserDefinedFields: false,
    ...overrides,
  };
}

export { hashPassword };

export interface RecordingApplication extends ApplicationHandler {
  readonly received: { sessionId: string; msgType: string; seq: number | undefined; clOrdId: string | undefined; possDup: boolean }[];
  readonly disconnects: { sessionId: string; reason: DisconnectReason }[];
}

function recordingApplication(): RecordingApplication {
  const received: RecordingApplication['received'] = [];
  const disconnects: RecordingApplication['disconnects'] = [];
  let execId = 0;
  return {
    received,
    disconnects,
    onApplicationMessage(session: SessionHandle, message: InboundMessage) {
      received.push({ sessionId: session.sessionId, msgType: message.msgType, seq: message.seq, clOrdId: message.getString(11), possDup: message.possDup });
      if (message.msgType === 'D') {
        execId += 1;
        session.sendApplication('8', [
          [37, `O${execId}`],
          [11, message.getString(11) ?? ''],
          [17, `E${execId}`],
          [150, '0'],
          [39, '0'],
          [55, message.getString(55) ?? ''],
          [54, message.getString(54) ?? '1'],
          [151, message.getString(38) ?? '0'],
          [14, 0],
          [6, 0],
        ]);
      }
    },
    onDisconnect(session: SessionHandle, reason: DisconnectReason) {
      disconnects.push({ sessionId: session.sessionId, reason });
    },
  };
}

const noMetrics: SessionMetrics = { messageIn: () => undefined, messageOut: () => undefined, resendServed: () => undefined, rejectSent: () => undefined, stateChanged: () => undefined };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface Harness {
  readonly port: number;
  readonly tlsPort: number | null;
  readonly sessions: readonly FixSession[];
  readonly store: SessionStore;
  readonly app: RecordingApplication;
  close(): Promise<void>;
  /** Abrupt stop, as a crash: sockets destroyed, nothing flushed, no Logout. */
  crash(): Promise<void>;
}

export async function startHarness(
  configs: readonly FixSessionConfig[],
  options: { store?: SessionStore; logonTimeoutMs?: number; nowUs?: () => bigint; orderEntry?: FixOrderEntry; orderPath?: OrderPath; maxConnections?: number } = {},
): Promise<Harness> {
  const store = options.store ?? new MemorySessionStore();
  const app = recordingApplication();
  const nowUs = options.nowUs ?? (() => BigInt(Date.now()) * 1000n);
  const sessions = configs.map(
    (config) =>
      new FixSession({
        config,
        store,
        codec: new FixspecSessionCodec({ beginString: config.beginString, senderCompId: config.senderCompId, targetCompId: config.targetCompId, timestampPrecision: config.timestampPrecision, dictionaryFile: config.dictionary, allowUserDefinedFields: config.allowUserDefinedFields }),
        nowUs,
        logger: quiet,
        metrics: noMetrics,
        application: config.role === 'order-entry' ? (options.orderEntry ?? app) : app,
      }),
  );
  for (const session of sessions) {
    if (session.config.role === 'order-entry') options.orderEntry?.attach(session);
    if (session.config.role === 'drop-copy' && options.orderPath !== undefined) attachDropCopy(options.orderPath, session);
  }
  const acceptor = new FixAcceptor({
    host: '127.0.0.1',
    port: 0,
    sessions,
    newDecoder: () => new FixspecDecoder(65_536),
    decode: decodeMessage,
    logger: quiet,
    logonTimeoutMs: options.logonTimeoutMs ?? 10_000,
    maxConnections: options.maxConnections ?? 100,
    tlsPort: 0,
  });
  const { port, tlsPort } = await acceptor.listen();
  return {
    port,
    tlsPort,
    sessions,
    store,
    app,
    close: () => acceptor.close(500),
    crash: async () => {
      acceptor.destroy();
      await new Promise((r) => setTimeout(r, 50));
    },
  };
}

/**
 * Order entry over a journal: one session C1 (firm F1, account A1) on an engine with ACME (USD, tick 0.01), the
 * order path's events released by `journal`, and a FIX 4.4 client logged on to it.
 */
export async function journaledOrderEntry(journal: JournalWriter): Promise<{ readonly harness: Harness; readonly client: FixTestClient }> {
  const engine = new MatchingEngine([defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' })]);
  const nowUs = (): bigint => BigInt(Date.now()) * 1000n;
  const orderPath = new OrderPath(engine, undefined, new JournalBarrier(journal));
  const harness = await startHarness([sessionConfig({ targetCompId: 'C1', firm: 'F1', account: 'A1' })], { orderEntry: new FixOrderEntry(orderPath, nowUs), orderPath, nowUs });
  const client = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.4', senderCompId: 'C1', targetCompId: GATEWAY });
  client.logon();
  await client.expect('A');
  return { harness, client };
}
