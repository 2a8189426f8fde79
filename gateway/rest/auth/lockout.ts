import type { AuthStateRepository } from '../../../db';
import type { RestConfig } from '../rest-config';

export interface LockState {
  readonly locked: boolean;
  readonly retryAfterMs: number;
}

const OPEN: LockState = { locked: false, retryAfterMs: 0 };

/**
 * Lockout with back-off after repeated failures (password or second factor), per username and per source address.
 * From the threshold on, each further failure locks for base * 2^(failures - threshold), up to the maximum. The
 * counts live in the database, so every gateway process sees the same lock.
 */
export class Lockout {
  constructor(
    private readonly state: AuthStateRepository,
    private readonly config: RestConfig['lockout'],
    private readonly nowMs: () => number,
  ) {}

  static userSubject(username: string): string {
    return `user:${username.toLowerCase()}`;
  }

  static ipSubject(ip: string): string {
    return `ip:${ip}`;
  }

  /** The longer of the locks on the user and on the address. */
  async check(username: string, ip: string): Promise<LockState> {
    const [user, address] = await Promise.all([this.lockOf(Lockout.userSubject(username)), this.lockOf(Lockout.ipSubject(ip))]);
    return user.retryAfterMs >= address.retryAfterMs ? user : address;
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    await this.fail(Lockout.userSubject(username), this.config.userThreshold);
    await this.fail(Lockout.ipSubject(ip), this.config.ipThreshold);
  }

  /** A full login (password and second factor) clears the user's count; the address's count runs out by itself. */
  async recordSuccess(username: string): Promise<void> {
    await this.state.clearFailures(Lockout.userSubject(username));
  }

  private async lockOf(subject: string): Promise<LockState> {
    const record = await this.state.failure(subject);
    if (record === null || record.lockedUntilMs === null) return OPEN;
    const left = record.lockedUntilMs - this.nowMs();
    return left > 0 ? { locked: true, retryAfterMs: left } : OPEN;
  }

  private async fail(subject: string, threshold: number): Promise<void> {
    const nowMs = this.nowMs();
    const failures = await this.state.recordFailure(subject, nowMs, this.config.windowMs);
    if (failures < threshold) return;
    const lockMs = Math.min(this.config.baseMs * 2 ** Math.min(failures - threshold, 30), this.config.maxMs);
    await this.state.lock(subject, nowMs + lockMs);
  }
}
