/** The order path's bigint µs clock as a double, without allocating (risk converts the clock of every command). */
const clockWords = new BigInt64Array(1);
const clockHigh = new Int32Array(clockWords.buffer);
const clockLow = new Uint32Array(clockWords.buffer);
const clockNumber = new Float64Array(1);

/**
 * A µs timestamp (a command's bigint clock) as a double, allocating nothing: Number() of a bigint returns a new
 * HeapNumber (16 B) on every call where it is not inlined away, and risk converts the clock of every command.
 * Exact for any |us| < 2^53. Little-endian words (every platform Node runs on). A double returned from a call
 * that is not inlined is boxed too: where that may happen, writeUsAsNumber puts it in a Float64Array instead.
 */
export function usAsNumber(us: bigint): number {
  writeUsAsNumber(clockNumber, 0, us);
  return clockNumber[0] ?? 0;
}

/** usAsNumber(us) written to into[at]: nothing is returned, so nothing is boxed, inlined or not. */
export function writeUsAsNumber(into: Float64Array, at: number, us: bigint): void {
  clockWords[0] = us;
  into[at] = (clockHigh[1] ?? 0) * 4_294_967_296 + (clockLow[0] ?? 0);
}
