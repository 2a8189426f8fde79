/** Histogram buckets (s) of a database wait on the order path: from sub-millisecond on an idle server to the seconds of a struggling one. */
export const DATABASE_WAIT_SECONDS_BUCKETS: readonly number[] = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
