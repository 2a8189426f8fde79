const DAY_US = 86_400_000_000n;

/** The default end of the trading day: the next UTC midnight after `nowUs`. */
export function nextUtcMidnightUs(nowUs: bigint): bigint {
  return nowUs - (nowUs % DAY_US) + DAY_US;
}

/**
 * Remembers the last trading day end, so the engine asks the (pure) day-end function once a day, not once per
 * DAY order. The function must give the same end for every time from one day's end to the next.
 */
export class TradingDayClock {
  private readonly dayEndUs: (nowUs: bigint) => bigint;
  private fromUs = Number.POSITIVE_INFINITY;
  private endUs = Number.NEGATIVE_INFINITY;

  constructor(dayEndUs: (nowUs: bigint) => bigint) {
    this.dayEndUs = dayEndUs;
  }

  /** The end of the trading day that holds `nowUs` (µs as a number). */
  endOfDay(nowUs: number, nowUsBig: bigint): number {
    if (nowUs >= this.fromUs && nowUs < this.endUs) return this.endUs;
    this.fromUs = nowUs;
    this.endUs = Number(this.dayEndUs(nowUsBig));
    return this.endUs;
  }
}
