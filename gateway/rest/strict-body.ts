import type { FastifyInstance } from 'fastify';
import { RestError } from './errors';

interface Mismatch {
  readonly path: string;
  readonly message: string;
  readonly keyword: 'type';
}

function declaredTypes(schema: Record<string, unknown>): readonly string[] {
  const type = schema['type'];
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

function asSchema(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Values whose JSON type differs from the one the schema declares (the default Ajv would coerce them). */
function mismatches(schema: Record<string, unknown>, value: unknown, path: string, out: Mismatch[]): void {
  const types = declaredTypes(schema);
  if (types.length > 0 && value !== undefined) {
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    const fits = types.some((t) => t === actual || (t === 'integer' && actual === 'number'));
    if (!fits) {
      out.push({ path, message: `must be ${types.join(' or ')} (a JSON ${actual} is not converted)`, keyword: 'type' });
      return;
    }
  }
  const properties = asSchema(schema['properties']);
  if (properties !== null && asSchema(value) !== null) {
    for (const [key, child] of Object.entries(properties)) {
      const childSchema = asSchema(child);
      const childValue = (value as Record<string, unknown>)[key];
      if (childSchema !== null && childValue !== undefined) mismatches(childSchema, childValue, `${path}/${key}`, out);
    }
  }
  const items = asSchema(schema['items']);
  if (items !== null && Array.isArray(value)) value.forEach((item, i) => mismatches(items, item, `${path}/${i}`, out));
}

/**
 * fastify's default Ajv coerces types (a JSON number 0.01 becomes the string "0.01"). A price or quantity sent as a
 * number has already passed through a float, so request bodies are checked for exact JSON types first: a
 * number where the schema says string is a 400, not a silent conversion. Query strings keep their coercion.
 */
export function installStrictBodyTypes(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const schema = asSchema(request.routeOptions.schema?.body);
    if (schema === null || request.body === undefined) return;
    const found: Mismatch[] = [];
    mismatches(schema, request.body, '', found);
    const first = found[0];
    if (first !== undefined) {
      throw new RestError('GW_ERR_REST_VALIDATION', `body${first.path} ${first.message}`, { details: { in: 'body', errors: found } });
    }
  });
}
