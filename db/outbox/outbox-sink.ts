import type { OutboxMessage } from './outbox-message';

/**
 * Where the relay hands its batches: Kafka in the process (ops' KafkaSink), a recording sink in tests. `publish`
 * resolves only when every message of the batch is durably taken (for Kafka: acknowledged by all in-sync
 * replicas); it rejects when any may not be, and the relay then publishes the same batch again.
 */
export interface OutboxSink {
  publish(messages: readonly OutboxMessage[]): Promise<void>;
}
