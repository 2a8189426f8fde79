import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type CancelOrder, Channel, type Instrument, isTerminalStatus, type MassCancel, type OrderCommand, RejectCode, Side } from '../../../engine/model';
import type { SequencedEvent } from '../../order-path';
import type { AccountScope, Principal, Role } from '../access';
import { RestError } from '../errors';
import { IDEMPOTENCY_HEADER_SCHEMA } from '../idempotency';
import { buildPlaceOrder, buildReplaceOrder } from './order-commands';
import { depthJson, fillJson, type FillJson, orderJson, type OrderJson, recordedFillJson } from './order-json';
import { rejectError } from './order-rejects';
import {
  listOrdersQuery,
  type ListOrdersQuery,
  massCancelQuery,
  type MassCancelQuery,
  orderBookParams,
  orderBookQuery,
  orderIdParams,
  orderResponses,
  placeOrderBody,
  type PlaceOrderBody,
  replaceOrderBody,
  type ReplaceOrderBody,
} from './order-schemas';
import { type FoundOrder, rejectionOf, type RestOrderDesk } from './rest-order-desk';
import type { RestOrderRecord } from './rest-order-store';
import type { RestRoutes } from './route-context';

const TRADE: readonly Role[] = ['trader', 'admin'];
const READ: readonly Role[] = ['trader', 'viewer', 'risk', 'compliance', 'admin'];
const MASS_CANCEL: readonly Role[] = ['trader', 'risk', 'admin'];
const TAGS = ['orders'];

interface IdRequest {
  Params: { id: string };
}

function principalOf(request: FastifyRequest): { readonly principal: Principal; readonly scope: AccountScope } {
  const principal = request.principal;
  const scope = request.accountScope;
  if (principal === null || scope === null) throw new RestError('GW_ERR_AUTH_REQUIRED', 'credentials required');
  return { principal, scope };
}

function instrumentOf(desk: RestOrderDesk, symbol: string): Instrument {
  const instrument = desk.instrument(symbol);
  if (instrument === undefined) throw new Error(`instrument ${symbol} of a known order is not in the engine`);
  return instrument;
}

function view(record: RestOrderRecord, desk: RestOrderDesk): OrderJson {
  return orderJson(record.terms, record.state, record.updatedUs, instrumentOf(desk, record.terms.symbol));
}

/** The order's state as the store has it once the command's events are released, or as those events leave it. */
function resultOf(desk: RestOrderDesk, orderId: number, events: readonly SequencedEvent[]): OrderJson & { readonly fills: readonly FillJson[] } {
  let record: RestOrderRecord | undefined = desk.store.get(orderId);
  const fills: FillJson[] = [];
  for (const { event } of events) {
    if (event.kind === 'Trade') {
      const fill = fillJson(event, orderId, instrumentOf(desk, event.symbol));
      if (fill !== undefined) fills.push(fill);
      if (record === undefined) {
        const side = event.maker.order.orderId === orderId ? event.maker : event.taker;
        if (side.order.orderId === orderId) record = { terms: side.order, state: side, updatedUs: event.tsUs, clientOrderIds: [side.order.clientOrderId] };
      }
    }
  }
  if (record === undefined) {
    for (let i = events.length - 1; i >= 0 && record === undefined; i -= 1) {
      const event = events[i]?.event;
      if (event !== undefined && event.kind !== 'Trade' && event.kind !== 'TradeAmended' && event.kind !== 'MassCancelCompleted' && event.kind !== 'TradingStatusChanged' && event.order?.orderId === orderId) {
        record = { terms: event.order, state: event, updatedUs: event.tsUs, clientOrderIds: [event.order.clientOrderId] };
      }
    }
  }
  if (record === undefined) throw new Error(`no state of order ${orderId} after its command`);
  return { ...view(record, desk), fills };
}

/** Refused commands as errors; a cancel or replace of an order finished meanwhile is "already done", not "unknown". */
function refuseIfRejected(command: OrderCommand, events: readonly SequencedEvent[], clientOrderId: string | undefined, known?: FoundOrder): void {
  const refused = rejectionOf(command, events);
  if (refused === undefined) return;
  const code = refused.code === RejectCode.UnknownOrder && known !== undefined ? RejectCode.OrderAlreadyDone : refused.code;
  throw rejectError(code, refused.text, { clientOrderId, orderId: known?.terms.orderId });
}

/** The caller's own working order behind /orders/{id}: 404 outside its scope, 403 when another client placed it, 409 when done. */
function ownWorkingOrder(desk: RestOrderDesk, request: FastifyRequest<IdRequest>): { readonly found: FoundOrder; readonly source: string } {
  const { principal, scope } = principalOf(request);
  const orderId = Number(request.params.id);
  const found = desk.find(orderId, scope);
  if (found === undefined) throw new RestError('GW_ERR_ORDER_NOT_FOUND', `no order ${orderId}`, { details: { orderId: request.params.id } });
  const source = desk.sourceOf(principal);
  if (found.terms.sessionId !== source) {
    throw new RestError('GW_ERR_ORDER_NOT_OWNER', `order ${orderId} was placed by another client; cancel it there, or cancel the account's orders with DELETE /orders`, { details: { orderId: request.params.id } });
  }
  if (isTerminalStatus(found.state.status)) {
    throw rejectError(RejectCode.OrderAlreadyDone, `order ${orderId} is already ${found.state.status.toLowerCase()}`, { clientOrderId: found.terms.clientOrderId, orderId });
  }
  return { found, source };
}

/**
 * The client order id of an order placed with an Idempotency-Key and none of its own: named by the key's claim, so
 * that a repeat after a crash finds the order the first attempt placed.
 */
function claimedClientOrderId(claim: string): string {
  return `I${claim}`;
}

function freshClientOrderId(desk: RestOrderDesk, source: string, given: string | undefined): string {
  if (given === undefined) return desk.newClientOrderId();
  if (desk.clientOrderIdUsed(source, given)) throw rejectError(RejectCode.DuplicateClientOrderId, `client order id ${given} was already used by this client`, { clientOrderId: given });
  return given;
}

function matches(record: RestOrderRecord, scope: AccountScope, query: ListOrdersQuery, afterId: number): boolean {
  const { terms, state } = record;
  if (terms.orderId <= afterId) return false;
  if (!scope.all && !scope.accounts.includes(terms.account)) return false;
  if (query.account !== undefined && terms.account !== query.account) return false;
  if (query.symbol !== undefined && terms.symbol !== query.symbol) return false;
  if (query.status !== undefined && state.status !== query.status) return false;
  if (query.open === true && isTerminalStatus(state.status)) return false;
  if (query.clientOrderId !== undefined && !record.clientOrderIds.includes(query.clientOrderId)) return false;
  return true;
}

/**
 * The order routes: REST orders take the one order path (pre-trade risk, engine, journal, drop copies) and each
 * answer waits for the durability barrier. Traders act for their own accounts; viewers, risk and compliance read;
 * risk also mass-cancels. Replace and cancel by id act on the caller's own orders.
 */
export function orderRoutes(desk: RestOrderDesk): RestRoutes {
  return (api: FastifyInstance, context) => {
    api.post<{ Body: PlaceOrderBody }>('/orders', {
      config: { access: { roles: TRADE, account: { in: 'body', field: 'account' } } },
      schema: {
        tags: TAGS,
        summary: 'Place an order; answered once its outcome is durable in the journal (201 with the order, 4xx with the RejectCode when refused)',
        headers: IDEMPOTENCY_HEADER_SCHEMA,
        body: placeOrderBody,
        response: orderResponses.created,
      },
    }, async (request, reply) =>
      context.idempotency.respond(request, reply, 201, async (claim) => {
        const { principal } = principalOf(request);
        const body = request.body;
        const source = desk.sourceOf(principal);
        const instrument = desk.instrument(body.symbol);
        if (instrument === undefined) throw rejectError(RejectCode.UnknownInstrument, `unknown instrument ${body.symbol}`, { clientOrderId: body.clientOrderId });
        const firm = await desk.firmOf(body.account);
        if (firm === null) throw rejectError(RejectCode.InvalidAccount, `unknown account ${body.account}`, { clientOrderId: body.clientOrderId });
        const clientOrderId = freshClientOrderId(desk, source, body.clientOrderId ?? (claim === undefined ? undefined : claimedClientOrderId(claim)));
        const built = buildPlaceOrder(body, instrument, { sessionId: source, clientOrderId, firm });
        if (!built.ok) throw rejectError(built.code, built.text, { clientOrderId });
        const command = built.command;
        const events = await desk.submit(command);
        refuseIfRejected(command, events, clientOrderId);
        const accepted = events.find(({ event }) => event.kind === 'OrderAccepted' && event.order.sessionId === source && event.order.clientOrderId === clientOrderId);
        if (accepted === undefined || accepted.event.kind !== 'OrderAccepted') throw new Error(`order ${clientOrderId} neither accepted nor rejected`);
        return resultOf(desk, accepted.event.order.orderId, events);
      }, async (claim) => {
        // A repeat of a request cut off by a crash: the order it placed, if the journal had it (recovered at start),
        // as it is now, with the fills it made on arrival (those the first answer would have listed).
        const { principal } = principalOf(request);
        const body = request.body;
        const record = desk.store.byClientOrderId(desk.sourceOf(principal), body.clientOrderId ?? claimedClientOrderId(claim));
        if (record === undefined || record.terms.account !== body.account || record.terms.symbol !== body.symbol || record.terms.side !== body.side) return undefined;
        const instrument = instrumentOf(desk, record.terms.symbol);
        const fills = (await desk.arrivalFills(record.terms)).map((f) => recordedFillJson(f, instrument));
        return { ...view(record, desk), fills };
      }));

    api.get<{ Querystring: ListOrdersQuery }>('/orders', {
      config: { access: { roles: READ, account: { in: 'query', field: 'account' } } },
      schema: {
        tags: TAGS,
        summary: 'REST orders in the caller\'s accounts, oldest first, by pages (live ones, and the latest finished ones of each client)',
        querystring: listOrdersQuery,
        response: orderResponses.page,
      },
    }, async (request) => {
      const { scope } = principalOf(request);
      const query = request.query;
      const limit = query.limit ?? 100;
      const afterId = query.cursor === undefined ? 0 : Number(query.cursor);
      const found: RestOrderRecord[] = [];
      for (const record of desk.store.all()) if (matches(record, scope, query, afterId)) found.push(record);
      found.sort((a, b) => a.terms.orderId - b.terms.orderId);
      const page = found.slice(0, limit);
      const last = page[page.length - 1];
      return { orders: page.map((r) => view(r, desk)), nextCursor: found.length > limit && last !== undefined ? String(last.terms.orderId) : null };
    });

    api.get<IdRequest>('/orders/:id', {
      config: { access: { roles: READ } },
      schema: { tags: TAGS, summary: 'One order by gateway id: a REST order, or any live order of the caller\'s accounts', params: orderIdParams, response: orderResponses.one },
    }, async (request) => {
      const { scope } = principalOf(request);
      const found = desk.find(Number(request.params.id), scope);
      if (found === undefined) throw new RestError('GW_ERR_ORDER_NOT_FOUND', `no order ${request.params.id}`, { details: { orderId: request.params.id } });
      return view(found, desk);
    });

    api.put<IdRequest & { Body: ReplaceOrderBody }>('/orders/:id', {
      config: { access: { roles: TRADE } },
      schema: { tags: TAGS, summary: 'Replace (cancel/replace) one of the caller\'s working orders: new total quantity, price, stop price, display quantity, expiry', params: orderIdParams, body: replaceOrderBody, response: orderResponses.replaced },
    }, async (request) => {
      const { found, source } = ownWorkingOrder(desk, request);
      const terms = found.terms;
      const clientOrderId = freshClientOrderId(desk, source, request.body.clientOrderId);
      const built = buildReplaceOrder(request.body, instrumentOf(desk, terms.symbol), { orderId: terms.orderId, clientOrderId: terms.clientOrderId, symbol: terms.symbol, side: terms.side }, { sessionId: source, clientOrderId });
      if (!built.ok) throw rejectError(built.code, built.text, { clientOrderId, orderId: terms.orderId });
      const events = await desk.submit(built.command);
      refuseIfRejected(built.command, events, clientOrderId, found);
      return resultOf(desk, terms.orderId, events);
    });

    api.delete<IdRequest>('/orders/:id', {
      config: { access: { roles: TRADE } },
      schema: { tags: TAGS, summary: 'Cancel one of the caller\'s working orders', params: orderIdParams, response: orderResponses.cancelled },
    }, async (request) => {
      const { found, source } = ownWorkingOrder(desk, request);
      const terms = found.terms;
      const command: CancelOrder = { kind: 'CancelOrder', sessionId: source, channel: Channel.Rest, clientOrderId: desk.newClientOrderId(), origClientOrderId: terms.clientOrderId, orderId: terms.orderId, symbol: terms.symbol, side: terms.side };
      const events = await desk.submit(command);
      refuseIfRejected(command, events, terms.clientOrderId, found);
      const { fills: _fills, ...order } = resultOf(desk, terms.orderId, events);
      return order;
    });

    api.delete<{ Querystring: MassCancelQuery }>('/orders', {
      config: { access: { roles: MASS_CANCEL, account: { in: 'query', field: 'account' } } },
      schema: {
        tags: TAGS,
        summary: 'Cancel every working order of an account (from any way in: REST and FIX), optionally of one symbol and side',
        querystring: massCancelQuery,
        response: orderResponses.massCancelled,
      },
    }, async (request) => {
      const { principal, scope } = principalOf(request);
      const { account, symbol, side } = request.query;
      let accounts: readonly string[];
      if (account !== undefined) accounts = [account];
      else if (scope.all) throw new RestError('GW_ERR_REST_VALIDATION', 'account is required for a gateway-wide role (the kill switch covers wider scopes)', { details: { in: 'querystring', errors: [{ path: '/account', message: 'required', keyword: 'required' }] } });
      else accounts = scope.accounts;
      const source = desk.sourceOf(principal);
      const orderIds: string[] = [];
      for (const target of accounts) {
        const command: MassCancel = {
          kind: 'MassCancel',
          sessionId: source,
          channel: Channel.Rest,
          requestId: desk.newClientOrderId(),
          filter: { account: target, symbol, side: side === undefined ? undefined : side === 'BUY' ? Side.Buy : Side.Sell },
        };
        const events = await desk.submit(command);
        refuseIfRejected(command, events, undefined);
        for (const { event } of events) if (event.kind === 'OrderCancelled' && event.requestId === command.requestId) orderIds.push(String(event.order.orderId));
      }
      return { cancelled: orderIds.length, orderIds };
    });

    api.get<{ Params: { symbol: string }; Querystring: { depth?: number } }>('/orderbook/:symbol', {
      config: { access: { roles: READ } },
      schema: { tags: ['market data'], summary: 'The best price levels of each side of a book (shown quantity; icebergs count their peak)', params: orderBookParams, querystring: orderBookQuery, response: orderResponses.depth },
    }, async (request) => {
      const { symbol } = request.params;
      const instrument = desk.instrument(symbol);
      const depth = instrument === undefined ? undefined : desk.depth(symbol, request.query.depth ?? 10);
      if (instrument === undefined || depth === undefined) throw new RestError('GW_ERR_REST_NOT_FOUND', `unknown instrument ${symbol}`, { details: { symbol } });
      return depthJson(depth, instrument);
    });
  };
}
