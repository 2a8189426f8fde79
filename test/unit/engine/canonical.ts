import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';

/** A stable text of any event: keys sorted, undefined fields left out, bigints as `123n`. Two equal events, one text. */
export function canonical(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'bigint':
      return `${value}n`;
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
      const entries = Object.entries(value).filter(([, v]) => v !== undefined);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
    }
    default:
      return 'undefined';
  }
}

/** A running SHA-256 over a stream of events. */
export class StreamHash {
  private readonly hash: Hash = createHash('sha256');
  count = 0;

  add(text: string): void {
    this.hash.update(text);
    this.hash.update('\n');
    this.count += 1;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
