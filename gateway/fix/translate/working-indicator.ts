import type { EngineEvent, OrderTerms } from '../../../engine/model';
import { MsgType, Tag, Values } from '../../../fixspec';
import type { FieldValue } from '../session/session-ports';
import { hasField } from '../session/fix-version';
import type { OutboundContext } from './outbound';

/**
 * WorkingIndicator(636), FIX 4.4 on, as FIX 5.0 SP2 Appendix D E.1.f has it for an order held off the book until it
 * is activated: a stop or stop-limit order is acknowledged New with WorkingIndicator N (it waits for its trigger), and
 * the report of its trigger says Y (it is on the book, working). A stop whose trigger price was reached on entry (it
 * triggers in the command that accepted it) is acknowledged without one, as the matrix says.
 */
export function workingIndicator(order: OrderTerms, working: boolean, context: OutboundContext): readonly FieldValue[] {
  if (!hasField(context.beginString, MsgType.ExecutionReport, Tag.WorkingIndicator)) return [];
  if (!working && context.triggeredOnEntry?.has(order.orderId) === true) return [];
  return [[Tag.WorkingIndicator, working ? Values.WorkingIndicator.Yes : Values.WorkingIndicator.No]];
}

/**
 * The orders whose stop triggered in the very command that accepted them (the trigger's time is the order's
 * acceptance time), among a batch of events; undefined when there is none (the usual case: nothing is made).
 */
export function stopsTriggeredOnEntry(events: readonly { readonly event: EngineEvent }[]): ReadonlySet<number> | undefined {
  let found: Set<number> | undefined;
  for (const { event } of events) {
    if (event.kind === 'OrderTriggered' && event.tsUs === event.order.acceptedUs) (found ??= new Set()).add(event.order.orderId);
  }
  return found;
}
