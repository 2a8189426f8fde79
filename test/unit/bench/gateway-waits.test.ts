import { expect } from 'chai';
import { gatewayWaits, histogramDelta, parseMetrics } from '../../bench/load/gateway-waits';

/** A Prometheus exposition as prom-client writes it, with the counts of a journal's histograms so far. */
function exposition(commitBuckets: readonly number[], commitSum: number, records: { sum: number; count: number }, gcMajorSum: number): string {
  const bounds = ['0.001', '0.002', '0.01', '0.05', '+Inf'];
  return [
    '# HELP gw_journal_batch_commit_seconds Time from handing a journal batch to the database to its commit',
    '# TYPE gw_journal_batch_commit_seconds histogram',
    ...bounds.map((le, i) => `gw_journal_batch_commit_seconds_bucket{le="${le}"} ${commitBuckets[i]}`),
    `gw_journal_batch_commit_seconds_sum ${commitSum}`,
    `gw_journal_batch_commit_seconds_count ${commitBuckets[4]}`,
    `gw_journal_batch_records_sum ${records.sum}`,
    `gw_journal_batch_records_count ${records.count}`,
    `gw_nodejs_gc_duration_seconds_sum{kind="major"} ${gcMajorSum}`,
    'gw_nodejs_eventloop_lag_max_seconds 0.0345',
    'gw_fix_messages_in_total{session="S",msg_type="D"} 12',
  ].join('\n');
}

describe('bench:e2e: the gateway\'s own waits over a step, from its /metrics', () => {
  it('reads only the metrics it needs, labels kept in the key', () => {
    const m = parseMetrics(exposition([1, 2, 3, 3, 3], 0.004, { sum: 9, count: 3 }, 0.5));
    expect(m.get('gw_journal_batch_commit_seconds_bucket{le="0.002"}')).to.equal(2);
    expect(m.get('gw_nodejs_gc_duration_seconds_sum{kind="major"}')).to.equal(0.5);
    expect(m.has('gw_fix_messages_in_total{session="S",msg_type="D"}')).to.equal(false);
  });

  it('takes the step\'s own observations (after minus before): the mean and the buckets that hold p50 and p99', () => {
    const before = parseMetrics(exposition([10, 10, 10, 10, 10], 0.005, { sum: 20, count: 10 }, 1.0));
    // The step: 100 batches, 60 of them under 1 ms, 97 under 2 ms, 99 under 10 ms, one over 50 ms; 0.15 s in all; 500 records.
    const after = parseMetrics(exposition([70, 107, 109, 109, 110], 0.155, { sum: 520, count: 110 }, 1.2));
    const commit = histogramDelta(before, after, 'gw_journal_batch_commit_seconds');
    expect(commit).to.deep.equal({ count: 100, meanMs: 1.5, p50AtMostMs: 1, p99AtMostMs: 10, over10Ms: 1, over50Ms: 1 });
    const waits = gatewayWaits(before, after, 10);
    expect(waits.recordsPerBatch).to.equal(5);
    expect(waits.gcMsPerSec).to.deep.equal({ major: 20 });
    expect(waits.eventLoopLagMaxMs).to.equal(34.5);
    // No store or release metric in either snapshot: nothing observed, no figures made up.
    expect(waits.durableWait.count).to.equal(0);
    expect(waits.storeWrite).to.deep.equal({ count: 0, meanMs: null, p50AtMostMs: null, p99AtMostMs: null, over10Ms: null, over50Ms: null });
  });

  it('gives no bound for a quantile past the last finite bucket', () => {
    const before = parseMetrics(exposition([0, 0, 0, 0, 0], 0, { sum: 0, count: 0 }, 0));
    const after = parseMetrics(exposition([0, 0, 90, 90, 100], 3, { sum: 100, count: 100 }, 0));
    const commit = histogramDelta(before, after, 'gw_journal_batch_commit_seconds');
    expect(commit.p50AtMostMs).to.equal(10);
    expect(commit.p99AtMostMs).to.equal(null);
    expect([commit.over10Ms, commit.over50Ms]).to.deep.equal([10, 10]);
  });
});
