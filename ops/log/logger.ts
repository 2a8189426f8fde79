import winston from 'winston';

/** Field names whose values never reach a log line. */
const SECRET_KEYS = new Set(['password', 'secret', 'apikey', 'apisecret', 'totpsecret', 'token', 'authorization', 'newpassword']);
/** FIX Password(554) and NewPassword(925) inside raw tag=value text. */
const FIX_SECRET_TAGS = /(^|[\x01|])(554|925)=[^\x01|]*/g;
const REDACTED = '[redacted]';

function redactValue(key: string, value: unknown, depth: number): unknown {
  if (SECRET_KEYS.has(key.toLowerCase())) return REDACTED;
  if (typeof value === 'string') return value.replace(FIX_SECRET_TAGS, `$1$2=${REDACTED}`);
  if (depth < 4 && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(k, v, depth + 1);
    return out;
  }
  return value;
}

/** Redacts passwords, API secrets, TOTP secrets and FIX tags 554/925 from every log entry. */
const redact = winston.format((info) => {
  for (const key of Object.keys(info)) {
    info[key] = redactValue(key, info[key], 0);
  }
  return info;
});

export type Logger = winston.Logger;

export interface LoggerOptions {
  readonly level: string;
  /** Where JSON lines go; stdout by default. Tests pass a stream to read them back. */
  readonly stream?: NodeJS.WritableStream;
}

/** The root logger: JSON lines with an ISO timestamp. Modules take `logger.child({ module })`. */
export function createLogger(options: LoggerOptions): Logger {
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  return winston.createLogger({
    level: options.level,
    format: winston.format.combine(redact(), winston.format.timestamp(), winston.format.json()),
    transports: [transport],
  });
}
