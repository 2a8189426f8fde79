export { type AuditRecord, type ChainedRecord, GENESIS_HASH, HashChain, rowHash } from './audit-record';
export { type JournalStore, MemoryJournalStore, PostgresJournalStore, verifyChain, type ChainVerdict } from './journal-store';
export { JournalWriter, DEFAULT_JOURNAL_OPTIONS, type JournalWriterOptions } from './journal-writer';
export { auditRecordsOf } from './order-event-records';
