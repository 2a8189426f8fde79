/**
 * One target's load plan, as bench:e2e runs it: a short warm-up, each offered rate in turn (open loop), then the
 * window mode for the maximum throughput. Between steps the generator waits for the target to go quiet, so that a
 * step it could not keep up with does not spill its backlog into the next one.
 */
import { LoadGenerator, type StepResult } from './load-generator';
import type { LoadSessionConfig } from './load-session';
import { type GatewayWaits, gatewayWaits, type MetricsSnapshot } from './gateway-waits';
import { type CpuPerOrder, type CpuSample, cpuPerOrder } from './process-cpu';

export interface LoadPlan {
  readonly rates: readonly number[];
  readonly stepMs: number;
  readonly warmupMs: number;
  readonly warmupRate: number;
  readonly window: number;
  readonly drainTimeoutMs: number;
  /** A rate step stops sending once this many orders wait for an answer. */
  readonly maxOutstanding: number;
  readonly seed: number;
}

export interface RateFigures {
  readonly offeredPerSec: number;
  readonly sentPerSec: number;
  readonly answeredPerSec: number;
  readonly sustained: boolean;
  readonly unanswered: number;
  readonly stoppedByBacklogAfterSec: number | null;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  /** The same order's latency from when it actually left, for comparison (not coordinated-omission free). */
  readonly p99FromSentMs: number;
  /** CPU time per answered order over the step, by process (when the plan was given a sampler). */
  readonly cpuUsPerOrder?: CpuPerOrder;
  /** The gateway's database waits, GC and event-loop delay over the step, from its /metrics (when the plan was given them). */
  readonly gatewayWaits?: GatewayWaits;
}

export interface PlanResult {
  /** The highest offered rate that was sustained (every order answered, the rate sent, no backlog at the end). */
  readonly sustainedOrdersPerSec: number | null;
  readonly maxThroughputOrdersPerSec: number;
  readonly byRate: readonly RateFigures[];
  readonly steps: readonly StepResult[];
  readonly maxThroughput: StepResult;
  readonly maxThroughputCpuUsPerOrder?: CpuPerOrder;
  readonly maxThroughputGatewayWaits?: GatewayWaits;
}

/** What a plan samples around each step besides the generator's own figures: CPU by process, the gateway's metrics. */
export interface StepProbes {
  readonly cpu?: () => CpuSample;
  readonly metrics?: () => Promise<MetricsSnapshot>;
}

interface Measured {
  readonly cpu: CpuPerOrder | undefined;
  readonly waits: GatewayWaits | undefined;
}

const QUIET_MS = 500;
const QUIET_MAX_MS = 15_000;

function figures(step: StepResult, { cpu, waits }: Measured): RateFigures {
  const l = step.latencyFromScheduledMs;
  return {
    ...(cpu === undefined ? {} : { cpuUsPerOrder: cpu }),
    ...(waits === undefined ? {} : { gatewayWaits: waits }),
    offeredPerSec: step.offeredPerSec ?? 0,
    sentPerSec: step.sentPerSec,
    answeredPerSec: step.answeredPerSec,
    sustained: step.sustained,
    unanswered: step.unanswered,
    stoppedByBacklogAfterSec: step.stoppedByBacklogAfterSec,
    p50Ms: l.p50,
    p99Ms: l.p99,
    p999Ms: l.p999,
    maxMs: l.max,
    p99FromSentMs: step.latencyFromSentMs.p99,
  };
}

export async function runLoadPlan(host: string, port: number, sessions: readonly LoadSessionConfig[], symbols: readonly string[], plan: LoadPlan, log: (line: string) => void, probes: StepProbes = {}): Promise<PlanResult> {
  const generator = await LoadGenerator.start({ host, port, sessions, symbols, seed: plan.seed });
  try {
    if (plan.warmupMs > 0) {
      const warm = await generator.runRate({ ratePerSec: plan.warmupRate, durationMs: plan.warmupMs, drainTimeoutMs: plan.drainTimeoutMs, maxOutstanding: plan.maxOutstanding });
      log(`  warm-up ${plan.warmupRate}/s: ${warm.answered}/${warm.sent} answered`);
    }
    const steps: StepResult[] = [];
    const measures: Measured[] = [];
    /** Runs a step, with the CPU it took per answered order and the gateway's waits over it. */
    const measured = async (run: () => Promise<StepResult>): Promise<[StepResult, Measured]> => {
      const metricsBefore = await probes.metrics?.();
      const before = probes.cpu?.();
      const startedMs = Date.now();
      const step = await run();
      const after = probes.cpu?.();
      const stepSec = (Date.now() - startedMs) / 1000;
      const metricsAfter = await probes.metrics?.();
      return [
        step,
        {
          cpu: before === undefined || after === undefined ? undefined : cpuPerOrder(before, after, step.answered),
          waits: metricsBefore === undefined || metricsAfter === undefined ? undefined : gatewayWaits(metricsBefore, metricsAfter, stepSec),
        },
      ];
    };
    const measuredText = ({ cpu: c, waits: w }: Measured): string =>
      (c === undefined ? '' : `, CPU per order: gateway ${c.gatewayUs ?? '-'} µs, postgres ${c.postgresUs ?? '-'} µs, generator ${c.generatorUs} µs`) +
      (w === undefined ? '' : `; durable wait mean ${w.durableWait.meanMs ?? '-'} ms (p99 <= ${w.durableWait.p99AtMostMs ?? '-'}), journal commit mean ${w.journalCommit.meanMs ?? '-'} ms (p99 <= ${w.journalCommit.p99AtMostMs ?? '-'}, ${w.journalCommit.over50Ms ?? '-'} over 50 ms), store write mean ${w.storeWrite.meanMs ?? '-'} ms (p99 <= ${w.storeWrite.p99AtMostMs ?? '-'}, ${w.storeWrite.over50Ms ?? '-'} over 50 ms)`);
    for (const ratePerSec of plan.rates) {
      await generator.waitQuiet(QUIET_MS, QUIET_MAX_MS);
      const [step, stepMeasured] = await measured(() => generator.runRate({ ratePerSec, durationMs: plan.stepMs, drainTimeoutMs: plan.drainTimeoutMs, maxOutstanding: plan.maxOutstanding }));
      const stopped = step.stoppedByBacklogAfterSec === null ? '' : ` (stopped sending after ${step.stoppedByBacklogAfterSec} s: ${plan.maxOutstanding} unanswered)`;
      log(`  ${ratePerSec}/s: sent ${step.sentPerSec}/s, answered ${step.answeredPerSec}/s, p99 ${step.latencyFromScheduledMs.p99} ms, unanswered ${step.unanswered}${stopped}${measuredText(stepMeasured)}`);
      steps.push(step);
      measures.push(stepMeasured);
    }
    await generator.waitQuiet(QUIET_MS, QUIET_MAX_MS);
    const [maxThroughput, maxMeasured] = await measured(() => generator.runWindow({ window: plan.window, durationMs: plan.stepMs, drainTimeoutMs: plan.drainTimeoutMs }));
    log(`  window ${plan.window}: ${maxThroughput.answeredPerSec}/s, p99 ${maxThroughput.latencyFromSentMs.p99} ms, unanswered ${maxThroughput.unanswered}${measuredText(maxMeasured)}`);
    const sustained = steps.filter((s) => s.sustained).map((s) => s.offeredPerSec ?? 0);
    return {
      sustainedOrdersPerSec: sustained.length === 0 ? null : Math.max(...sustained),
      maxThroughputOrdersPerSec: maxThroughput.answeredPerSec,
      byRate: steps.map((step, i) => figures(step, measures[i] ?? { cpu: undefined, waits: undefined })),
      steps,
      maxThroughput,
      ...(maxMeasured.cpu === undefined ? {} : { maxThroughputCpuUsPerOrder: maxMeasured.cpu }),
      ...(maxMeasured.waits === undefined ? {} : { maxThroughputGatewayWaits: maxMeasured.waits }),
    };
  } finally {
    await generator.stop().catch(() => undefined);
    generator.destroy();
  }
}
