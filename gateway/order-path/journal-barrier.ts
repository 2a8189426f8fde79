import { auditRecordsOf, commandRecordOf, type JournalWriter } from '../../db';
import type { EngineCommand } from '../../engine/model';
import type { EventBarrier, SequencedEvent } from './order-path';

/**
 * The durability barrier on the audit journal: a command's events are released once their records are committed.
 * A command the engine ran is recorded first (commandRecordOf), in the same batch as its events, so that a
 * restart can run the journal's commands again and rebuild the books.
 */
export class JournalBarrier implements EventBarrier {
  constructor(private readonly journal: JournalWriter) {}

  record(command: EngineCommand, events: readonly SequencedEvent[], release: () => void, executedAtUs: bigint | null): void {
    const source = sourceOf(command);
    const records = auditRecordsOf(command, events, source);
    if (executedAtUs !== null) records.unshift(commandRecordOf(command, executedAtUs, events, source));
    this.journal.append(records, release);
  }

  admission(): string | null {
    return this.journal.admission();
  }
}

function sourceOf(command: EngineCommand): string {
  if (!('sessionId' in command)) return 'engine';
  if (command.channel === 'REST') return command.sessionId.startsWith('rest:') ? command.sessionId : `rest:${command.sessionId}`;
  return `fix:${command.sessionId}`;
}
