/** Messages that came early (sequence too high) wait here, bounded, until the gap before them is filled. */
const MAX_EARLY_MESSAGES = 10_000;

/**
 * The messages of a session that came with a MsgSeqNum above the expected one, kept (as bytes) until the gap before
 * them is filled, and the highest MsgSeqNum seen while recovering: recovery is over once the expected number is
 * past it and nothing waits.
 */
export class EarlyMessages {
  private readonly messages = new Map<number, Uint8Array>();
  private recoverUntil = 0;

  constructor(readonly limit = MAX_EARLY_MESSAGES) {}

  get full(): boolean {
    return this.messages.size >= this.limit;
  }

  keep(seq: number, bytes: Uint8Array): void {
    this.messages.set(seq, bytes);
  }

  /** A recovery must reach at least `seq`. */
  recoverTo(seq: number): void {
    this.recoverUntil = Math.max(this.recoverUntil, seq);
  }

  /** The message kept for `seq`, taken out of the queue. */
  take(seq: number): Uint8Array | undefined {
    const bytes = this.messages.get(seq);
    if (bytes !== undefined) this.messages.delete(seq);
    return bytes;
  }

  /** Drops what lies below `nextSeq` (a gap fill covered it); true when the recovery is complete. */
  settle(nextSeq: number): boolean {
    for (const seq of this.messages.keys()) if (seq < nextSeq) this.messages.delete(seq);
    const done = nextSeq > this.recoverUntil && this.messages.size === 0;
    if (done) this.recoverUntil = 0;
    return done;
  }

  clear(): void {
    this.messages.clear();
    this.recoverUntil = 0;
  }
}
