import { expect } from 'chai';
import { Registry } from 'prom-client';
import { FixMetrics } from '../../../ops/metrics/fix-metrics';

describe('FixMetrics: messages by session and MsgType', () => {
  const values = async (registry: Registry, name: string): Promise<Record<string, number>> => {
    const metric = await registry.getSingleMetric(name)?.get();
    return Object.fromEntries((metric?.values ?? []).map((v) => [`${String(v.labels.session)}/${String(v.labels.msg_type)}`, v.value]));
  };

  it('counts every message in and out, each scrape showing the totals so far (counted on the message path, handed to the counters at the scrape)', async () => {
    const registry = new Registry();
    const metrics = new FixMetrics(registry);
    for (let i = 0; i < 3; i += 1) metrics.messageIn('S1', 'D');
    metrics.messageIn('S2', 'D');
    metrics.messageOut('S1', '8');
    expect(await values(registry, 'gw_fix_messages_in_total')).to.deep.equal({ 'S1/D': 3, 'S2/D': 1 });
    expect(await values(registry, 'gw_fix_messages_out_total')).to.deep.equal({ 'S1/8': 1 });
    // A scrape with nothing new shows the same totals; later messages add to them.
    expect(await values(registry, 'gw_fix_messages_in_total')).to.deep.equal({ 'S1/D': 3, 'S2/D': 1 });
    metrics.messageIn('S1', 'D');
    metrics.messageIn('S1', 'F');
    expect(await values(registry, 'gw_fix_messages_in_total')).to.deep.equal({ 'S1/D': 4, 'S2/D': 1, 'S1/F': 1 });
    expect(await registry.metrics()).to.include('gw_fix_messages_in_total{session="S1",msg_type="D"} 4');
  });
});
