export { type AuditRecord, type ChainedRecord, GENESIS_HASH, HashChain, rowHash } from './audit-record';
export { type JournalStore, MemoryJournalStore, PostgresJournalStore, verifyChain, type ChainVerdict } from './journal-store';
export { JournalWriter, type BatchObserver, type ReleaseObserver, DEFAULT_JOURNAL_OPTIONS, DEFAULT_MAX_BACKLOG_RECORDS, DEFAULT_REFUSE_AFTER_MS, type JournalWriterOptions } from './journal-writer';
export { auditRecordsOf, COMMAND_EVENT_TYPE, commandRecordOf, decodeCommandRecord, fingerprintOrderId, fingerprintsOf } from './order-event-records';
export type { CommandRecord, EventFingerprint } from './order-event-records';
export { commandRecords, openLatches, replayPlan, riskRefusals, type ReplayPlan } from './command-log';
export type { OrderAfter, TradeSide } from './order-rows';
export { appendOpsEvent, OPS_CHAIN_ID, type OpsEvent } from './ops-events';
export { canonicalBytes } from './canonical-json';
