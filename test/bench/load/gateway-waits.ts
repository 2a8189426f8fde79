/**
 * Where an order's time goes inside the gateway during a benchmark step, from the gateway's own Prometheus metrics
 * (`/metrics`) read before and after the step: each command's wait for its journal records' commit, the journal's
 * batch commits and the FIX session store's writes (the two database waits on an ExecutionReport's path), garbage collection, and the event loop's delay. Histograms give
 * the mean and the bucket that holds a quantile (its upper bound: "p99 at most").
 */

/** The metric lines bench:e2e reads, by full name with labels (`name{labels}`), as numbers. */
export type MetricsSnapshot = ReadonlyMap<string, number>;

const WANTED = /^gw_(journal_batch_|journal_release_wait_seconds|fix_store_write_seconds|nodejs_gc_duration_seconds_(sum|count)|nodejs_eventloop_lag_max_seconds)/;

/** The lines of a Prometheus text exposition that bench:e2e reads (comments and other metrics skipped). */
export function parseMetrics(text: string): MetricsSnapshot {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!WANTED.test(line)) continue;
    const space = line.lastIndexOf(' ');
    const value = Number(line.slice(space + 1));
    if (space > 0 && Number.isFinite(value)) out.set(line.slice(0, space), value);
  }
  return out;
}

export async function scrapeMetrics(httpUrl: string): Promise<MetricsSnapshot> {
  const response = await fetch(`${httpUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${httpUrl}/metrics answered ${response.status}`);
  return parseMetrics(await response.text());
}

export interface HistogramDelta {
  /** Observations in the step. */
  readonly count: number;
  readonly meanMs: number | null;
  /** The upper bound of the bucket that holds the median / the 99th percentile (ms); null when none or past the last bound. */
  readonly p50AtMostMs: number | null;
  readonly p99AtMostMs: number | null;
  /**
   * Observations above 10 ms and above 50 ms (from the buckets with those bounds; null without such a bucket). A
   * rare slow commit holds every order that arrives while it lasts: a few batches can make the orders' p99.
   */
  readonly over10Ms: number | null;
  readonly over50Ms: number | null;
}

export interface GatewayWaits {
  /** Per command, from appending its records to the journal to their commit: what its answers waited for durability. */
  readonly durableWait: HistogramDelta;
  /** The journal's batches: commit time (every release of its records waits for it) and records per batch. */
  readonly journalCommit: HistogramDelta;
  readonly recordsPerBatch: number | null;
  /** The session store's statements (each outbound message is sent after the one that stored it). */
  readonly storeWrite: HistogramDelta;
  /** Garbage collection pauses of the gateway's main thread, ms per second of the step, by kind (minor, major, incremental). */
  readonly gcMsPerSec: Readonly<Record<string, number>>;
  /** The event loop's largest delay (prom-client's monitor, 10 ms resolution) since the gateway started: not per step. */
  readonly eventLoopLagMaxMs: number | null;
}

const delta = (before: MetricsSnapshot, after: MetricsSnapshot, key: string): number => (after.get(key) ?? 0) - (before.get(key) ?? 0);

/** A histogram's observations between two snapshots, in ms (the metric is in seconds). */
export function histogramDelta(before: MetricsSnapshot, after: MetricsSnapshot, name: string): HistogramDelta {
  const count = delta(before, after, `${name}_count`);
  const sum = delta(before, after, `${name}_sum`);
  const buckets: { le: number; cumulative: number }[] = [];
  for (const key of after.keys()) {
    const match = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\}$`).exec(key);
    if (match === null || match[1] === '+Inf') continue;
    buckets.push({ le: Number(match[1]), cumulative: delta(before, after, key) });
  }
  buckets.sort((a, b) => a.le - b.le);
  const at = (q: number): number | null => {
    if (count === 0) return null;
    const bucket = buckets.find((b) => b.cumulative >= q * count);
    return bucket === undefined ? null : round(bucket.le * 1000);
  };
  const over = (ms: number): number | null => {
    const bucket = buckets.find((b) => Math.abs(b.le * 1000 - ms) < 1e-9);
    return bucket === undefined ? null : count - bucket.cumulative;
  };
  return { count, meanMs: count === 0 ? null : round((sum / count) * 1000), p50AtMostMs: at(0.5), p99AtMostMs: at(0.99), over10Ms: over(10), over50Ms: over(50) };
}

export function gatewayWaits(before: MetricsSnapshot, after: MetricsSnapshot, stepSec: number): GatewayWaits {
  const batches = delta(before, after, 'gw_journal_batch_records_count');
  const gcMsPerSec: Record<string, number> = {};
  for (const key of after.keys()) {
    const kind = /^gw_nodejs_gc_duration_seconds_sum\{kind="([^"]+)"\}$/.exec(key)?.[1];
    if (kind !== undefined) gcMsPerSec[kind] = round((delta(before, after, key) * 1000) / stepSec);
  }
  const lag = after.get('gw_nodejs_eventloop_lag_max_seconds');
  return {
    durableWait: histogramDelta(before, after, 'gw_journal_release_wait_seconds'),
    journalCommit: histogramDelta(before, after, 'gw_journal_batch_commit_seconds'),
    recordsPerBatch: batches === 0 ? null : round(delta(before, after, 'gw_journal_batch_records_sum') / batches),
    storeWrite: histogramDelta(before, after, 'gw_fix_store_write_seconds'),
    gcMsPerSec,
    eventLoopLagMaxMs: lag === undefined ? null : round(lag * 1000),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
