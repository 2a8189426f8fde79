import { OrderStatus } from './enums';

/** True when no more events will come for the order (filled, cancelled, expired, rejected). */
export function isTerminalStatus(status: OrderStatus): boolean {
  return status === OrderStatus.Filled || status === OrderStatus.Cancelled || status === OrderStatus.Expired || status === OrderStatus.Rejected;
}
