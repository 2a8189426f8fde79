import { ClientIdTable, IdTable } from '../model/order-tables';
import type { BookOrder } from './book-order';

/** The engine's live orders by gateway order id: the shared open-addressing table (engine/model/order-tables). */
export class OrderIdIndex extends IdTable<BookOrder> {}

/** One session's live orders by ClOrdID (the order's current one, after a replace): the shared table. */
export class ClientOrderIndex extends ClientIdTable<BookOrder> {}
