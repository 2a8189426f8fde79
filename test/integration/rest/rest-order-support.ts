/** What the REST order tests share: late-bound desks, the order body and request helpers. */
import type { LightMyRequestResponse } from 'fastify';
import type { RestHarness } from './rest-harness';

/** An object that stands for one made later: every property read goes to it, methods bound to it. */
export function late<T extends object>(target: () => T): T {
  return new Proxy({} as T, {
    get: (_t, name) => {
      const value: unknown = Reflect.get(target(), name);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target()) : value;
    },
  });
}

export interface OrderBody {
  orderId: string;
  clientOrderId: string;
  origClientOrderId: string | null;
  account: string;
  symbol: string;
  status: string;
  quantity: string;
  price: string | null;
  filledQty: string;
  leavesQty: string;
  avgPrice: string;
  fills?: { tradeId: string; price: string; quantity: string; liquidity: string }[];
}

/** A limit order's body on ACME. */
export const limit = (account: string, side: 'BUY' | 'SELL', quantity: string, price: string, extra: Record<string, unknown> = {}) => ({ account, symbol: 'ACME', side, type: 'LIMIT', quantity, price, ...extra });

/** POST /api/v1/orders through the harness. */
export const placeOrder = (rest: RestHarness, auth: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse> =>
  rest.request('POST', '/api/v1/orders', { auth, body, ...(headers === undefined ? {} : { headers }) });

/** The status and the stable error code of an answer. */
export const errorOf = (response: LightMyRequestResponse): [number, string] => [response.statusCode, response.json<{ code: string }>().code];
