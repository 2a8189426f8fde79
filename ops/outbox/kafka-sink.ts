import { Kafka, logLevel, Partitioners, type LogEntry, type Message, type ProducerConfig, type ProducerRecord } from 'kafkajs';
import { OutboxError, type OutboxMessage, type OutboxSink } from '../../db';
import type { Logger } from '../log/logger';

/** The part of a kafkajs Producer the sink uses. */
export interface KafkaProducerPort {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(record: ProducerRecord): Promise<unknown>;
}

/** The part of a kafkajs Kafka client the sink uses: `new Kafka(...)` fits it. */
export interface KafkaClientPort {
  producer(config: ProducerConfig): KafkaProducerPort;
}

/** All in-sync replicas: the only setting an idempotent producer accepts. */
const ACKS_ALL = -1;

/**
 * Idempotent (the broker drops a retried duplicate), one request in flight (a retry cannot overtake the request
 * after it, so the order of a partition is the relay's order), and kafkajs's own unbounded retries for an
 * idempotent producer. The Java-compatible partitioner, so a key lands where a Java producer would put it.
 */
export const OUTBOX_PRODUCER_CONFIG: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};

function kafkaMessageOf(message: OutboxMessage): Message {
  return { key: message.key, value: message.value, headers: { ...message.headers }, timestamp: String(message.timestampMs) };
}

/**
 * The relay's sink to Kafka, kept thin: one `send` per batch, keyed by account, to one topic. Everything about
 * order, retries and positions is the relay's (db/outbox), tested without a broker.
 */
export class KafkaSink implements OutboxSink {
  private readonly producer: KafkaProducerPort;
  private connected: Promise<void> | null = null;

  constructor(client: KafkaClientPort, private readonly topic: string) {
    this.producer = client.producer(OUTBOX_PRODUCER_CONFIG);
  }

  /** A kafkajs client on `brokers` whose log lines go to `logger`. */
  static create(options: { readonly brokers: readonly string[]; readonly clientId: string; readonly topic: string; readonly logger: Logger }): KafkaSink {
    const client = new Kafka({ brokers: [...options.brokers], clientId: options.clientId, logLevel: logLevel.WARN, logCreator: () => (entry) => logKafka(options.logger, entry) });
    return new KafkaSink(client, options.topic);
  }

  async publish(messages: readonly OutboxMessage[]): Promise<void> {
    try {
      this.connected ??= this.producer.connect();
      await this.connected;
      await this.producer.send({ topic: this.topic, acks: ACKS_ALL, messages: messages.map(kafkaMessageOf) });
    } catch (e: unknown) {
      this.connected = null;
      const first = messages[0]?.seq;
      throw new OutboxError('GW_ERR_OUTBOX_PUBLISH_FAILED', `Kafka did not take ${messages.length} message(s) from journal seq ${first ?? '?'} for topic ${this.topic}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  async close(): Promise<void> {
    if (this.connected === null) return;
    this.connected = null;
    await this.producer.disconnect();
  }
}

/**
 * kafkajs's own lines at warn at most: while a broker is down it logs each connection retry, and the relay's one
 * error line per failed batch (ops/outbox-wiring.ts) is the one to alert on.
 */
function logKafka(logger: Logger, entry: LogEntry): void {
  const { message, stack: _stack, ...rest } = entry.log;
  const meta = { kafka: entry.namespace, ...rest };
  if (entry.level === logLevel.ERROR || entry.level === logLevel.WARN) logger.warn(message, meta);
  else logger.debug(message, meta);
}
