import { ALL_ROLES } from './access';

/** JSON Schemas shared by the routes: the single source of validation and of the OpenAPI document. */

/** An exact decimal string such as "0.01": prices and quantities are never JSON numbers. */
export const decimalString = { type: 'string', pattern: '^(0|[1-9][0-9]*)(\\.[0-9]+)?$', examples: ['0.01'] } as const;

/** A decimal string that may be negative: positions, values and P&L. */
export const signedDecimalString = { type: 'string', pattern: '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$', examples: ['-12.50'] } as const;

export const identifier = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$' } as const;

export const roleSchema = { type: 'string', enum: ALL_ROLES } as const;

export const rolesSchema = { type: 'array', items: roleSchema, minItems: 1, uniqueItems: true } as const;

export const accountsSchema = { type: 'array', items: identifier, uniqueItems: true, maxItems: 1000 } as const;

export const errorSchema = {
  type: 'object',
  required: ['code', 'message', 'details'],
  properties: {
    code: { type: 'string', description: 'stable machine-readable code, GW_ERR_...' },
    message: { type: 'string' },
    details: {},
  },
} as const;

export const timestamp = { type: 'string', format: 'date-time' } as const;

export const nullable = <S extends object>(schema: S) => ({ anyOf: [schema, { type: 'null' }] }) as const;
