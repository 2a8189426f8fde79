import type { SessionStore } from '../../../db';
import type { SessionLogger } from './session-deps';

/** Writes the inbound sequence number behind the traffic, one write at a time, a burst coalesced into one. */
export class InboundSequenceWriter {
  private last: Promise<void> = Promise.resolve();
  private pending: number | null = null;

  constructor(private readonly store: SessionStore, private readonly sessionId: string, private readonly logger: SessionLogger) {}

  record(nextTargetSeq: number): void {
    const queued = this.pending !== null;
    this.pending = nextTargetSeq;
    if (queued) return;
    this.last = this.last.then(async () => {
      const value = this.pending;
      this.pending = null;
      if (value === null) return;
      try {
        await this.store.recordInbound(this.sessionId, value);
      } catch (e: unknown) {
        this.logger.error('could not store the inbound sequence number', { sessionId: this.sessionId, error: e instanceof Error ? e.message : String(e) });
      }
    });
  }

  drained(): Promise<void> {
    return this.last;
  }
}
