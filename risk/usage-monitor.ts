import type { Instrument } from '../engine/model';
import type { RiskEntity } from './risk-entity';

export type UsageLimit =
  | 'maxOpenOrders'
  | 'maxMessagesPerSecond'
  | 'maxOrderToTradeRatio'
  | 'creditLimit'
  | 'maxDailyLoss'
  | 'maxGrossPositionValue'
  | 'maxNetPositionValue'
  | 'maxLongQty'
  | 'maxShortQty';

/**
 * How much of one limit is in use: counts for open orders and messages (per second, in the token bucket), the
 * ratio for order-to-trade, the price currency for credit, loss and position values, lots for long and short.
 */
export interface LimitUsage {
  readonly limit: UsageLimit;
  /** "account A1", "firm F1", "session S1", "global". */
  readonly scope: string;
  /** The instrument, for long and short positions. */
  readonly symbol?: string | undefined;
  readonly used: number;
  readonly max: number;
}

/** What risk tells monitoring at once: a limit's usage crossed the alert fraction, or a session was latched. */
export type RiskAlert =
  | { readonly kind: 'USAGE'; readonly tsUs: bigint; readonly fraction: number; readonly usage: LimitUsage }
  | { readonly kind: 'LATCHED'; readonly tsUs: bigint; readonly sessionId: string; readonly text: string };

/** The usage of every limit one level has set. */
export function* usageOf(entity: RiskEntity, nowUs: number, instrument: (symbol: string) => Instrument | undefined): Generator<LimitUsage> {
  const l = entity.general;
  const scope = entity.label;
  if (l?.maxOpenOrders !== undefined) yield { limit: 'maxOpenOrders', scope, used: entity.openOrders, max: l.maxOpenOrders };
  if (l?.maxMessagesPerSecond !== undefined && entity.rateIntervalUs > 0) {
    yield { limit: 'maxMessagesPerSecond', scope, used: Math.max(0, Math.ceil((entity.rateTatUs - nowUs) / entity.rateIntervalUs)), max: l.maxMessagesPerSecond };
  }
  if (l?.maxOrderToTradeRatio !== undefined) yield { limit: 'maxOrderToTradeRatio', scope, used: entity.messagesDay / Math.max(1, entity.tradesDay), max: l.maxOrderToTradeRatio };
  if (l?.creditLimit !== undefined) yield { limit: 'creditLimit', scope, used: entity.openValue + entity.grossPositionValue(), max: Number(l.creditLimit) };
  if (l?.maxDailyLoss !== undefined) yield { limit: 'maxDailyLoss', scope, used: Math.max(0, -entity.dailyPnl()), max: Number(l.maxDailyLoss) };
  if (l?.maxGrossPositionValue !== undefined) yield { limit: 'maxGrossPositionValue', scope, used: entity.grossPositionValue(), max: Number(l.maxGrossPositionValue) };
  if (l?.maxNetPositionValue !== undefined) yield { limit: 'maxNetPositionValue', scope, used: Math.abs(entity.netPositionValue()), max: Number(l.maxNetPositionValue) };
  for (const book of entity.bookList) {
    const inst = instrument(book.ref.symbol);
    if (inst === undefined) continue;
    const c = entity.limitsFor(inst);
    const symbol = inst.symbol;
    if (c.maxLongLots !== Number.POSITIVE_INFINITY) yield { limit: 'maxLongQty', scope, symbol, used: Math.max(0, book.positionLots + book.openBuyLots), max: c.maxLongLots };
    if (c.maxShortLots !== Number.POSITIVE_INFINITY) yield { limit: 'maxShortQty', scope, symbol, used: Math.max(0, -book.positionLots + book.openSellLots), max: c.maxShortLots };
  }
}

/**
 * Alerts when a limit's usage crosses the fraction upward (once, until it falls back under), RTS 6 Art. 16. The
 * caller scans every second or so (the regulation asks for alerts within 5 s), off the order path.
 */
export class UsageMonitor {
  private readonly above = new Set<string>();

  constructor(private readonly fraction: number) {}

  scan(usages: Iterable<LimitUsage>, tsUs: bigint): RiskAlert[] {
    const alerts: RiskAlert[] = [];
    const seen = new Set<string>();
    for (const usage of usages) {
      const key = `${usage.limit}|${usage.scope}|${usage.symbol ?? ''}`;
      if (usage.max <= 0 || usage.used < this.fraction * usage.max) continue;
      seen.add(key);
      if (!this.above.has(key)) alerts.push({ kind: 'USAGE', tsUs, fraction: this.fraction, usage });
    }
    this.above.clear();
    for (const key of seen) this.above.add(key);
    return alerts;
  }
}
