/**
 * `npm run rts24:export -- --from YYYY-MM-DD [--to YYYY-MM-DD] [--out FILE] [--actor NAME]`: the RTS 24 order
 * records (Table 2, view rts24_order_event) of every order event from the start of --from to the start of --to
 * (UTC; default the day after --from), in event time and sequence order, as CSV with a header line. From
 * DATABASE_URL, or the embedded database in GW_DATA_DIR. Each run is itself an audit event (EXPORT, on the ops
 * chain, committed before the records are written out): who ran it (--actor, default os:<login>), the period, the
 * row count and the SHA-256 of the CSV. Exit 0 with the row count on stderr; 2 on a bad argument, an unreachable
 * database or an export that could not be recorded (then nothing is written).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { appendOpsEvent } from '../../db';
import { OpsError } from '../errors';
import { runCli, withDatabase } from './cli-database';

const DAY_US = 86_400_000_000n;

function dayStartUs(name: string, text: string | undefined): bigint {
  const ms = text !== undefined && /^\d{4}-\d\d-\d\d$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms)) throw new OpsError('GW_ERR_OPS_INVALID_ARGUMENT', `${name} must be a date YYYY-MM-DD (UTC), got ${text ?? 'nothing'}`);
  return BigInt(ms) * 1000n;
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function run(): Promise<number> {
  const fromUs = dayStartUs('--from', argument('--from'));
  const toText = argument('--to');
  const toUs = toText === undefined ? fromUs + DAY_US : dayStartUs('--to', toText);
  if (toUs <= fromUs) throw new OpsError('GW_ERR_OPS_INVALID_ARGUMENT', '--to must be after --from');
  const out = argument('--out');
  const actor = argument('--actor') ?? `os:${userInfo().username}`;
  if (actor.trim() === '') throw new OpsError('GW_ERR_OPS_INVALID_ARGUMENT', '--actor must name who runs the export');
  return withDatabase('rts24:export', async ({ db }) => {
    const exists = await db.query<{ t: string | null }>("SELECT to_regclass('rts24_order_event')::text AS t");
    if (exists.rows[0]?.t === null || exists.rows[0]?.t === undefined) throw new OpsError('GW_ERR_OPS_INVALID_ARGUMENT', 'the database has no rts24_order_event view: run npm run db:migrate first');
    const result = await db.query<Record<string, unknown>>(
      'SELECT v.* FROM rts24_order_event v JOIN order_event e USING (chain_id, seq) WHERE e.event_ts_us >= $1 AND e.event_ts_us < $2 ORDER BY e.event_ts_us, v.chain_id, v.seq',
      [fromUs.toString(), toUs.toString()],
    );
    const columns = result.fields.map((f) => f.name);
    const lines = [columns.join(','), ...result.rows.map((row) => columns.map((c) => csvField(row[c])).join(','))];
    const csv = `${lines.join('\r\n')}\r\n`;
    const sha256 = createHash('sha256').update(csv, 'utf8').digest('hex');
    const iso = (us: bigint): string => new Date(Number(us / 1000n)).toISOString();
    await appendOpsEvent(db, {
      eventType: 'EXPORT',
      tsUs: BigInt(Date.now()) * 1000n,
      actorId: actor,
      source: 'ops:rts24:export',
      detail: { format: 'rts24-csv', from: iso(fromUs), to: iso(toUs), rows: result.rows.length, sha256, destination: out ?? 'stdout' },
    });
    if (out === undefined) process.stdout.write(csv);
    else writeFileSync(out, csv);
    process.stderr.write(`rts24:export: ${result.rows.length} order events from ${iso(fromUs)} to ${iso(toUs)} (sha256 ${sha256}, recorded as an EXPORT audit event)\n`);
    return 0;
  });
}

runCli('rts24:export', run);
