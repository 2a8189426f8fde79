export { OutboxError, type OutboxErrorCode } from './errors';
export { accountOf, isPublished, isoMicros, OUTBOX_SCHEMA, outboxMessageOf, type JournalRow, type OutboxEventDocument, type OutboxMessage } from './outbox-message';
export type { OutboxSink } from './outbox-sink';
export { PostgresOutboxPositionStore, type OutboxPositionStore } from './outbox-position-store';
export { DEFAULT_OUTBOX_RELAY_OPTIONS, OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
