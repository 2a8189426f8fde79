/**
 * Tells each observer (a metric) of something that happened on the write path. One that throws neither stops the
 * others nor the writer: what it was told of is already committed, and its callers still have to be released.
 */
export function tellAll<Args extends unknown[]>(observers: readonly ((...args: Args) => void)[], ...args: Args): void {
  for (const observer of observers) {
    try {
      observer(...args);
    } catch {
      // a metric's failure holds nothing back
    }
  }
}
