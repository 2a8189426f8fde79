import { MemorySessionStore, PostgresSessionStore, type Database, type SessionStore } from '../db';
import {
  BusinessRejectReason,
  FixAcceptor,
  FixSessionDirectory,
  FixSession,
  FixspecDecoder,
  FixspecSessionCodec,
  decodeMessage,
  type ApplicationHandler,
  type FixOrderEntry,
  type OrderPath,
  attachDropCopy,
  type FixSessionConfig,
} from '../gateway';
import type { Clock } from './clock';
import type { GatewayConfig } from './config';
import type { Logger } from './log/logger';
import { FixMetrics } from './metrics/fix-metrics';
import type { GatewayMetrics } from './metrics/registry';

/** Sessions whose role takes no order entry answer application messages with a BusinessMessageReject. */
const noOrderPath: ApplicationHandler = {
  onApplicationMessage(session, message) {
    session.sendBusinessReject(message.msgType, message.seq ?? 0, BusinessRejectReason.ApplicationNotAvailable, 'no application handler for this session role');
  },
};

export interface FixWiring {
  readonly acceptor: FixAcceptor;
  readonly sessions: readonly FixSession[];
  readonly directory: FixSessionDirectory;
}

/** Builds the sessions of the config (each with its store) and the acceptor that serves them on one port. */
export function createFixAcceptor(
  config: Readonly<GatewayConfig>,
  deps: { readonly database: Database; readonly clock: Clock; readonly logger: Logger; readonly metrics: GatewayMetrics; readonly orderEntry?: FixOrderEntry; readonly orderPath?: OrderPath },
): FixWiring {
  const fixMetrics = new FixMetrics(deps.metrics.registry);
  const databaseStore = new PostgresSessionStore(deps.database);
  const memoryStore = new MemorySessionStore();
  const logger = deps.logger.child({ module: 'fix' });
  const entries = config.fix.sessions.map((sessionConfig: FixSessionConfig) => {
    const store: SessionStore = sessionConfig.store === 'memory' ? memoryStore : databaseStore;
    const session = new FixSession({
      config: sessionConfig,
      store,
      codec: new FixspecSessionCodec({
        beginString: sessionConfig.beginString,
        senderCompId: sessionConfig.senderCompId,
        targetCompId: sessionConfig.targetCompId,
        timestampPrecision: sessionConfig.timestampPrecision,
        dictionaryFile: sessionConfig.dictionary,
        allowUserDefinedFields: sessionConfig.allowUserDefinedFields,
      }),
      nowUs: () => deps.clock.nowUs(),
      logger,
      metrics: fixMetrics,
      application: sessionConfig.role === 'order-entry' && deps.orderEntry !== undefined ? deps.orderEntry : noOrderPath,
    });
    if (sessionConfig.role === 'order-entry') deps.orderEntry?.attach(session);
    if (sessionConfig.role === 'drop-copy' && deps.orderPath !== undefined) attachDropCopy(deps.orderPath, session);
    return { session, store };
  });
  const sessions = entries.map((e) => e.session);
  const acceptor = new FixAcceptor({
    host: config.fix.host,
    port: config.fix.port,
    tlsPort: config.fix.tlsPort,
    sessions,
    newDecoder: () => new FixspecDecoder(config.fix.maxMessageBytes),
    decode: decodeMessage,
    logger,
    logonTimeoutMs: Math.min(...config.fix.sessions.map((s) => s.logonTimeoutSec), 30) * 1000,
    maxConnections: config.fix.maxConnections,
    onGarbled: () => fixMetrics.garbledMessage(),
  });
  return { acceptor, sessions, directory: new FixSessionDirectory(entries) };
}
