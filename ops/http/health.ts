export type ComponentState = 'up' | 'down' | 'disabled';

export interface ComponentHealth {
  readonly status: ComponentState;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface HealthCheck {
  readonly name: string;
  /** Whether /ready waits for this component (the database does; an optional cache does not). */
  readonly requiredForReady: boolean;
  check(): Promise<ComponentHealth>;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded' | 'ready' | 'not-ready';
  readonly components: Readonly<Record<string, ComponentHealth>>;
}

/** Runs every check (each bounded in time) and folds them into the /health and /ready answers. */
export class HealthRegistry {
  private readonly checks: HealthCheck[] = [];

  constructor(private readonly checkTimeoutMs = 2_000) {}

  add(check: HealthCheck): void {
    this.checks.push(check);
  }

  async liveness(): Promise<HealthReport> {
    const components = await this.runAll();
    const anyDown = Object.values(components).some((c) => c.status === 'down');
    return { status: anyDown ? 'degraded' : 'ok', components };
  }

  async readiness(): Promise<HealthReport> {
    const components = await this.runAll();
    const blocking = this.checks.some((c) => c.requiredForReady && components[c.name]?.status !== 'up');
    return { status: blocking ? 'not-ready' : 'ready', components };
  }

  private async runAll(): Promise<Record<string, ComponentHealth>> {
    const results = await Promise.all(this.checks.map((c) => this.runOne(c)));
    const out: Record<string, ComponentHealth> = {};
    this.checks.forEach((c, i) => {
      out[c.name] = results[i] ?? { status: 'down' };
    });
    return out;
  }

  private async runOne(check: HealthCheck): Promise<ComponentHealth> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ComponentHealth>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'down', detail: { error: `no answer in ${this.checkTimeoutMs} ms` } }), this.checkTimeoutMs);
    });
    try {
      return await Promise.race([check.check(), timeout]);
    } catch (e: unknown) {
      return { status: 'down', detail: { error: e instanceof Error ? e.message : String(e) } };
    } finally {
      clearTimeout(timer);
    }
  }
}
