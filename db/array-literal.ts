/**
 * A column's values as a Postgres array literal, for an `$n::type[]` parameter. node-postgres writes an array
 * parameter the same way, but runs every element through two regular-expression replacements and quotes even
 * numbers; here numbers, bigints and booleans go bare, and a string is escaped only when it holds a quote or a
 * backslash. Elements are what pg accepts in an array: null or undefined (NULL), numbers, bigints, booleans and
 * strings; anything else (an object, a Buffer: see packed-bytes) is refused, so nothing is written differently
 * from pg without notice.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) out += ',';
    out += element(values[i]);
  }
  return `${out}}`;
}

const NEEDS_ESCAPE = /["\\]/;

function element(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'NULL';
    case 'string':
      return NEEDS_ESCAPE.test(value) ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${value}"`;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      if (value === null) return 'NULL';
      throw new TypeError(`arrayLiteral: an element of type ${typeof value} (${Object.prototype.toString.call(value)}) is not supported`);
  }
}
