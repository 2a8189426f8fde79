/**
 * The one clock of the process (RTS 25): UTC microseconds as bigint. Date.now() has only milliseconds, so the
 * clock reads process.hrtime (ns, monotonic) anchored to the wall clock, re-anchors now and then so that it follows
 * the system's synchronised time (NTP/PTP), and never runs backwards.
 */
export interface Clock {
  nowUs(): bigint;
}

const REANCHOR_EVERY_NS = 10_000_000_000n;

export class SystemClock implements Clock {
  private anchorUs = 0n;
  private anchorHrNs = 0n;
  private lastUs = 0n;

  constructor() {
    this.anchor();
  }

  nowUs(): bigint {
    const hr = process.hrtime.bigint();
    if (hr - this.anchorHrNs > REANCHOR_EVERY_NS) this.anchor();
    const now = this.anchorUs + (hr - this.anchorHrNs) / 1000n;
    // A re-anchor may land slightly behind a time already handed out: hold until the clock passes it.
    this.lastUs = now > this.lastUs ? now : this.lastUs;
    return this.lastUs;
  }

  private anchor(): void {
    this.anchorHrNs = process.hrtime.bigint();
    this.anchorUs = BigInt(Date.now()) * 1000n;
  }
}
