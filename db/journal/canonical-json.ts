/**
 * The journal's canonical JSON: exactly what `JSON.stringify` gives with a replacer that writes bigints as strings
 * (a record's hash covers these bytes), written by hand. JSON.stringify with a replacer calls the replacer for every
 * key and value and leaves V8's fast path; this walk does not, and it writes an order's terms once: the object an
 * event holds under `order` is an order's terms, immutable once made (a replace makes new ones), and every event of
 * the order carries the same object, so its text is remembered (weakly: it goes when the terms go).
 */
const termsText = new WeakMap<object, string>();
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 4096;

export function canonicalText(value: unknown): string {
  return write(value, false) ?? 'null';
}

/** The canonical JSON as the bytes a record's body holds (UTF-8). */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalText(value), 'utf8');
}

/** The replacer form, for values that define toJSON (none of the journal's do): their output must not change. */
function replacer(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

/** A value's text; undefined for what JSON leaves out of an object (undefined, functions, symbols). */
function write(value: unknown, isTerms: boolean): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return `"${value.toString()}"`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value, replacer);
      if (Array.isArray(value)) return writeArray(value);
      if (isTerms) {
        const known = termsText.get(value);
        if (known !== undefined) return known;
        const text = writeObject(value);
        termsText.set(value, text);
        return text;
      }
      return writeObject(value);
    default:
      return undefined;
  }
}

function writeArray(values: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) out += ',';
    out += write(values[i], false) ?? 'null';
  }
  return `${out}]`;
}

function writeObject(object: object): string {
  let out = '{';
  let first = true;
  const keys = Object.keys(object);
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    const text = write((object as Record<string, unknown>)[key], key === 'order');
    if (text === undefined) continue;
    out += first ? quoted(key) : `,${quoted(key)}`;
    out += text;
    first = false;
  }
  return `${out}}`;
}

/** `"key":`, remembered for the journal's few field names. */
function quoted(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, q);
  }
  return q;
}
