import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Instrument, lotsToQty, ticksToPrice } from '../../../engine/model';
import type { AccountScope, Role } from '../access';
import { RestError } from '../errors';
import { decimalString, identifier, nullable, signedDecimalString } from '../schemas';
import { absAmount, type Amount, addAmounts, amountScale, doubleAmount, formatAmount, ticksLotsAmount, ZERO } from './amounts';
import type { RestRoutes } from './route-context';

/** What the portfolio routes read of pre-trade risk's state (positions, open orders, the day's P&L); PreTradeRisk fits it. */
export interface PortfolioQueries {
  accountSymbols(accountId: string): readonly string[];
  position(accountId: string, symbol: string): { readonly positionLots: number; readonly openBuyLots: number; readonly openSellLots: number; readonly dailyPnl: number };
  exposure(scope: 'account', id: string): { readonly openOrders: number; readonly tradesToday: number };
  markPriceTicks(symbol: string): number | undefined;
}

export interface PortfolioRoutesDeps {
  readonly risk: PortfolioQueries;
  readonly instrument: (symbol: string) => Instrument | undefined;
}

const ROLES: readonly Role[] = ['trader', 'viewer', 'risk', 'compliance', 'admin'];
const TAGS = ['portfolio'];
const ACCESS = { roles: ROLES, account: { in: 'query', field: 'account' } } as const;

const accountQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { account: { ...identifier, description: 'required for the risk, compliance and admin roles; a trader or viewer without it gets each of its accounts' } },
} as const;

const positionSchema = {
  type: 'object',
  required: ['account', 'symbol', 'currency', 'position', 'openBuyQty', 'openSellQty', 'markPrice', 'marketValue', 'dayPnl'],
  properties: {
    account: { type: 'string' },
    symbol: { type: 'string' },
    currency: { type: 'string' },
    position: { ...signedDecimalString, description: 'net quantity: positive long, negative short' },
    openBuyQty: decimalString,
    openSellQty: decimalString,
    markPrice: { ...nullable(decimalString), description: 'the external reference price when set, else the last trade; null while neither is known' },
    marketValue: { ...nullable(signedDecimalString), description: 'position x mark price, in the price currency' },
    dayPnl: { ...signedDecimalString, description: 'the trading day\'s realised and unrealised P&L (at the mark price), in the price currency' },
  },
} as const;

const currencyTotalSchema = {
  type: 'object',
  required: ['currency', 'netValue', 'grossValue', 'dayPnl'],
  properties: { currency: { type: 'string' }, netValue: signedDecimalString, grossValue: decimalString, dayPnl: signedDecimalString },
} as const;

const portfolioSchema = {
  type: 'object',
  required: ['accounts'],
  properties: {
    accounts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['account', 'openOrders', 'tradesToday', 'positions', 'totals'],
        properties: { account: { type: 'string' }, openOrders: { type: 'integer' }, tradesToday: { type: 'integer' }, positions: { type: 'array', items: positionSchema }, totals: { type: 'array', items: currencyTotalSchema } },
      },
    },
  },
} as const;

const pnlSchema = {
  type: 'object',
  required: ['accounts'],
  properties: {
    accounts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['account', 'totals', 'instruments'],
        properties: {
          account: { type: 'string' },
          totals: { type: 'array', items: { type: 'object', required: ['currency', 'dayPnl'], properties: { currency: { type: 'string' }, dayPnl: signedDecimalString } } },
          instruments: { type: 'array', items: { type: 'object', required: ['symbol', 'currency', 'dayPnl'], properties: { symbol: { type: 'string' }, currency: { type: 'string' }, dayPnl: signedDecimalString } } },
        },
      },
    },
  },
} as const;

interface AccountRequest {
  Querystring: { account?: string };
}

/** One instrument of an account, in exact integers and amounts. */
interface Holding {
  readonly account: string;
  readonly instrument: Instrument;
  readonly positionLots: number;
  readonly openBuyLots: number;
  readonly openSellLots: number;
  readonly markTicks: number | undefined;
  readonly marketValue: Amount | undefined;
  readonly dayPnl: Amount;
}

interface CurrencyTotal {
  netValue: Amount;
  grossValue: Amount;
  dayPnl: Amount;
}

/** The accounts a request is about: the one asked for (the access layer checked it), or every account of a trader or viewer. */
function accountsOf(request: FastifyRequest<AccountRequest>): readonly string[] {
  const scope: AccountScope | null = request.accountScope;
  if (scope === null) throw new RestError('GW_ERR_AUTH_REQUIRED', 'credentials required');
  const account = request.query.account;
  if (account !== undefined) return [account];
  if (scope.all) {
    throw new RestError('GW_ERR_REST_VALIDATION', 'account is required for a gateway-wide role', { details: { in: 'querystring', errors: [{ path: '/account', message: 'required', keyword: 'required' }] } });
  }
  return [...scope.accounts].sort();
}

function holdingsOf(deps: PortfolioRoutesDeps, account: string): Holding[] {
  const out: Holding[] = [];
  for (const symbol of [...deps.risk.accountSymbols(account)].sort()) {
    const instrument = deps.instrument(symbol);
    if (instrument === undefined) continue;
    const p = deps.risk.position(account, symbol);
    const markTicks = deps.risk.markPriceTicks(symbol);
    const marketValue = markTicks === undefined ? undefined : ticksLotsAmount(BigInt(p.positionLots) * BigInt(markTicks), instrument);
    out.push({ account, instrument, positionLots: p.positionLots, openBuyLots: p.openBuyLots, openSellLots: p.openSellLots, markTicks, marketValue, dayPnl: doubleAmount(p.dailyPnl, instrument) });
  }
  return out;
}

function positionJson(h: Holding): unknown {
  const i = h.instrument;
  return {
    account: h.account,
    symbol: i.symbol,
    currency: i.currency,
    position: lotsToQty(h.positionLots, i),
    openBuyQty: lotsToQty(h.openBuyLots, i),
    openSellQty: lotsToQty(h.openSellLots, i),
    markPrice: h.markTicks === undefined ? null : ticksToPrice(h.markTicks, i),
    marketValue: h.marketValue === undefined ? null : formatAmount(h.marketValue),
    dayPnl: formatAmount(h.dayPnl),
  };
}

/** Net and gross value and P&L per currency (instruments of different currencies are never added up). */
function totalsOf(holdings: readonly Holding[]): { readonly currency: string; readonly netValue: string; readonly grossValue: string; readonly dayPnl: string }[] {
  const totals = new Map<string, CurrencyTotal>();
  for (const h of holdings) {
    const currency = h.instrument.currency;
    let t = totals.get(currency);
    if (t === undefined) totals.set(currency, (t = { netValue: ZERO, grossValue: ZERO, dayPnl: ZERO }));
    const value = h.marketValue ?? { units: 0n, scale: amountScale(h.instrument) };
    t.netValue = addAmounts(t.netValue, value);
    t.grossValue = addAmounts(t.grossValue, absAmount(value));
    t.dayPnl = addAmounts(t.dayPnl, h.dayPnl);
  }
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => ({ currency, netValue: formatAmount(t.netValue), grossValue: formatAmount(t.grossValue), dayPnl: formatAmount(t.dayPnl) }));
}

/**
 * Positions, portfolio and the day's P&L of accounts, as pre-trade risk counts them from the engine's events: a
 * trader or viewer sees its own accounts, risk, compliance and admin any account they name. Amounts are exact
 * decimal strings in each instrument's price currency, totalled per currency.
 */
export function portfolioRoutes(deps: PortfolioRoutesDeps): RestRoutes {
  return (api: FastifyInstance) => {
    api.get<AccountRequest>('/positions', {
      config: { access: ACCESS },
      schema: { tags: TAGS, summary: 'Positions per account and instrument: net quantity, open buy and sell quantity, mark price, market value, day P&L', querystring: accountQuery, response: { 200: { type: 'object', required: ['positions'], properties: { positions: { type: 'array', items: positionSchema } } } } },
    }, async (request) => ({ positions: accountsOf(request).flatMap((account) => holdingsOf(deps, account).map(positionJson)) }));

    api.get<AccountRequest>('/portfolio', {
      config: { access: ACCESS },
      schema: { tags: TAGS, summary: 'Per account: open orders, the day\'s trades, positions and their value and P&L totalled per currency', querystring: accountQuery, response: { 200: portfolioSchema } },
    }, async (request) => ({
      accounts: accountsOf(request).map((account) => {
        const holdings = holdingsOf(deps, account);
        const exposure = deps.risk.exposure('account', account);
        return { account, openOrders: exposure.openOrders, tradesToday: exposure.tradesToday, positions: holdings.map(positionJson), totals: totalsOf(holdings) };
      }),
    }));

    api.get<AccountRequest>('/pnl', {
      config: { access: ACCESS },
      schema: { tags: TAGS, summary: 'The trading day\'s P&L (realised and unrealised at the mark price) per account, per instrument and per currency', querystring: accountQuery, response: { 200: pnlSchema } },
    }, async (request) => ({
      accounts: accountsOf(request).map((account) => {
        const holdings = holdingsOf(deps, account);
        return {
          account,
          totals: totalsOf(holdings).map(({ currency, dayPnl }) => ({ currency, dayPnl })),
          instruments: holdings.map((h) => ({ symbol: h.instrument.symbol, currency: h.instrument.currency, dayPnl: formatAmount(h.dayPnl) })),
        };
      }),
    }));
  };
}
