import pg from 'pg';
import { DbError } from './errors';

/** The little of a logger that db needs; the ops logger fits it. */
export interface DbLogger {
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

export interface DatabaseOptions {
  readonly connectionString: string;
  readonly poolSize: number;
  /** Tables live in this schema (tests isolate themselves with one each); created by the migrator. */
  readonly schema?: string;
  readonly logger: DbLogger;
  /** Told each time the database is found up or down, for the /health component and the gw_db_up gauge. */
  readonly onStatus?: (up: boolean) => void;
  /** Told each time an idle pooled connection breaks (server restart, network). */
  readonly onConnectionError?: () => void;
  /** A label for logs: "embedded" or the server's host. */
  readonly label: string;
  /**
   * Every connection shares one backend session (PGlite behind pglite-socket): a statement prepared on one connection
   * exists for all of them, and so does a setting. A named statement is then prepared under a name of its
   * connection's own, so that two connections (or one that reconnects) never collide.
   */
  readonly sharedSession?: boolean;
}

export interface DatabaseStatus {
  readonly up: boolean;
  readonly label: string;
  readonly lastError: string | null;
  readonly checkedAt: string | null;
}

const MONITOR_UP_INTERVAL_MS = 5_000;
const BACKOFF_START_MS = 250;
const BACKOFF_MAX_MS = 5_000;
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export type Queryable = Pick<pg.PoolClient, 'query'>;

/** Connections of the statements run by name: the journal's and the session store's batches, one at a time each. */
const STATEMENT_POOL_SIZE = 2;
/** On a shared session (PGlite), which runs one statement at a time whatever the connections, one is enough. */
const SHARED_SESSION_STATEMENT_POOL_SIZE = 1;
/** Statement connections opened on shared sessions by this process, for their names' suffixes. */
let sharedSessionConnections = 0;

/**
 * The pool every repository uses. A broken connection never crashes the process: the pool's errors are caught,
 * the status goes down, and a monitor retries with exponential back-off until the database answers again.
 */
export class Database {
  readonly pool: pg.Pool;
  /**
   * The named statements' own connections, where each statement is planned once, when it
   * is prepared (plan_cache_mode = force_generic_plan). Left to choose, Postgres planned the journal's batch anew at
   * every execution (a custom plan looked cheaper than the generic one to its estimates), which cost it more than
   * running a batch of 50 records; other queries keep their custom plans on the main pool. On a shared session
   * (PGlite) the setting holds for every connection: there all parameterised queries get generic plans.
   */
  private readonly statementPool: pg.Pool;
  /** On a shared session, each statement connection's own suffix for the names it prepares. */
  private readonly connectionSuffix = new WeakMap<pg.PoolClient, string>();
  readonly schema: string | undefined;
  private state: DatabaseStatus;
  private monitorTimer: NodeJS.Timeout | null = null;
  private monitoring = false;
  private backoffMs = BACKOFF_START_MS;
  private closed = false;

  constructor(private readonly options: DatabaseOptions) {
    if (options.schema !== undefined && !IDENTIFIER.test(options.schema)) {
      throw new RangeError(`schema name "${options.schema}" must be a lower-case SQL identifier`);
    }
    this.schema = options.schema;
    this.state = { up: false, label: options.label, lastError: null, checkedAt: null };
    this.pool = this.openPool(options.poolSize, []);
    // Connections are opened on first use: a process that runs no named statement opens none here.
    this.statementPool = this.openPool(options.sharedSession === true ? SHARED_SESSION_STATEMENT_POOL_SIZE : STATEMENT_POOL_SIZE, [
      'SET plan_cache_mode = force_generic_plan',
    ]);
  }

  /** A pool whose connections run `settings` (after the schema's search_path) before they are handed out. */
  private openPool(max: number, settings: readonly string[]): pg.Pool {
    const schema = this.options.schema;
    const pool = new pg.Pool({
      connectionString: this.options.connectionString,
      max,
      connectionTimeoutMillis: 5_000,
      // Awaited by the pool before the connection is handed out, so every query on it sees the schema.
      onConnect: async (client) => {
        client.on('error', () => undefined);
        if (schema !== undefined) await client.query(`SET search_path TO ${schema}`);
        for (const setting of settings) await client.query(setting);
      },
    });
    pool.on('error', (e) => {
      this.options.onConnectionError?.();
      this.markDown(e);
    });
    return pool;
  }

  status(): DatabaseStatus {
    return this.state;
  }

  /**
   * `name`: a statement this process runs often (the journal's batch costs more to plan than to run), prepared once
   * per connection and planned once, on the statement pool.
   */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: readonly unknown[], name?: string): Promise<pg.QueryResult<R>> {
    if (name === undefined) return this.pool.query<R>(text, params === undefined ? undefined : [...params]);
    const values = params === undefined ? [] : [...params];
    if (this.options.sharedSession === true) return this.queryOnOwnName<R>(name, text, values);
    return this.statementPool.query<R>({ name, text, values });
  }

  /** A named statement on a shared session: prepared under `name` and the connection's own suffix. */
  private async queryOnOwnName<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    const client = await this.statementPool.connect();
    let suffix = this.connectionSuffix.get(client);
    if (suffix === undefined) {
      // Counted over the process: a statement stays in a shared session after its connection closed.
      sharedSessionConnections += 1;
      suffix = `_c${sharedSessionConnections}`;
      this.connectionSuffix.set(client, suffix);
    }
    try {
      const result = await client.query<R>({ name: name + suffix, text, values });
      client.release();
      return result;
    } catch (e: unknown) {
      // As pool.query does: a connection that failed a query is not reused.
      client.release(e instanceof Error ? e : new Error(String(e)));
      throw e;
    }
  }

  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  async transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (e: unknown) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /**
   * One round trip; updates the status either way. A connection the server already closed is only found out
   * when used, so a connection-level failure is tried once more on a fresh connection before it counts.
   */
  async ping(): Promise<boolean> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.pool.query('SELECT 1');
        this.markUp();
        return true;
      } catch (e: unknown) {
        if (attempt === 0 && isConnectionFailure(e)) continue;
        this.markDown(e);
        return false;
      }
    }
  }

  /**
   * At start: tries until the database answers or `timeoutMs` passes, with back-off and a log line per attempt.
   * Throws GW_ERR_DB_UNREACHABLE with the last error when it gives up.
   */
  async waitUntilReachable(timeoutMs: number, onAttempt?: () => void): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let delayMs = BACKOFF_START_MS;
    for (let attempt = 1; ; attempt += 1) {
      onAttempt?.();
      if (await this.ping()) return;
      const left = deadline - Date.now();
      this.options.logger.warn('database not reachable yet', { attempt, database: this.options.label, error: this.state.lastError, retryInMs: Math.min(delayMs, Math.max(left, 0)) });
      if (left <= 0) {
        throw new DbError('GW_ERR_DB_UNREACHABLE', `database ${this.options.label} unreachable after ${timeoutMs} ms (${this.state.lastError ?? 'no answer'}); check DATABASE_URL and that the server is running`);
      }
      await sleep(Math.min(delayMs, left));
      delayMs = Math.min(delayMs * 2, BACKOFF_MAX_MS);
    }
  }

  /** Keeps the status current: checks every few seconds while up, retries with back-off while down. */
  startMonitor(): void {
    if (this.monitoring || this.closed) return;
    this.monitoring = true;
    this.scheduleCheck(MONITOR_UP_INTERVAL_MS);
  }

  private scheduleCheck(delayMs: number): void {
    if (this.monitorTimer !== null) clearTimeout(this.monitorTimer);
    this.monitorTimer = setTimeout(() => {
      void this.ping().then((up) => {
        if (this.closed) return;
        this.backoffMs = up ? BACKOFF_START_MS : Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
        this.scheduleCheck(up ? MONITOR_UP_INTERVAL_MS : this.backoffMs);
      });
    }, delayMs);
    this.monitorTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.monitorTimer !== null) clearTimeout(this.monitorTimer);
    this.monitorTimer = null;
    await Promise.all([this.pool.end(), this.statementPool.end()]);
  }

  private markUp(): void {
    const wasUp = this.state.up;
    this.state = { up: true, label: this.options.label, lastError: null, checkedAt: new Date().toISOString() };
    if (!wasUp) {
      this.options.logger.info('database reachable', { database: this.options.label });
      this.options.onStatus?.(true);
    }
  }

  private markDown(e: unknown): void {
    const wasUp = this.state.up;
    const message = e instanceof Error ? e.message || e.constructor.name : String(e);
    this.state = { up: false, label: this.options.label, lastError: message, checkedAt: new Date().toISOString() };
    if (wasUp) {
      this.options.logger.error('database connection lost; retrying with back-off', { database: this.options.label, error: message });
      this.options.onStatus?.(false);
      // From a loss on, the next check comes at the start of the back-off, not at the end of the idle interval.
      this.monitoring = true;
      this.backoffMs = BACKOFF_START_MS;
      if (!this.closed) this.scheduleCheck(BACKOFF_START_MS);
    }
  }
}

/** Errors that mean the connection is gone, not that the statement was wrong (SQLSTATE class 08, 57P0x). */
export function isConnectionFailure(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = 'code' in e && typeof e.code === 'string' ? e.code : '';
  return code.startsWith('08') || code.startsWith('57P0') || code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'EPIPE' || /Connection terminated/i.test(e.message);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

/** "host:port/db" of a connection string without its password, for logs and /health. */
export function describeConnection(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'database';
  }
}
