import { type PlaceOrder, Side } from '../engine/model';
import { DUPLICATE_HISTORY } from './compiled-limits';
import { writeUsAsNumber } from './clock';

/** Buckets of the prefilter: a power of two, large against DUPLICATE_HISTORY so that most orders find theirs empty. */
const BUCKETS = 1024;

/**
 * The repeated automated execution control (RTS 6 Art. 15(3)): a session's last DUPLICATE_HISTORY new orders in a
 * ring of preallocated arrays; an order is a repeat of an earlier one with the same account, instrument, side,
 * type, quantity and price. Beside the ring, a count per bucket of the orders in it by a hash of quantity, price
 * and side: an order whose bucket is empty has no repeat in the ring, so most orders skip the scan.
 */
export class RecentOrders {
  private readonly atUs = new Float64Array(DUPLICATE_HISTORY).fill(Number.NEGATIVE_INFINITY);
  private readonly qtyLots = new Float64Array(DUPLICATE_HISTORY);
  private readonly priceTicks = new Float64Array(DUPLICATE_HISTORY);
  private readonly bucketOf = new Int32Array(DUPLICATE_HISTORY).fill(-1);
  private readonly account: string[] = new Array<string>(DUPLICATE_HISTORY).fill('');
  private readonly symbol: string[] = new Array<string>(DUPLICATE_HISTORY).fill('');
  private readonly side: string[] = new Array<string>(DUPLICATE_HISTORY).fill('');
  private readonly type: string[] = new Array<string>(DUPLICATE_HISTORY).fill('');
  private readonly inBucket = new Uint8Array(BUCKETS);
  private next = 0;
  /** The clock of the order being checked, as a double (written, not returned: see writeUsAsNumber). */
  private readonly now = new Float64Array(1);

  /**
   * How many orders in the ring within `windowUs` before `nowUs` are the same order as this one. The time comes as
   * the command's bigint and is made a double here: a double passed between functions is boxed (16 B a call).
   */
  countRepeats(order: PlaceOrder, nowUs: bigint, windowUs: number): number {
    if (this.inBucket[bucket(order)] === 0) return 0;
    writeUsAsNumber(this.now, 0, nowUs);
    const sinceUs = (this.now[0] ?? 0) - windowUs;
    const price = order.priceTicks ?? Number.NaN;
    let count = 0;
    for (let i = 0; i < DUPLICATE_HISTORY; i += 1) {
      if ((this.atUs[i] ?? Number.NEGATIVE_INFINITY) < sinceUs) continue;
      if (this.qtyLots[i] !== order.qtyLots) continue;
      const p = this.priceTicks[i] ?? 0;
      if (p !== price && !(Number.isNaN(p) && Number.isNaN(price))) continue;
      if (this.side[i] === order.side && this.type[i] === order.type && this.symbol[i] === order.symbol && this.account[i] === order.account) count += 1;
    }
    return count;
  }

  /** Puts a new order in the ring, in place of the oldest. */
  record(order: PlaceOrder, nowUs: bigint): void {
    const i = this.next;
    const old = this.bucketOf[i] ?? -1;
    if (old >= 0) this.inBucket[old] = (this.inBucket[old] ?? 1) - 1;
    const b = bucket(order);
    this.bucketOf[i] = b;
    this.inBucket[b] = (this.inBucket[b] ?? 0) + 1;
    writeUsAsNumber(this.atUs, i, nowUs);
    this.qtyLots[i] = order.qtyLots;
    this.priceTicks[i] = order.priceTicks ?? Number.NaN;
    this.side[i] = order.side;
    this.type[i] = order.type;
    this.symbol[i] = order.symbol;
    this.account[i] = order.account;
    this.next = (i + 1) % DUPLICATE_HISTORY;
  }

  /** Empties the ring (a released latch starts afresh). */
  forget(): void {
    this.atUs.fill(Number.NEGATIVE_INFINITY);
    this.bucketOf.fill(-1);
    this.inBucket.fill(0);
  }
}

/** The bucket of an order: quantity, price and side mixed (a market order's missing price counts as -1). */
function bucket(order: PlaceOrder): number {
  const price = order.priceTicks ?? -1;
  const h = Math.imul(order.qtyLots | 0, 0x9e3779b1) ^ Math.imul(price | 0, 0x85ebca6b) ^ (order.side === Side.Buy ? 0 : 0x27d4eb2f);
  return (h ^ (h >>> 15)) & (BUCKETS - 1);
}
