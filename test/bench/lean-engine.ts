/**
 * A lean price-time engine for the engine benchmark's flow only (issue 4), to measure how fast an engine giving the
 * same events can be here: limit orders (DAY, IOC) and cancels by ClOrdID, nothing else. It gives the very events of
 * MatchingEngine (the same objects with the same fields; engine-floor.bench.ts checks that, command by command)
 * with the least structure: a price ladder (an array indexed by price, best price kept), FIFO levels as intrusive
 * lists, order nodes without pooling, the shared open-addressing tables for order ids and ClOrdIDs. What it leaves
 * out makes it a floor, not an engine: no validation, no market, stop, iceberg, FOK, minimum quantity, post-only,
 * self-trade prevention, replace, mass cancel, status, halts, expiry bookkeeping; prices within a fixed window
 * around the flow's mid. Not used by the gateway.
 */
import { AcceptedTerms } from '../../engine/order-terms';
import { CancelReason, Liquidity, OrderStatus, TimeInForce } from '../../engine/model';
import type { EngineEvent, Fill, OrderCancelled, OrderCommand, OrderId, PriceTicks, QtyLots, Trade } from '../../engine/model';
import { ClientIdTable, IdTable } from '../../engine/model/order-tables';

/** Prices the ladder holds: LADDER ticks centred on the flow's mid. */
const LADDER = 1 << 16;

class LeanOrder {
  next: LeanOrder | null = null;
  prev: LeanOrder | null = null;
  level: LeanLevel | null = null;
  leaves: number;
  cum = 0;
  small = 0;
  notional = 0n;
  status: OrderStatus = OrderStatus.New;
  clientHash = 0;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly isBuy: boolean;
  readonly price: number;

  constructor(
    public readonly terms: AcceptedTerms,
    public readonly sessionOrders: ClientIdTable<LeanOrder>,
  ) {
    this.orderId = terms.orderId;
    this.clientOrderId = terms.clientOrderId;
    this.isBuy = terms.side === 'BUY';
    this.price = terms.priceTicks ?? 0;
    this.leaves = terms.qtyLots;
  }

  clientKey(): string {
    return this.clientOrderId;
  }

  addNotional(price: number, qty: number): void {
    const sum = this.small + price * qty;
    if (this.small >= 0 && sum <= 0x7fffffff) {
      this.small = sum;
      this.notional = BigInt(sum);
    } else {
      this.small = -1;
      this.notional += BigInt(price) * BigInt(qty);
    }
  }
}

class LeanLevel {
  head: LeanOrder | null = null;
  tail: LeanOrder | null = null;
}

/** One side as a ladder: level i holds price base + i; `best` is the index of the best non-empty level, -1 when none. */
class Ladder {
  readonly levels: (LeanLevel | null)[] = new Array<LeanLevel | null>(LADDER).fill(null);
  best = -1;
  constructor(private readonly isBuy: boolean) {}

  add(order: LeanOrder, index: number): void {
    let level = this.levels[index] ?? null;
    if (level === null) level = this.levels[index] = new LeanLevel();
    order.level = level;
    order.prev = level.tail;
    if (level.tail === null) level.head = order;
    else level.tail.next = order;
    level.tail = order;
    if (this.best < 0 || (this.isBuy ? index > this.best : index < this.best)) this.best = index;
  }

  remove(order: LeanOrder, index: number): void {
    const level = order.level;
    if (level === null) return;
    if (order.prev === null) level.head = order.next;
    else order.prev.next = order.next;
    if (order.next === null) level.tail = order.prev;
    else order.next.prev = order.prev;
    order.level = order.prev = order.next = null;
    if (level.head === null && index === this.best) this.seekBest();
  }

  private seekBest(): void {
    const step = this.isBuy ? -1 : 1;
    for (let i = this.best; i >= 0 && i < LADDER; i += step) {
      if (this.levels[i]?.head != null) {
        this.best = i;
        return;
      }
    }
    this.best = -1;
  }
}

export class LeanEngine {
  private readonly bids = new Ladder(true);
  private readonly asks = new Ladder(false);
  private readonly base: number;
  private readonly byId = new IdTable<LeanOrder>();
  private readonly bySession = new Map<string, ClientIdTable<LeanOrder>>();
  private nextOrderId = 1;
  private nextTradeId = 1;
  private events: EngineEvent[] = [];

  constructor(
    private readonly symbol: string,
    midTicks: number,
  ) {
    this.base = midTicks - LADDER / 2;
  }

  execute(command: OrderCommand, nowUs: bigint): readonly EngineEvent[] {
    this.events = [];
    if (command.kind === 'PlaceOrder') this.place(command, nowUs);
    else if (command.kind === 'CancelOrder') this.cancel(command.sessionId, command.origClientOrderId, command.clientOrderId, nowUs);
    else throw new Error(`the lean engine has no ${command.kind}`);
    return this.events;
  }

  private place(command: Extract<OrderCommand, { kind: 'PlaceOrder' }>, nowUs: bigint): void {
    let orders = this.bySession.get(command.sessionId);
    if (orders === undefined) this.bySession.set(command.sessionId, (orders = new ClientIdTable<LeanOrder>()));
    const probed = orders.probe(command.clientOrderId);
    if (probed >= 0) throw new Error('the lean engine refuses nothing: a duplicate ClOrdID is outside its flow');
    const order = new LeanOrder(new AcceptedTerms(command, this.nextOrderId++ as OrderId, nowUs), orders);
    this.byId.set(order);
    orders.fileAt(order, probed);
    this.events.push({ kind: 'OrderAccepted', tsUs: nowUs, order: order.terms, status: order.status, cumQtyLots: 0 as QtyLots, leavesQtyLots: order.leaves as QtyLots, notionalTicksLots: order.notional });
    const other = order.isBuy ? this.asks : this.bids;
    const limit = order.price - this.base;
    while (order.leaves > 0 && other.best >= 0 && (order.isBuy ? other.best <= limit : other.best >= limit)) {
      const index = other.best;
      const price = index + this.base;
      for (let maker = other.levels[index]?.head ?? null; maker !== null && order.leaves > 0; ) {
        const next = maker.next;
        this.fill(order, maker, price, index, other, nowUs);
        maker = next;
      }
    }
    if (order.leaves === 0) return;
    if (command.timeInForce === TimeInForce.ImmediateOrCancel) return this.end(order, CancelReason.ImmediateRemainder, undefined, nowUs);
    if (limit < 0 || limit >= LADDER) throw new Error(`price ${order.price} outside the lean engine's ladder`);
    (order.isBuy ? this.bids : this.asks).add(order, limit);
  }

  private fill(taker: LeanOrder, maker: LeanOrder, price: number, index: number, side: Ladder, nowUs: bigint): void {
    const qty = taker.leaves < maker.leaves ? taker.leaves : maker.leaves;
    maker.leaves -= qty;
    maker.cum += qty;
    maker.addNotional(price, qty);
    maker.status = maker.leaves === 0 ? OrderStatus.Filled : OrderStatus.PartiallyFilled;
    taker.leaves -= qty;
    taker.cum += qty;
    taker.addNotional(price, qty);
    taker.status = taker.leaves === 0 ? OrderStatus.Filled : OrderStatus.PartiallyFilled;
    const trade: Trade = { kind: 'Trade', tsUs: nowUs, tradeId: this.nextTradeId++, symbol: this.symbol, priceTicks: price as PriceTicks, qtyLots: qty as QtyLots, maker: fillOf(maker, Liquidity.Maker), taker: fillOf(taker, Liquidity.Taker) };
    this.events.push(trade);
    if (maker.leaves === 0) {
      side.remove(maker, index);
      this.retire(maker);
    }
    if (taker.leaves === 0) this.retire(taker);
  }

  private cancel(sessionId: string, clientOrderId: string, requestId: string, nowUs: bigint): void {
    const order = this.bySession.get(sessionId)?.get(clientOrderId);
    if (order === undefined) throw new Error('the lean engine refuses nothing: an unknown order is outside its flow');
    (order.isBuy ? this.bids : this.asks).remove(order, order.price - this.base);
    this.end(order, CancelReason.ClientRequest, requestId, nowUs);
  }

  private end(order: LeanOrder, reason: CancelReason, requestId: string | undefined, nowUs: bigint): void {
    order.leaves = 0;
    order.status = OrderStatus.Cancelled;
    this.retire(order);
    const event: OrderCancelled = { kind: 'OrderCancelled', tsUs: nowUs, order: order.terms, reason, requestId, status: order.status, cumQtyLots: order.cum as QtyLots, leavesQtyLots: 0 as QtyLots, notionalTicksLots: order.notional };
    this.events.push(event);
  }

  private retire(order: LeanOrder): void {
    this.byId.delete(order);
    order.sessionOrders.delete(order);
  }
}

function fillOf(order: LeanOrder, liquidity: Liquidity): Fill {
  return { order: order.terms, liquidity, status: order.status, cumQtyLots: order.cum as QtyLots, leavesQtyLots: order.leaves as QtyLots, notionalTicksLots: order.notional };
}
