import { limitProblems } from './compiled-limits';
import { RiskError } from './errors';
import type { RiskLimits } from './risk-limits';

type Kind = 'string' | 'number' | 'boolean' | 'strings';

const FIELDS: Readonly<Record<keyof RiskLimits, Kind>> = {
  maxOrderQty: 'string',
  maxOrderNotional: 'string',
  priceCollarPercent: 'number',
  priceCollarTicks: 'number',
  collarReference: 'string',
  maxLongQty: 'string',
  maxShortQty: 'string',
  maxNetPositionValue: 'string',
  maxGrossPositionValue: 'string',
  creditLimit: 'string',
  maxDailyLoss: 'string',
  maxOpenOrders: 'number',
  maxMessagesPerSecond: 'number',
  throttleMode: 'string',
  maxQueueDelayMs: 'number',
  maxOrderToTradeRatio: 'number',
  orderToTradeMinMessages: 'number',
  duplicateMaxRepeats: 'number',
  duplicateWindowMs: 'number',
  referenceMaxAgeMs: 'number',
  restrictedSymbols: 'strings',
  permittedSymbols: 'strings',
  cancelOnDisconnect: 'boolean',
};

function isField(name: string): name is keyof RiskLimits {
  return Object.hasOwn(FIELDS, name);
}

function fits(value: unknown, kind: Kind): boolean {
  if (kind === 'strings') return Array.isArray(value) && value.every((v) => typeof v === 'string');
  return typeof value === kind;
}

/**
 * Limits from outside (the database's JSON, a CLI argument): every field known and of its type, every value in
 * range. Throws RiskError listing every problem. A parse boundary: the one place a plain object becomes RiskLimits.
 */
export function parseRiskLimits(value: unknown, where: string): RiskLimits {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RiskError('GW_ERR_RISK_INVALID_LIMIT', `limits of ${where} must be an object`);
  const problems: string[] = [];
  for (const [name, v] of Object.entries(value)) {
    if (!isField(name)) problems.push(`unknown limit ${name}`);
    else if (!fits(v, FIELDS[name])) problems.push(`${name} must be ${FIELDS[name] === 'strings' ? 'a list of symbols' : `a ${FIELDS[name]}`}`);
  }
  if (problems.length === 0) problems.push(...limitProblems(value as RiskLimits));
  if (problems.length > 0) throw new RiskError('GW_ERR_RISK_INVALID_LIMIT', `limits of ${where}: ${problems.join('; ')}`);
  return value as RiskLimits;
}

/** The limit names risk knows, for usage texts. */
export const LIMIT_NAMES: readonly string[] = Object.keys(FIELDS);
