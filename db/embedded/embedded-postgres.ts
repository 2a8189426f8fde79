import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DbError } from '../errors';
import type { WorkerReply, WorkerStart } from './protocol';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const LOCK_FILE = 'gateway.lock';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    return e instanceof Error && 'code' in e && e.code === 'EPERM';
  }
}

/** One process per data folder: PGlite has no lock of its own and two writers would corrupt it. */
function takeLock(dir: string): string {
  const lockPath = join(dir, LOCK_FILE);
  let holder = NaN;
  try {
    holder = Number(readFileSync(lockPath, 'utf8').trim());
  } catch {
    // no lock file: the folder is free
  }
  if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
    throw new DbError('GW_ERR_DB_DATA_DIR_LOCKED', `data folder ${dir} is in use by process ${holder}; stop it or set GW_DATA_DIR to another folder`);
  }
  writeFileSync(lockPath, `${process.pid}\n`);
  return lockPath;
}

/**
 * Embedded Postgres: PGlite in a worker thread, reachable at a loopback address through `pg`.
 * `dataDir: null` keeps everything in memory (tests); otherwise files live in `<dataDir>/pglite`.
 */
export class EmbeddedPostgres {
  private worker: Worker | null = null;
  private lockPath: string | null = null;

  private constructor(readonly connectionString: string) {}

  static async start(options: { readonly dataDir: string | null; readonly maxConnections: number }): Promise<EmbeddedPostgres> {
    let pgliteDir: string | null = null;
    let lockPath: string | null = null;
    if (options.dataDir !== null) {
      const dir = resolve(options.dataDir);
      try {
        mkdirSync(join(dir, 'pglite'), { recursive: true });
      } catch (e: unknown) {
        throw new DbError('GW_ERR_DB_EMBEDDED_START', `cannot create data folder ${dir}: ${String(e)}; set GW_DATA_DIR to a writable folder`, { cause: e });
      }
      lockPath = takeLock(dir);
      pgliteDir = join(dir, 'pglite');
    }
    const workerStart: WorkerStart = { dataDir: pgliteDir, maxConnections: options.maxConnections };
    const worker = spawnTsWorker(new URL('./pglite-worker.ts', import.meta.url), workerStart);
    const reply = await new Promise<WorkerReply>((resolvePromise) => {
      const timer = setTimeout(() => resolvePromise({ kind: 'failed', message: `no answer in ${START_TIMEOUT_MS} ms` }), START_TIMEOUT_MS);
      worker.once('message', (message: WorkerReply) => {
        clearTimeout(timer);
        resolvePromise(message);
      });
      worker.once('error', (e) => {
        clearTimeout(timer);
        resolvePromise({ kind: 'failed', message: e.message });
      });
    });
    if (reply.kind !== 'ready') {
      await worker.terminate();
      if (lockPath !== null) rmSync(lockPath, { force: true });
      const message = reply.kind === 'failed' ? reply.message : 'unexpected reply';
      throw new DbError('GW_ERR_DB_EMBEDDED_START', `embedded Postgres (PGlite) did not start: ${message}`);
    }
    const embedded = new EmbeddedPostgres(`postgres://postgres@${reply.host}:${reply.port}/postgres`);
    embedded.worker = worker;
    embedded.lockPath = lockPath;
    worker.unref();
    return embedded;
  }

  /** Closes the database files cleanly, then ends the worker. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) {
      const stopped = new Promise<void>((resolvePromise) => {
        const timer = setTimeout(resolvePromise, STOP_TIMEOUT_MS);
        worker.on('message', (message: WorkerReply) => {
          if (message.kind === 'stopped') {
            clearTimeout(timer);
            resolvePromise();
          }
        });
      });
      worker.postMessage({ kind: 'stop' });
      await stopped;
      await worker.terminate();
    }
    if (this.lockPath !== null) rmSync(this.lockPath, { force: true });
    this.lockPath = null;
  }
}

/** Starts a worker on a TypeScript file: the worker registers tsx itself, since workers do not inherit tsx's loader. */
function spawnTsWorker(entry: URL, workerData: WorkerStart): Worker {
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
