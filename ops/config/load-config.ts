import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { configSchema, type GatewayConfig } from './schema';

/** The environment variables the gateway reads, and where each lands in the config. */
export const ENV_OVERRIDES = {
  DATABASE_URL: ['database', 'url'],
  REDIS_URL: ['redis', 'url'],
  KAFKA_BROKERS: ['kafka', 'brokers'],
  GW_HTTP_PORT: ['http', 'port'],
  GW_FIX_PORT: ['fix', 'port'],
  GW_DATA_DIR: ['database', 'dataDir'],
  GW_LOG_LEVEL: ['log', 'level'],
  GW_DB_CONNECT_TIMEOUT_MS: ['database', 'connectTimeoutMs'],
} as const satisfies Record<string, readonly [string, string]>;

const NUMERIC_ENV = new Set<keyof typeof ENV_OVERRIDES>(['GW_HTTP_PORT', 'GW_FIX_PORT', 'GW_DB_CONNECT_TIMEOUT_MS']);

export type ConfigResult =
  | { readonly ok: true; readonly config: Readonly<GatewayConfig> }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface ConfigSource {
  readonly configFile?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readFile(configFile: string, problems: string[]): Tree {
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch (e: unknown) {
    const reason = e instanceof Error && 'code' in e && e.code === 'ENOENT' ? 'no such file' : String(e);
    problems.push(`config file ${configFile}: cannot be read (${reason}); pass an existing YAML file to --config`);
    return {};
  }
  try {
    const parsed: unknown = parseYaml(text, { prettyErrors: true });
    if (parsed === null || parsed === undefined) return {};
    if (!isTree(parsed)) {
      problems.push(`config file ${configFile}: the top level must be a mapping of sections (http, fix, database, ...)`);
      return {};
    }
    return parsed;
  } catch (e: unknown) {
    const where = e instanceof YAMLParseError ? ` at line ${e.linePos?.[0]?.line ?? '?'}` : '';
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    problems.push(`config file ${configFile}: not valid YAML${where}: ${first}`);
    return {};
  }
}

function applyEnv(tree: Tree, env: ConfigSource['env'], problems: string[]): void {
  for (const [name, [section, key]] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    let value: unknown = raw;
    if (NUMERIC_ENV.has(name as keyof typeof ENV_OVERRIDES)) {
      if (!/^\d+$/.test(raw)) {
        problems.push(`${name}: must be a whole number, got "${raw}"`);
        continue;
      }
      value = Number(raw);
    } else if (name === 'KAFKA_BROKERS') {
      value = raw.split(',').map((b) => b.trim()).filter((b) => b.length > 0);
    }
    const current = tree[section];
    const target: Tree = isTree(current) ? current : {};
    target[key] = value;
    tree[section] = target;
  }
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Reads the YAML file (when given), applies the environment on top, and checks the result against the one
 * schema. Every problem is listed with its path; nothing is opened or started here.
 */
export function loadConfig(source: ConfigSource): ConfigResult {
  const problems: string[] = [];
  const tree = source.configFile === undefined ? {} : readFile(source.configFile, problems);
  applyEnv(tree, source.env, problems);
  const parsed = configSchema.safeParse(tree);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      problems.push(`${path}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, config: deepFreeze(parsed.data) };
}

/** `--config FILE` or `--config=FILE` from the command line. */
export function configFileFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--config') return argv[i + 1] ?? '';
    if (arg?.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}
