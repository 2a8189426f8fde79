import { type Database, DEFAULT_OUTBOX_RELAY_OPTIONS, OutboxRelay } from '../db';
import type { GatewayConfig } from './config';
import type { Logger } from './log/logger';
import type { GatewayMetrics } from './metrics/registry';
import { OutboxMetrics } from './metrics/outbox-metrics';
import { KafkaSink } from './outbox/kafka-sink';
import { CHAIN_ID, type OrderWiring } from './order-wiring';

export interface OutboxWiring {
  readonly relay: OutboxRelay;
  /** Stops the relay (the batch in flight is finished, up to a grace period) and disconnects the producer. */
  stop(): Promise<void>;
}

/** How long a stop lets the batch in flight finish before the producer is disconnected under it. */
const STOP_GRACE_MS = 3_000;

/**
 * The Kafka outbox when `kafka.brokers` is set: a relay from the order path's journal chain to the topic, started
 * after recovery (everything it reads is committed), nudged by each release of events, and polling besides (risk
 * audit events are journaled without a release).
 */
export function startOutboxRelay(config: Readonly<GatewayConfig>, database: Database, orders: OrderWiring, logger: Logger, metrics: GatewayMetrics): OutboxWiring | null {
  const kafka = config.kafka;
  if (kafka.brokers.length === 0) return null;
  const outboxLogger = logger.child({ module: 'outbox' });
  const sink = KafkaSink.create({ brokers: kafka.brokers, clientId: kafka.clientId, topic: kafka.topic, logger: outboxLogger });
  // Read at scrape time, after the relay below exists.
  const outboxMetrics = new OutboxMetrics(metrics.registry, () => {
    const lag = orders.journal.committed - relay.position;
    return lag > 0n ? Number(lag) : 0;
  });
  const relay = new OutboxRelay(database, sink, {
    ...DEFAULT_OUTBOX_RELAY_OPTIONS,
    chainId: CHAIN_ID,
    batchSize: kafka.batchSize,
    pollIntervalMs: kafka.pollIntervalMs,
    onError: (e, attempt) => {
      outboxMetrics.failures.inc();
      // The first failure and then one in ten: a broker down for minutes should not flood the log.
      if (attempt === 1 || attempt % 10 === 0) outboxLogger.error('outbox relay step failed; retrying, the position does not move', { attempt, error: e instanceof Error ? e.message : String(e) });
    },
    onPublished: (messages) => outboxMetrics.published.inc(messages),
  });
  orders.orderPath.subscribe({ deliver: () => relay.nudge() });
  relay.start();
  outboxLogger.info('outbox relay started', { brokers: kafka.brokers, topic: kafka.topic, chainId: CHAIN_ID });
  return {
    relay,
    async stop() {
      const stopped = relay.stop();
      const settled = await Promise.race([stopped.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), STOP_GRACE_MS).unref())]);
      // A send still in flight fails with the disconnect: its batch's position is not stored, so it goes again at the next start.
      await sink.close().catch((e: unknown) => outboxLogger.warn('Kafka producer did not disconnect cleanly', { error: e instanceof Error ? e.message : String(e) }));
      if (!settled) await stopped;
    },
  };
}
