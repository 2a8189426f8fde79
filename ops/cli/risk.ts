/**
 * `npm run risk -- <command> [options] [--config FILE]`: pre-trade risk limits and kill switches from the command
 * line, as the REST API does. Every change is stored with who and when (risk_limit_change, risk_kill_event,
 * risk_reference_price_event); a running gateway picks it up within its refresh interval (LiveRiskLimits.refresh).
 *
 *   set-limit   --scope global|firm|account|session --id ID [--symbol SYM] --limits JSON --by USERNAME [--reason TEXT]
 *   clear-limit --scope ... --id ID [--symbol SYM] --by USERNAME [--reason TEXT]
 *   list-limits [--scope ... --id ID]   (with --scope and --id: that level's change history)
 *   kill        --scope global|firm|account|session [--id ID] --by USERNAME [--reason TEXT]
 *   release     --scope global|firm|account|session [--id ID] --by USERNAME [--reason TEXT]
 *   set-reference   --symbol SYM --price DECIMAL --by USERNAME [--reason TEXT]   (an external reference price)
 *   clear-reference --symbol SYM --by USERNAME [--reason TEXT]
 *
 * --by names a user of the gateway with the risk role (the named person RTS 6 asks for).
 */
import { InstrumentRepository, migrate, RiskKillRepository, RiskLimitRepository, type RiskLimitScope, RiskReferencePriceRepository, UserRepository, type Database } from '../../db';
import { defineInstrument } from '../../engine/model';
import { parseRiskLimits, referencePriceTicks, type RiskLimits } from '../../risk';
import type { GatewayConfig } from '../config';
import { runCli, withDatabase } from './cli-database';

const USAGE = `usage: risk <command> [options] [--config FILE]
  set-limit   --scope global|firm|account|session --id ID [--symbol SYM] --limits JSON --by USERNAME [--reason TEXT]
  clear-limit --scope ... --id ID [--symbol SYM] --by USERNAME [--reason TEXT]
  list-limits [--scope ... --id ID]
  kill        --scope ... [--id ID] --by USERNAME [--reason TEXT]
  release     --scope ... [--id ID] --by USERNAME [--reason TEXT]
  set-reference   --symbol SYM --price DECIMAL --by USERNAME [--reason TEXT]
  clear-reference --symbol SYM --by USERNAME [--reason TEXT]`;
const COMMANDS = ['set-limit', 'clear-limit', 'list-limits', 'kill', 'release', 'set-reference', 'clear-reference'] as const;
type Command = (typeof COMMANDS)[number];
const OPTIONS = ['--scope', '--id', '--symbol', '--limits', '--price', '--by', '--reason', '--config'];
const SCOPES: readonly RiskLimitScope[] = ['global', 'firm', 'account', 'session'];

interface Args {
  readonly command: Command;
  readonly values: ReadonlyMap<string, string>;
}

function isCommand(text: string): text is Command {
  return (COMMANDS as readonly string[]).includes(text);
}

function isScope(text: string): text is RiskLimitScope {
  return (SCOPES as readonly string[]).includes(text);
}

function parseArgs(argv: readonly string[]): Args | string {
  const [command, ...rest] = argv;
  if (command === undefined || !isCommand(command)) return `unknown command ${command ?? '(none)'}`;
  const values = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] ?? '';
    const value = rest[i + 1];
    if (!OPTIONS.includes(arg)) return `unknown argument ${arg}`;
    if (value === undefined) return `${arg} needs a value`;
    values.set(arg, value);
    i += 1;
  }
  return { command, values };
}

/** The level an option set names: scope and id ('*' for global). */
function level(values: ReadonlyMap<string, string>): { scope: RiskLimitScope; id: string } | string {
  const scope = values.get('--scope');
  if (scope === undefined || !isScope(scope)) return '--scope must be global, firm, account or session';
  const id = scope === 'global' ? '*' : values.get('--id');
  if (id === undefined) return `a ${scope} needs --id`;
  return { scope, id };
}

/** The named risk officer acting, or a problem. */
async function officer(db: Database, values: ReadonlyMap<string, string>): Promise<string> {
  const username = values.get('--by');
  if (username === undefined) throw new Error('--by USERNAME is required: a named user with the risk role');
  const user = await new UserRepository(db).findByUsername(username);
  if (user === null || user.disabled) throw new Error(`no active user ${username}`);
  if (!user.roles.includes('risk')) throw new Error(`${username} has no risk role: only a risk officer may change limits or kill switches`);
  return user.username;
}

function limitsArg(values: ReadonlyMap<string, string>, where: string): RiskLimits {
  const text = values.get('--limits');
  if (text === undefined) throw new Error('--limits JSON is required, e.g. --limits \'{"maxOrderQty":"1000"}\'');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e: unknown) {
    throw new Error(`--limits is not JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return parseRiskLimits(json, where);
}

async function execute(db: Database, config: Readonly<GatewayConfig>, args: Args, out: (line: string) => void): Promise<number> {
  const limits = new RiskLimitRepository(db);
  const kills = new RiskKillRepository(db);
  const { values } = args;
  if (args.command === 'list-limits') {
    const scope = values.get('--scope');
    const id = values.get('--id');
    if (scope !== undefined && isScope(scope) && id !== undefined) {
      for (const c of await limits.history(scope, id)) {
        out(`#${c.changeId} ${c.changedAt.toISOString()} ${c.changedBy}${c.symbol === null ? '' : ` [${c.symbol}]`}: ${JSON.stringify(c.oldLimits)} -> ${JSON.stringify(c.newLimits)}${c.reason === null ? '' : ` (${c.reason})`}`);
      }
      return 0;
    }
    for (const r of await limits.list()) out(`${r.scope} ${r.scopeId}${r.symbol === null ? '' : ` [${r.symbol}]`}: ${JSON.stringify(r.limits)} (by ${r.updatedBy}, ${r.updatedAt.toISOString()})`);
    for (const k of await kills.engaged()) out(`KILL SWITCH ENGAGED: ${k.scope} ${k.scopeId} by ${k.actor} at ${k.at.toISOString()}${k.reason === null ? '' : ` (${k.reason})`}`);
    for (const r of await new RiskReferencePriceRepository(db).current()) out(`REFERENCE PRICE: ${r.symbol} ${r.price ?? ''} by ${r.actor} at ${r.at.toISOString()}${r.reason === null ? '' : ` (${r.reason})`}`);
    return 0;
  }
  if (args.command === 'set-reference' || args.command === 'clear-reference') return referencePrice(db, config, args, out);
  const where = level(values);
  if (typeof where === 'string') throw new Error(where);
  const by = await officer(db, values);
  const reason = values.get('--reason') ?? null;
  const symbol = values.get('--symbol') ?? null;
  switch (args.command) {
    case 'set-limit': {
      const parsed = limitsArg(values, `${where.scope} ${where.id}`);
      const change = await limits.change({ scope: where.scope, scopeId: where.id, symbol, limits: parsed, changedBy: by, reason });
      out(`change #${change.changeId}: ${where.scope} ${where.id}${symbol === null ? '' : ` [${symbol}]`} ${JSON.stringify(change.oldLimits)} -> ${JSON.stringify(change.newLimits)}`);
      return 0;
    }
    case 'clear-limit': {
      const change = await limits.change({ scope: where.scope, scopeId: where.id, symbol, limits: null, changedBy: by, reason });
      out(`change #${change.changeId}: ${where.scope} ${where.id}${symbol === null ? '' : ` [${symbol}]`} limits removed (were ${JSON.stringify(change.oldLimits)})`);
      return 0;
    }
    default: {
      const action = args.command === 'kill' ? 'KILL' : 'RELEASE';
      const engaged = (await kills.engaged()).some((k) => k.scope === where.scope && k.scopeId === where.id);
      if (action === 'RELEASE' && !engaged) throw new Error(`no kill switch is engaged for ${where.scope} ${where.id}`);
      const event = await kills.record(action, where.scope, where.id, by, reason);
      out(`${action} #${event.eventId}: ${where.scope} ${where.id} by ${by}`);
      return 0;
    }
  }
}

/** Sets or withdraws an instrument's external reference price, checked against the instrument as the gateway checks it. */
async function referencePrice(db: Database, config: Readonly<GatewayConfig>, args: Args, out: (line: string) => void): Promise<number> {
  const { values } = args;
  const symbol = values.get('--symbol');
  if (symbol === undefined) throw new Error('--symbol SYM is required');
  const by = await officer(db, values);
  const references = new RiskReferencePriceRepository(db);
  const current = (await references.current()).find((r) => r.symbol === symbol);
  let price: string | null = null;
  if (args.command === 'set-reference') {
    price = values.get('--price') ?? null;
    if (price === null) throw new Error('--price DECIMAL is required');
    // The gateway's instruments: those stored, and those its configuration adds at its next start.
    const record = (await new InstrumentRepository(db).get(symbol)) ?? config.instruments.find((i) => i.symbol === symbol);
    const ticks = referencePriceTicks(symbol, price, record === undefined ? undefined : defineInstrument(record));
    if (typeof ticks === 'string') throw new Error(ticks);
  } else if (current === undefined) {
    throw new Error(`no reference price is set for ${symbol}`);
  }
  const event = await references.record(symbol, price, by, values.get('--reason') ?? null);
  out(`REFERENCE #${event.eventId}: ${symbol} ${current?.price ?? 'none'} -> ${event.price ?? 'none'} by ${by}`);
  return 0;
}

async function run(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`risk: ${args}\n${USAGE}\n`);
    return 2;
  }
  return withDatabase('risk', async ({ db, config }) => {
    await migrate(db);
    return execute(db, config, args, (line) => process.stdout.write(`${line}\n`));
  });
}

runCli('risk', run);
