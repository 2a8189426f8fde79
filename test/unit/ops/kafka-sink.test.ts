import { expect } from 'chai';
import type { ProducerConfig, ProducerRecord } from 'kafkajs';
import { OutboxError, type OutboxMessage } from '../../../db';
import { KafkaSink, type KafkaClientPort, type KafkaProducerPort } from '../../../ops/outbox/kafka-sink';

/** The few calls of kafkajs's public Kafka and Producer API that the sink makes, recorded. */
class FakeKafka implements KafkaClientPort {
  readonly configs: ProducerConfig[] = [];
  readonly sent: ProducerRecord[] = [];
  connects = 0;
  disconnects = 0;
  failSends = 0;

  producer(config: ProducerConfig): KafkaProducerPort {
    this.configs.push(config);
    return {
      connect: async () => {
        this.connects += 1;
      },
      disconnect: async () => {
        this.disconnects += 1;
      },
      send: async (record) => {
        if (this.failSends > 0) {
          this.failSends -= 1;
          throw new Error('KafkaJSNumberOfRetriesExceeded');
        }
        this.sent.push(record);
        return [];
      },
    };
  }
}

const message = (seq: bigint, key: string): OutboxMessage => ({ key, value: `{"seq":"${seq}"}`, headers: { 'event-type': 'NEWO', 'chain-seq': `1:${seq}` }, timestampMs: 1_000, seq });

describe('KafkaSink', () => {
  it('builds an idempotent producer with one request in flight and sends each batch keyed by account, acks all', async () => {
    const kafka = new FakeKafka();
    const sink = new KafkaSink(kafka, 'gateway.order-events');
    expect(kafka.configs).to.have.length(1);
    expect(kafka.configs[0]).to.include({ idempotent: true, maxInFlightRequests: 1 });

    await sink.publish([message(1n, 'A1'), message(2n, '')]);
    await sink.publish([message(3n, 'A2')]);
    expect(kafka.connects).to.equal(1);
    expect(kafka.sent.map((r) => ({ topic: r.topic, acks: r.acks, keys: r.messages.map((m) => m.key) }))).to.deep.equal([
      { topic: 'gateway.order-events', acks: -1, keys: ['A1', ''] },
      { topic: 'gateway.order-events', acks: -1, keys: ['A2'] },
    ]);
    expect(kafka.sent[0]?.messages[0]).to.deep.equal({ key: 'A1', value: '{"seq":"1"}', headers: { 'event-type': 'NEWO', 'chain-seq': '1:1' }, timestamp: '1000' });
    await sink.close();
    expect(kafka.disconnects).to.equal(1);
  });

  it('rejects with GW_ERR_OUTBOX_PUBLISH_FAILED when Kafka does not take a batch, and connects again for the next', async () => {
    const kafka = new FakeKafka();
    const sink = new KafkaSink(kafka, 't');
    kafka.failSends = 1;
    const error = await sink.publish([message(7n, 'A1')]).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(OutboxError);
    expect((error as OutboxError).code).to.equal('GW_ERR_OUTBOX_PUBLISH_FAILED');
    await sink.publish([message(7n, 'A1')]);
    expect(kafka.connects).to.equal(2);
    expect(kafka.sent).to.have.length(1);
  });
});
