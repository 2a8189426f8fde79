import { isInSchedule } from './schedule';
import type { FixSessionConfig } from './session-config';

export interface TimerActions {
  sendHeartbeat(): void;
  sendTestRequest(testReqId: string): void;
  heartbeatTimeout(): void;
  logoutTimeout(): void;
  scheduleEnded(): void;
}

const TICK_MS = 200;
/** A TestRequest goes out when nothing has come in for HeartBtInt plus this share of it (FIX: "a reasonable transmission time"). */
const TEST_REQUEST_GRACE = 0.2;

/**
 * Heartbeat and TestRequest timing, the logout timeout and the schedule's end, on one timer per session. Times are
 * read from the session's clock so the whole session runs on one source of time.
 */
export class SessionTimers {
  private timer: NodeJS.Timeout | null = null;
  private heartBtIntUs = 0n;
  private lastSentUs = 0n;
  private lastReceivedUs = 0n;
  private testRequestId: string | null = null;
  private testRequestSentUs = 0n;
  private testRequestCount = 0;
  private logoutDeadlineUs: bigint | null = null;

  constructor(private readonly nowUs: () => bigint, private readonly actions: TimerActions, private readonly config: Pick<FixSessionConfig, 'logoutTimeoutSec' | 'schedule'>) {}

  start(heartBtIntSec: number): void {
    this.stop();
    const now = this.nowUs();
    this.heartBtIntUs = BigInt(heartBtIntSec) * 1_000_000n;
    this.lastSentUs = now;
    this.lastReceivedUs = now;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.testRequestId = null;
    this.logoutDeadlineUs = null;
  }

  sent(): void {
    this.lastSentUs = this.nowUs();
  }

  received(): void {
    this.lastReceivedUs = this.nowUs();
  }

  /** A Heartbeat arrived; one that answers our TestRequest clears it. */
  heartbeatReceived(testReqId: string | undefined): void {
    if (testReqId !== undefined && testReqId === this.testRequestId) this.testRequestId = null;
  }

  logoutSent(): void {
    this.logoutDeadlineUs = this.nowUs() + BigInt(this.config.logoutTimeoutSec) * 1_000_000n;
  }

  private tick(): void {
    const now = this.nowUs();
    if (this.logoutDeadlineUs !== null) {
      if (now >= this.logoutDeadlineUs) this.actions.logoutTimeout();
      return;
    }
    const schedule = this.config.schedule;
    if (schedule !== undefined && !isInSchedule(schedule, Number(now / 1000n))) {
      this.actions.scheduleEnded();
      return;
    }
    const interval = this.heartBtIntUs;
    if (interval === 0n) return;
    // Our own Heartbeat first: when a late tick finds both due, the client sees the Heartbeat it is owed, then the TestRequest.
    if (now - this.lastSentUs >= interval) this.actions.sendHeartbeat();
    // Any message received after our TestRequest shows the line is alive, as a Heartbeat would.
    if (this.testRequestId !== null && this.lastReceivedUs > this.testRequestSentUs) this.testRequestId = null;
    if (this.testRequestId !== null) {
      if (now - this.testRequestSentUs >= interval) this.actions.heartbeatTimeout();
    } else if (now - this.lastReceivedUs >= interval + (interval * BigInt(Math.round(TEST_REQUEST_GRACE * 100))) / 100n) {
      this.testRequestCount += 1;
      this.testRequestId = `TEST-${this.testRequestCount}`;
      this.testRequestSentUs = now;
      this.actions.sendTestRequest(this.testRequestId);
    }
  }
}
