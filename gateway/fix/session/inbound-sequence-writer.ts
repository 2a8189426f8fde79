import type { SessionStore } from '../../../db';
import type { SessionLogger } from './session-deps';

/**
 * How long an inbound sequence number waits before it is written. Every answered message's number is stored anyway
 * with its answer (SessionStore.recordOutbound takes nextTargetSeq), so this write only covers messages that get no
 * answer (Heartbeats, a burst's tail). Written at once it ran beside nearly every outbound write and, updating the
 * same fix_session row, held that row's lock through its own commit: the outbound write, on the report's path,
 * waited for it (about 1-3 ms an order at low rates on this machine).
 */
export const INBOUND_WRITE_DELAY_MS = 100;

/**
 * Writes the inbound sequence number behind the traffic, one write at a time: what arrives within the delay is
 * coalesced into one write. A crash within it only makes the restart ask again for messages that got no answer,
 * which the client gap-fills or sends again (PossDupFlag) and duplicate ClOrdIDs refuse.
 */
export class InboundSequenceWriter {
  private last: Promise<void> = Promise.resolve();
  private pending: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: SessionStore,
    private readonly sessionId: string,
    private readonly logger: SessionLogger,
    private readonly delayMs = INBOUND_WRITE_DELAY_MS,
  ) {}

  record(nextTargetSeq: number): void {
    this.pending = nextTargetSeq;
    if (this.timer !== null) return;
    this.timer = setTimeout(() => this.write(), this.delayMs);
    this.timer.unref();
  }

  /** Writes what waits now, and resolves when every write so far is done. */
  drained(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.write();
    }
    return this.last;
  }

  private write(): void {
    this.timer = null;
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
}
