/**
 * Journal write benchmark (issue 7): the journal's batch as the gateway writes it (PostgresJournalStore: one
 * statement, each table filled from column arrays by INSERT ... SELECT unnest) against COPY, which the issue names
 * for a Postgres server: the same batch as BEGIN, binary COPY into audit_event, order_event and execution
 * (pg-copy-streams), the upsert of the orders' rows (COPY cannot update), COMMIT.
 *
 * The records are those the gateway journals for the engine benchmark's seeded flow (a CMD record and the event
 * records of each command, hash-chained). Each variant writes them all, in batches of each size, into a fresh schema
 * of the Postgres server at DATABASE_URL (migrated as the gateway's), over one connection, in turn with the other,
 * JOURNAL_PAIRS times. Prints JSON per variant and batch size: wall time, the Postgres backend's CPU (read from
 * /proc: the server must run on this machine) and this process's CPU, each in µs per record (medians of the runs,
 * every run printed).
 * Options: JOURNAL_COMMANDS (20000), JOURNAL_BATCHES (25,100,400), JOURNAL_PAIRS (3).
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:journal
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type ChainedRecord, GENESIS_HASH, HashChain } from '../../db/journal/audit-record';
import { AUDIT_COLUMNS, columnParams, journalRows, ORDERS_CONFLICT, PostgresJournalStore, unnestInsert } from '../../db/journal/journal-store';
import { auditRecordsOf, commandRecordOf } from '../../db/journal/order-event-records';
import { type Columns, EXECUTION_COLUMNS, ORDER_COLUMNS, ORDER_EVENT_COLUMNS } from '../../db/journal/order-rows';
import { readMigrations } from '../../db/migrate';
import { MatchingEngine } from '../../engine';
import { ENGINE_PRESETS, generateFlow, instrument, median, START_US } from './engine-flow';

const URL = process.env.DATABASE_URL;
const COMMANDS = Number(process.env.JOURNAL_COMMANDS ?? 20_000);
const BATCHES = (process.env.JOURNAL_BATCHES ?? '25,100,400').split(',').map(Number);
const PAIRS = Number(process.env.JOURNAL_PAIRS ?? 3);

interface Store {
  append(records: readonly ChainedRecord[]): Promise<void>;
}

/** The gateway's journal records for the engine benchmark's shallow flow, chained. */
function journalRecords(): ChainedRecord[] {
  const { prefill, flow } = generateFlow({ ...ENGINE_PRESETS[0]!, commands: COMMANDS, liveOrders: 2_000 }, 7);
  const engine = new MatchingEngine([instrument]);
  const chain = new HashChain(1, 1n, GENESIS_HASH);
  const out: ChainedRecord[] = [];
  let seq = 0;
  let nowUs = START_US;
  for (const command of [...prefill, ...flow]) {
    nowUs += 10n;
    const events = engine.execute(command, nowUs).map((event) => ({ seq: (seq += 1), event }));
    for (const record of [commandRecordOf(command, nowUs, events, 'fix:S'), ...auditRecordsOf(command, events, 'fix:S')]) out.push(chain.link(record));
  }
  return out;
}

// ---- the COPY variant --------------------------------------------------------------------------------------

const PG_EPOCH_DAY = 10_957; // 2000-01-01, in days since 1970-01-01
const COPY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);

/** Rows in COPY's binary format (each value as the column's type sends it: int2, int8, date, bool, bytea, jsonb, text). */
class BinaryCopyWriter {
  private buf = Buffer.allocUnsafe(1 << 16);
  private pos = 0;

  constructor() {
    this.bytes(COPY_HEADER);
  }

  row(columns: Columns, values: readonly unknown[]): void {
    this.int16(columns.length);
    columns.forEach(([, type], c) => {
      const v = values[c];
      if (v === null || v === undefined) return this.int32(-1);
      switch (type) {
        case 'smallint':
          this.int32(2);
          return this.int16(Number(v));
        case 'bigint':
          this.int32(8);
          this.room(8);
          this.buf.writeBigInt64BE(typeof v === 'bigint' ? v : BigInt(v as string | number), this.pos);
          this.pos += 8;
          return;
        case 'date':
          this.int32(4);
          return this.int32(Date.parse(`${v as string}T00:00:00Z`) / 86_400_000 - PG_EPOCH_DAY);
        case 'boolean':
          this.int32(1);
          this.room(1);
          this.buf[this.pos++] = v === true ? 1 : 0;
          return;
        case 'bytea':
          this.int32((v as Uint8Array).byteLength);
          return this.bytes(v as Uint8Array);
        case 'jsonb': {
          const text = Buffer.from(v as string, 'utf8');
          this.int32(text.length + 1);
          this.bytes(Uint8Array.of(1));
          return this.bytes(text);
        }
        default: {
          const text = Buffer.from(String(v), 'utf8');
          this.int32(text.length);
          return this.bytes(text);
        }
      }
    });
  }

  end(): Buffer {
    this.int16(-1);
    return this.buf.subarray(0, this.pos);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  private int16(v: number): void {
    this.room(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
  }

  private int32(v: number): void {
    this.room(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
  }

  private bytes(b: Uint8Array): void {
    this.room(b.byteLength);
    this.buf.set(b, this.pos);
    this.pos += b.byteLength;
  }
}

async function copyRows(client: pg.Client, table: string, columns: Columns, rows: readonly (readonly unknown[])[]): Promise<void> {
  if (rows.length === 0) return;
  const writer = new BinaryCopyWriter();
  for (const row of rows) writer.row(columns, row);
  const data = writer.end();
  const stream = client.query(copyFrom(`COPY ${table} (${columns.map(([name]) => name).join(', ')}) FROM STDIN WITH (FORMAT binary)`));
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(data);
  });
}

const ORDERS_UPSERT = unnestInsert('orders', ORDER_COLUMNS, 1, ORDERS_CONFLICT);

/** The same rows as PostgresJournalStore writes, by COPY where COPY can (every table but the orders' upsert). */
class CopyJournalStore implements Store {
  constructor(private readonly client: pg.Client) {}

  async append(records: readonly ChainedRecord[]): Promise<void> {
    const rows = journalRows(records);
    const client = this.client;
    await client.query('BEGIN');
    try {
      await copyRows(client, 'audit_event', AUDIT_COLUMNS, rows.audit);
      await copyRows(client, 'order_event', ORDER_EVENT_COLUMNS, rows.orderEvents);
      await copyRows(client, 'execution', EXECUTION_COLUMNS, rows.executions);
      if (rows.orders.length > 0) await client.query({ name: 'bench_orders_upsert', text: ORDERS_UPSERT, values: columnParams(ORDER_COLUMNS, rows.orders) });
      await client.query('COMMIT');
    } catch (e: unknown) {
      await client.query('ROLLBACK');
      throw e;
    }
  }
}

// ---- the runs ------------------------------------------------------------------------------------------------

/** CPU time (ms) of a process on this machine, user + system; NaN when it is not visible here. */
function cpuMsOf(pid: number): number {
  try {
    const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

async function runOnce(url: string, variant: 'unnest' | 'copy', batch: number, records: readonly ChainedRecord[]): Promise<{ wall: number; postgres: number; client: number }> {
  const schema = `bench_journal_${process.pid}`;
  const admin = new pg.Client(url);
  await admin.connect();
  const client = new pg.Client(url);
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
    for (const migration of readMigrations()) await admin.query(migration.sql);
    await client.connect();
    // As the gateway's statement connections (see Database): the batch planned once.
    await client.query(`SET search_path TO ${schema}; SET plan_cache_mode = force_generic_plan`);
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0;
    const store: Store =
      variant === 'copy' ? new CopyJournalStore(client) : new PostgresJournalStore({ query: (text, params, name) => client.query({ text, values: params === undefined ? [] : [...params], name }) });
    const serverBefore = cpuMsOf(pid);
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < records.length; i += batch) await store.append(records.slice(i, i + batch));
    const wallMs = performance.now() - started;
    const clientCpu = process.cpuUsage(clientBefore);
    const serverMs = cpuMsOf(pid) - serverBefore;
    const per = (ms: number): number => +((ms * 1000) / records.length).toFixed(1);
    return { wall: per(wallMs), postgres: per(serverMs), client: per((clientCpu.user + clientCpu.system) / 1000) };
  } finally {
    await client.end().catch(() => undefined);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

async function main(): Promise<void> {
  if (URL === undefined || URL === '') throw new Error('set DATABASE_URL to a Postgres server on this machine');
  const records = journalRecords();
  const results: Record<string, unknown>[] = [];
  for (const batch of BATCHES) {
    const runs: Record<'unnest' | 'copy', { wall: number; postgres: number; client: number }[]> = { unnest: [], copy: [] };
    for (let pair = 0; pair < PAIRS; pair += 1) {
      for (const variant of ['unnest', 'copy'] as const) runs[variant].push(await runOnce(URL, variant, batch, records));
    }
    for (const variant of ['unnest', 'copy'] as const) {
      const r = runs[variant];
      results.push({
        variant,
        batchRecords: batch,
        wallUsPerRecord: median(r.map((x) => x.wall)),
        postgresCpuUsPerRecord: median(r.map((x) => x.postgres)),
        clientCpuUsPerRecord: median(r.map((x) => x.client)),
        runs: r,
      });
    }
  }
  const summary = { benchmark: 'journal-copy', node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadAverage1m: +(loadavg()[0] ?? 0).toFixed(2), records: records.length, results };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

await main();
