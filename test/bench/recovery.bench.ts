/**
 * Recovery benchmark (issue 7): how long a restart takes to rebuild the order path from the journal, and how that
 * grows with the journal. For each database (the Postgres server at DATABASE_URL, and embedded PGlite), a fresh
 * schema is filled with the engine benchmark's seeded flow (70% limit orders, 20% cancels, 10% marketable IOC,
 * about 5,000 live orders) run through the real order path (risk, engine, journal: a CMD record and the event
 * records of each command, as the gateway writes them), in steps; after each step the order path is started again
 * on the same database (createOrderPath, as the gateway's start: the numbering queries, the replay plan, then every
 * journaled command run again and checked against its record) and timed.
 *
 * Prints JSON: per step, the journal's commands and rows, the whole start (ms), the replay alone (ms, commands/s)
 * and the rest of the start (the queries before the replay), and the live orders rebuilt.
 * Options: RECOVERY_STEPS (commands in the journal at each restart, default 50000,100000,200000),
 * RECOVERY_TARGETS (postgres,pglite), RECOVERY_RESTARTS (starts at each step, default 1; with more, each start's figures are
 * printed and the step's are the median start's), RECOVERY_PROFILE=<dir> (a CPU profile of the last start of each step
 * there). Run: DATABASE_URL=... npm run bench:recovery
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { cpus, loadavg } from 'node:os';
import { Writable } from 'node:stream';
import { InstrumentRepository, migrate } from '../../db';
import type { OrderCommand } from '../../engine/model';
import { configSchema } from '../../ops/config/schema';
import { createLogger } from '../../ops/log/logger';
import { createOrderPath } from '../../ops/order-wiring';
import { type DatabaseBackend, databaseBackends, openIsolated } from '../support/databases';
import { ENGINE_PRESETS, generateFlow, instrument, START_US } from './engine-flow';

const STEPS = (process.env.RECOVERY_STEPS ?? '50000,100000,200000').split(',').map(Number);
const TARGETS = (process.env.RECOVERY_TARGETS ?? 'postgres,pglite').split(',');
/** RECOVERY_PROFILE=<dir>: a CPU profile of each start (only the start), written there. */
const PROFILE_DIR = process.env.RECOVERY_PROFILE;
const RESTARTS = Math.max(1, Number(process.env.RECOVERY_RESTARTS ?? 1));

/** Starts the V8 profiler in this process; the function returned stops it and writes the profile. */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (e, result) => (e === null ? resolve(result) : reject(e))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return async (file) => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** Commands between two waits for the journal (it refuses new orders when far behind, as it should). */
const DRAIN_EVERY = 5_000;

const quiet = createLogger({ level: 'error', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });

class StepClock {
  constructor(public us: bigint) {}
  nowUs(): bigint {
    return this.us;
  }
}

async function measure(backend: DatabaseBackend, commands: readonly OrderCommand[]): Promise<Record<string, unknown>> {
  const { db, drop } = await openIsolated(backend);
  try {
    await migrate(db);
    await new InstrumentRepository(db).upsert({ symbol: instrument.symbol, isin: instrument.isin ?? null, currency: instrument.currency, tickSize: instrument.tickSize, lotSize: instrument.lotSize, tradingStatus: 'open' });
    const config = configSchema.parse({});
    const clock = new StepClock(START_US);
    let wiring = await createOrderPath(config, db, clock, quiet);
    const steps: Record<string, unknown>[] = [];
    let written = 0;
    for (const target of STEPS) {
      const fillStarted = performance.now();
      for (; written < Math.min(target, commands.length); written += 1) {
        clock.us += 10n;
        wiring.orderPath.submit(commands[written] as OrderCommand, clock.us);
        if (written % DRAIN_EVERY === DRAIN_EVERY - 1) await wiring.journal.drained();
      }
      await wiring.journal.drained();
      const fillMs = performance.now() - fillStarted;
      const rows = await db.query<{ rows: string }>('SELECT count(*)::text AS rows FROM audit_event');
      const starts: { startMs: number; replayMs: number }[] = [];
      for (let restart = 0; restart < RESTARTS; restart += 1) {
        wiring.stop();
        const profiler = PROFILE_DIR === undefined || restart < RESTARTS - 1 ? null : await startProfile();
        const started = performance.now();
        wiring = await createOrderPath(config, db, clock, quiet);
        starts.push({ startMs: Math.round(performance.now() - started), replayMs: wiring.recovery.elapsedMs });
        if (profiler !== null) await profiler(`${PROFILE_DIR}/recovery-${backend.name}-${target}.cpuprofile`);
      }
      const { startMs, replayMs } = [...starts].sort((a, b) => a.startMs - b.startMs)[Math.floor((starts.length - 1) / 2)] ?? { startMs: 0, replayMs: 0 };
      steps.push({
        journalCommands: wiring.recovery.commands,
        auditRows: Number(rows.rows[0]?.rows ?? 0),
        fillMs: Math.round(fillMs),
        startMs,
        replayMs,
        replayCommandsPerSecond: Math.round(wiring.recovery.commands / (Math.max(1, replayMs) / 1000)),
        startMsPerMillionCommands: Math.round(startMs / (wiring.recovery.commands / 1e6)),
        beforeReplayMs: startMs - replayMs,
        liveOrders: wiring.recovery.liveOrders,
        ...(starts.length > 1 ? { startsMs: starts.map((s) => s.startMs) } : {}),
      });
    }
    wiring.stop();
    return { target: backend.name, steps };
  } finally {
    await drop();
  }
}

async function main(): Promise<void> {
  const preset = { ...ENGINE_PRESETS[0]!, commands: Math.max(...STEPS) };
  const { prefill, flow } = generateFlow(preset, 42);
  const commands = [...prefill, ...flow] as OrderCommand[];
  const results: Record<string, unknown>[] = [];
  for (const backend of databaseBackends()) {
    if (TARGETS.includes(backend.name)) results.push(await measure(backend, commands));
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'recovery', node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadAverage1m: +(loadavg()[0] ?? 0).toFixed(2), results }, null, 2)}\n`);
  process.exit(0);
}

await main();
