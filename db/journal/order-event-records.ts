import type { EngineEvent, OrderCommand } from '../../engine/model';
import type { AuditRecord } from './audit-record';

/** RTS 24 field 21 event codes (compliance.md) for the engine's events; book-level events get the gateway's own. */
function eventTypeOf(event: EngineEvent, side?: 'maker' | 'taker'): string {
  switch (event.kind) {
    case 'OrderAccepted':
      return 'NEWO';
    case 'OrderReplaced':
      return 'REME';
    case 'OrderCancelled':
      return event.reason === 'CLIENT_REQUEST' || event.reason === 'MASS_CANCEL' ? 'CAME' : 'CAMO';
    case 'OrderRestated':
      return 'REMA';
    case 'OrderExpired':
      return 'EXPI';
    case 'OrderTriggered':
      return 'TRIG';
    case 'Trade': {
      const fill = side === 'maker' ? event.maker : event.taker;
      return fill.leavesQtyLots === 0 ? 'FILL' : 'PARF';
    }
    case 'OrderRejected':
      return event.code >= 2000 && event.code < 3000 ? 'RISK_REJECT' : 'REJECT';
    case 'OrderStatusReported':
      return 'STATUS';
    case 'MassCancelCompleted':
      return 'MASS_CANCEL';
    case 'TradingStatusChanged':
      return 'TRADING_STATUS';
  }
}

function canonical(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)), 'utf8');
}

/**
 * The audit records of one command's events, in event order: one per order event, and one per side of a trade
 * (each side is an event of its own order). The body is the event's canonical JSON, which the hash covers.
 */
export function auditRecordsOf(command: OrderCommand, events: readonly { readonly seq: number; readonly event: EngineEvent }[], source: string): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const { seq, event } of events) {
    if (event.kind === 'Trade') {
      for (const side of ['maker', 'taker'] as const) {
        const fill = event[side];
        records.push({
          eventTsUs: event.tsUs,
          eventType: eventTypeOf(event, side),
          source,
          sessionId: fill.order.sessionId,
          orderId: fill.order.orderId,
          clOrdId: fill.order.clientOrderId,
          execId: `E${seq}${side === 'maker' ? 'M' : 'T'}`,
          body: canonical({ gatewaySeq: seq, side, trade: event }),
        });
      }
      continue;
    }
    const order = 'order' in event ? event.order : undefined;
    records.push({
      eventTsUs: event.tsUs,
      eventType: eventTypeOf(event),
      source,
      sessionId: order?.sessionId ?? command.sessionId,
      orderId: order?.orderId,
      clOrdId: order?.clientOrderId ?? ('clientOrderId' in command ? command.clientOrderId : undefined),
      execId: `E${seq}`,
      body: canonical({ gatewaySeq: seq, event }),
    });
  }
  return records;
}
