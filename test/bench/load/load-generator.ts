/**
 * The load generator: N initiator sessions (LoadSession) driven either at a fixed offered rate, open loop, or as
 * fast as the other side answers, with a window of orders outstanding. Each order's acknowledgement (its first
 * answer) is timed into two HDR histograms, in microseconds:
 *  - from the time the order was *scheduled* (open loop: a generator or gateway stall delays every order due
 *    meanwhile, and that delay is counted rather than hidden; this is the figure to quote);
 *  - from the time it was actually written to the socket (the service time, for comparison).
 * At the end of a step sending stops, answers are awaited for a bounded time, and every order never answered is
 * reported by ClOrdID.
 */
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { formatUtcTimestamp } from '../../../fixspec';
import { DEFAULT_ORDER_FLOW, type OrderFlowConfig } from './order-flow';
import { LoadSession, type AnswerKind, type AnswerListener, type LoadSessionConfig } from './load-session';

export interface LoadGeneratorOptions {
  readonly host: string;
  readonly port: number;
  readonly sessions: readonly LoadSessionConfig[];
  readonly symbols: readonly string[];
  readonly seed?: number;
  readonly heartBtIntSec?: number;
  /** Overrides of the order mix (DEFAULT_ORDER_FLOW). */
  readonly flow?: Partial<Omit<OrderFlowConfig, 'symbols'>>;
  /** Prefix of every ClOrdID of this generator (unique per run, so that a reused database never sees a duplicate). */
  readonly runId?: string;
}

export interface RateStep {
  readonly ratePerSec: number;
  readonly durationMs: number;
  /** How long to wait for the last answers once sending stops. */
  readonly drainTimeoutMs: number;
  /**
   * Orders unanswered at most: past it the step stops sending (the rate is not sustained, and a longer backlog
   * would only spill into the next steps). Unset: no cap.
   */
  readonly maxOutstanding?: number;
}

export interface WindowStep {
  /** Orders outstanding at most, over all sessions. */
  readonly window: number;
  readonly durationMs: number;
  readonly drainTimeoutMs: number;
}

export interface LatencySummaryMs {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface StepResult {
  readonly mode: 'rate' | 'window';
  readonly offeredPerSec: number | null;
  readonly window: number | null;
  readonly durationSec: number;
  readonly sent: number;
  readonly answered: number;
  readonly unanswered: number;
  /** The unanswered orders by what they were: NewOrderSingle, cancel, replace. */
  readonly unansweredByKind: Readonly<Record<'new' | 'cancel' | 'replace', number>>;
  /** The first unanswered ClOrdIDs (all of them are counted in `unanswered`). */
  readonly unansweredClOrdIds: readonly string[];
  /** Answers to orders already reported unanswered by an earlier step. */
  readonly lateAnswers: number;
  readonly sentPerSec: number;
  /** The step stopped sending early: maxOutstanding orders were waiting for an answer. */
  readonly stoppedByBacklogAfterSec: number | null;
  /** Answers over the time from the first send to the last answer. */
  readonly answeredPerSec: number;
  /** All answered, at least 95% of the offered rate sent, and the last answer within 1 s of the last send. */
  readonly sustained: boolean;
  readonly answers: Readonly<Record<AnswerKind, number>>;
  readonly tradeReports: number;
  readonly workingOrdersAtEnd: number;
  readonly histogramCount: number;
  readonly latencyFromScheduledMs: LatencySummaryMs;
  readonly latencyFromSentMs: LatencySummaryMs;
}

const MAX_LISTED_UNANSWERED = 50;
const TICK_MS = 1;
const HISTOGRAM_MAX_US = 3_600_000_000;

interface Pending {
  readonly scheduledMs: number;
  readonly sentMs: number;
}

function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HISTOGRAM_MAX_US, numberOfSignificantValueDigits: 3 });
}

function summary(h: hdr.Histogram): LatencySummaryMs {
  const ms = (us: number): number => Math.round(us) / 1000;
  return { p50: ms(h.getValueAtPercentile(50)), p99: ms(h.getValueAtPercentile(99)), p999: ms(h.getValueAtPercentile(99.9)), max: ms(h.maxValue) };
}

function emptyAnswers(): Record<AnswerKind, number> {
  return { 'execution-report': 0, 'order-rejected': 0, 'cancel-reject': 0, 'session-reject': 0, 'business-reject': 0 };
}

export class LoadGenerator implements AnswerListener {
  private readonly sessions: LoadSession[];
  private readonly pending = new Map<string, Pending>();
  private fromScheduled = newHistogram();
  private fromSent = newHistogram();
  private answers = emptyAnswers();
  private answered = 0;
  private lateAnswers = 0;
  private trades = 0;
  private lastAnswerMs = 0;
  /** Last answer or trade report, late ones included: when the other side has gone quiet. */
  private lastActivityMs = 0;
  /** Called after each answer (window mode refills from it). */
  private afterAnswer: ((session: number) => void) | null = null;
  private readonly sessionOf = new Map<string, number>();
  private transactTime = '';
  private transactTimeMs = 0;

  private constructor(options: LoadGeneratorOptions) {
    const flow: OrderFlowConfig = { ...DEFAULT_ORDER_FLOW, ...options.flow, symbols: options.symbols };
    const runId = options.runId ?? Date.now().toString(36);
    const seed = options.seed ?? 7;
    this.sessions = options.sessions.map((config, i) => LoadSession.create(config, flow, `${runId}-${i}-`, seed + i, this));
  }

  /** Connects and logs on every session. */
  static async start(options: LoadGeneratorOptions): Promise<LoadGenerator> {
    const generator = new LoadGenerator(options);
    try {
      await Promise.all(generator.sessions.map((s) => s.logon(options.host, options.port, options.heartBtIntSec ?? 30)));
    } catch (e: unknown) {
      for (const s of generator.sessions) s.destroy();
      throw e;
    }
    return generator;
  }

  get sessionCount(): number {
    return this.sessions.length;
  }

  onAnswer(clOrdId: string, kind: AnswerKind): void {
    const now = performance.now();
    this.lastActivityMs = now;
    const pending = this.pending.get(clOrdId);
    if (pending === undefined) return;
    this.pending.delete(clOrdId);
    this.fromScheduled.recordValue(Math.max(1, Math.round((now - pending.scheduledMs) * 1000)));
    this.fromSent.recordValue(Math.max(1, Math.round((now - pending.sentMs) * 1000)));
    this.answers[kind] += 1;
    this.answered += 1;
    this.lastAnswerMs = now;
    if (this.afterAnswer !== null) {
      const session = this.sessionOf.get(clOrdId) ?? 0;
      this.sessionOf.delete(clOrdId);
      this.afterAnswer(session);
    }
  }

  onLateAnswer(): void {
    this.lateAnswers += 1;
    this.lastActivityMs = performance.now();
  }

  onTrade(): void {
    this.trades += 1;
    this.lastActivityMs = performance.now();
  }

  /**
   * Waits until nothing has arrived for quietMs (at most maxMs): after a step the other side could not keep up
   * with, so that its backlog does not spill into the next step.
   */
  async waitQuiet(quietMs: number, maxMs: number): Promise<number> {
    const startMs = performance.now();
    while (performance.now() - this.lastActivityMs < quietMs && performance.now() - startMs < maxMs) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Math.round(performance.now() - startMs);
  }

  /** Open loop: order k of the step is due at start + k / rate and timed from then, however late it leaves. */
  async runRate(step: RateStep): Promise<StepResult> {
    this.resetStep();
    const intervalMs = 1000 / step.ratePerSec;
    const total = Math.floor((step.ratePerSec * step.durationMs) / 1000);
    const startMs = performance.now();
    const maxOutstanding = step.maxOutstanding ?? Number.POSITIVE_INFINITY;
    let sent = 0;
    let stoppedAtMs: number | null = null;
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const now = performance.now();
        if (this.pending.size >= maxOutstanding) {
          stoppedAtMs = now;
          return resolve();
        }
        const due = Math.min(total, Math.floor((now - startMs) / intervalMs) + 1, sent + maxOutstanding - this.pending.size);
        if (due > sent) {
          this.refreshTransactTime();
          for (const s of this.sessions) s.cork();
          for (; sent < due; sent += 1) this.send(sent % this.sessions.length, startMs + sent * intervalMs);
          for (const s of this.sessions) s.uncork();
        }
        if (sent >= total) resolve();
        else setTimeout(tick, TICK_MS);
      };
      tick();
    });
    const lastSendMs = performance.now();
    await this.drain(step.drainTimeoutMs);
    const stoppedAfterSec = stoppedAtMs === null ? null : Math.round(stoppedAtMs - startMs) / 1000;
    const result = this.result('rate', step.ratePerSec, null, sent, startMs, lastSendMs, stoppedAtMs === null ? step.durationMs : lastSendMs - startMs);
    return { ...result, stoppedByBacklogAfterSec: stoppedAfterSec, sustained: result.sustained && stoppedAfterSec === null };
  }

  /** Closed loop: `window` orders outstanding; each answer lets the next order go, until the duration is over. */
  async runWindow(step: WindowStep): Promise<StepResult> {
    this.resetStep();
    const perSession = Math.max(1, Math.floor(step.window / this.sessions.length));
    const credits = this.sessions.map(() => perSession);
    const startMs = performance.now();
    const endMs = startMs + step.durationMs;
    let sent = 0;
    let flushQueued = false;
    const flush = (): void => {
      flushQueued = false;
      if (performance.now() >= endMs) return;
      this.refreshTransactTime();
      credits.forEach((n, i) => {
        if (n === 0) return;
        const session = this.sessions[i];
        session?.cork();
        for (let k = 0; k < n; k += 1) {
          const now = performance.now();
          this.sessionOf.set(this.send(i, now), i);
          sent += 1;
        }
        session?.uncork();
        credits[i] = 0;
      });
    };
    this.afterAnswer = (session) => {
      credits[session] = (credits[session] ?? 0) + 1;
      if (!flushQueued) {
        flushQueued = true;
        setImmediate(flush);
      }
    };
    flush();
    await new Promise<void>((resolve) => setTimeout(resolve, step.durationMs));
    this.afterAnswer = null;
    const lastSendMs = performance.now();
    await this.drain(step.drainTimeoutMs);
    this.sessionOf.clear();
    return this.result('window', null, step.window, sent, startMs, lastSendMs, step.durationMs);
  }

  async stop(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.logout()));
  }

  destroy(): void {
    for (const s of this.sessions) s.destroy();
  }

  private send(session: number, scheduledMs: number): string {
    const s = this.sessions[session];
    if (s === undefined) throw new Error(`no session ${session}`);
    const clOrdId = s.sendNext(this.transactTime);
    this.pending.set(clOrdId, { scheduledMs, sentMs: performance.now() });
    return clOrdId;
  }

  /** TransactTime(60) is formatted at most once per millisecond, not once per order. */
  private refreshTransactTime(): void {
    const nowMs = Date.now();
    if (nowMs === this.transactTimeMs) return;
    this.transactTimeMs = nowMs;
    this.transactTime = formatUtcTimestamp(BigInt(nowMs) * 1000n, 'ms');
  }

  private async drain(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.pending.size > 0 && performance.now() < deadline && this.sessions.some((s) => s.isOpen)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private resetStep(): void {
    this.fromScheduled = newHistogram();
    this.fromSent = newHistogram();
    this.answers = emptyAnswers();
    this.answered = 0;
    this.lateAnswers = 0;
    this.trades = 0;
    this.lastAnswerMs = 0;
  }

  private result(mode: 'rate' | 'window', offered: number | null, window: number | null, sent: number, startMs: number, lastSendMs: number, durationMs: number): StepResult {
    const unansweredIds = [...this.pending.keys()];
    this.pending.clear();
    const unansweredByKind = { new: 0, cancel: 0, replace: 0 };
    for (const s of this.sessions) {
      const kinds = s.forgetInFlight();
      unansweredByKind.new += kinds.new;
      unansweredByKind.cancel += kinds.cancel;
      unansweredByKind.replace += kinds.replace;
    }
    const sendSec = Math.max(lastSendMs - startMs, durationMs) / 1000;
    const answerSec = Math.max(1, this.lastAnswerMs - startMs) / 1000;
    const sentPerSec = Math.round(sent / sendSec);
    return {
      mode,
      offeredPerSec: offered,
      window,
      durationSec: durationMs / 1000,
      sent,
      answered: this.answered,
      unanswered: unansweredIds.length,
      unansweredByKind,
      unansweredClOrdIds: unansweredIds.slice(0, MAX_LISTED_UNANSWERED),
      lateAnswers: this.lateAnswers,
      sentPerSec,
      stoppedByBacklogAfterSec: null,
      answeredPerSec: Math.round(this.answered / answerSec),
      sustained: unansweredIds.length === 0 && (offered === null || sentPerSec >= 0.95 * offered) && this.lastAnswerMs - lastSendMs < 1000,
      answers: this.answers,
      tradeReports: this.trades,
      workingOrdersAtEnd: this.sessions.reduce((n, s) => n + s.flow.workingCount, 0),
      histogramCount: this.fromScheduled.totalCount,
      latencyFromScheduledMs: summary(this.fromScheduled),
      latencyFromSentMs: summary(this.fromSent),
    };
  }
}
