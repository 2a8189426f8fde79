import { auditRecordsOf, type JournalWriter } from '../../db';
import type { OrderCommand } from '../../engine/model';
import type { EventBarrier, SequencedEvent } from './order-path';

/** The durability barrier on the audit journal: a command's events are released once their records are committed. */
export class JournalBarrier implements EventBarrier {
  constructor(private readonly journal: JournalWriter) {}

  record(command: OrderCommand, events: readonly SequencedEvent[], release: () => void): void {
    const source = command.channel === 'REST' ? `rest:${command.sessionId}` : `fix:${command.sessionId}`;
    this.journal.append(auditRecordsOf(command, events, source), release);
  }
}
