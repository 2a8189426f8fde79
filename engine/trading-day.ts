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
  /** The day remembered: [fromUs, endUs) as given, endUs also as a number. Empty until the first call. */
  private fromUs = 1n;
  private endUs = 0n;
  /**
   * Starts undefined, so V8 keeps the field tagged (a reference to one boxed number) rather than as a raw double:
   * a double field is boxed anew each time it is returned, 16 bytes per DAY order.
   */
  private endUsNumber: number | undefined = undefined;

  constructor(dayEndUs: (nowUs: bigint) => bigint) {
    this.dayEndUs = dayEndUs;
  }

  /**
   * The end of the trading day that holds `nowUs`, as a number (µs). Compares in BigInt: converting the time to a
   * number (a runtime call, ~30 ns) for every DAY order cost more than the two comparisons.
   */
  endOfDay(nowUs: bigint): number {
    const remembered = this.endUsNumber;
    if (remembered !== undefined && nowUs >= this.fromUs && nowUs < this.endUs) return remembered;
    this.fromUs = nowUs;
    this.endUs = this.dayEndUs(nowUs);
    const end = Number(this.endUs);
    this.endUsNumber = end;
    return end;
  }
}
