import type { AmendedOrder, EngineCommand, EngineEvent } from '../../engine/model';
import type { AuditRecord } from './audit-record';
import { canonicalBytes, JsonBytes, writeCanonical } from './canonical-json';
import { orderAfter, sideExecId } from './order-rows';

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
    case 'TradeAmended':
      return event.action === 'cancel' ? 'TRADE_CANCEL' : 'TRADE_CORRECT';
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

/**
 * The audit records of one command's events, in event order: one per order event, and one per side of a trade
 * (each side is an event of its own order). The body is the event's canonical JSON, which the hash covers.
 */
export function auditRecordsOf(command: EngineCommand, events: readonly { readonly seq: number; readonly event: EngineEvent }[], source: string): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const { seq, event } of events) {
    if (event.kind === 'Trade') {
      // The trade's JSON once for both sides: each body is canonicalBytes({ gatewaySeq, side, trade }), written around it.
      writeCanonical(tradeScratch.reset(), event);
      const trade = tradeScratch.buf.subarray(0, tradeScratch.pos);
      for (const side of ['maker', 'taker'] as const) {
        const fill = event[side];
        const execId = `E${seq}${side === 'maker' ? 'M' : 'T'}`;
        records.push({
          eventTsUs: event.tsUs,
          eventType: eventTypeOf(event, side),
          source,
          sessionId: fill.order.sessionId,
          orderId: fill.order.orderId,
          clOrdId: fill.order.clientOrderId,
          execId,
          body: tradeBody(seq, side, trade),
          order: { terms: fill.order, state: fill },
          tradeSide: { trade: event, fill },
        });
      }
      continue;
    }
    if (event.kind === 'TradeAmended') {
      // A trade cancelled or corrected by operations: a record per side, as for the trade, by the operator.
      for (const side of ['maker', 'taker'] as const) {
        const fill = event[side];
        records.push({
          eventTsUs: event.tsUs,
          eventType: eventTypeOf(event),
          source,
          sessionId: fill.order.sessionId,
          orderId: fill.order.orderId,
          clOrdId: fill.order.clientOrderId,
          execId: sideExecId(seq, fill.liquidity),
          actorId: event.actor,
          body: canonicalBytes({ gatewaySeq: seq, side, amendment: event }),
          order: { terms: fill.order, state: fill },
          amendedSide: { amendment: event, fill },
        });
      }
      continue;
    }
    const order = 'order' in event ? event.order : undefined;
    records.push({
      eventTsUs: event.tsUs,
      eventType: eventTypeOf(event),
      source,
      sessionId: order?.sessionId ?? ('sessionId' in command ? command.sessionId : undefined),
      orderId: ownOrderId(event),
      clOrdId: order?.clientOrderId ?? ('clientOrderId' in command ? command.clientOrderId : undefined),
      execId: `E${seq}`,
      body: canonicalBytes({ gatewaySeq: seq, event }),
      order: orderAfter(event),
    });
  }
  return records;
}

const tradeScratch = new JsonBytes();
const bodyScratch = new JsonBytes();

/** `{"gatewaySeq":<seq>,"side":"<side>","trade":<trade>}`: one side's body around the trade's canonical bytes. */
function tradeBody(seq: number, side: 'maker' | 'taker', trade: Uint8Array): Buffer {
  const out = bodyScratch.reset();
  out.ascii('{"gatewaySeq":');
  out.number(seq);
  out.ascii(side === 'maker' ? ',"side":"maker","trade":' : ',"side":"taker","trade":');
  out.bytes(trade);
  out.byte(0x7d);
  return out.take();
}

/** The event type of a command record: what the engine was asked, at what time (see commandRecordOf). */
export const COMMAND_EVENT_TYPE = 'CMD';

/** What a command record says of each event the command gave: its kind and order id (0 when none). */
export type EventFingerprint = readonly [kind: string, orderId: number];

/** A command record, decoded: enough to run the command again and check that it gives the same events. */
export interface CommandRecord {
  readonly command: EngineCommand;
  readonly nowUs: bigint;
  readonly events: readonly EventFingerprint[];
  /** The gateway seq of its first event (the others follow one by one); absent in records written before it was kept. */
  readonly firstEventSeq?: number | undefined;
}

/**
 * The id of the order an event is of: the taker's for a trade; none for an event of no order, nor for a refused new
 * order, which never had one (a duplicate ClOrdID's refusal carries the order holding that ClOrdID, what FIX reports
 * with it, Appendix D F.1.a, and that order is not the one refused).
 */
function ownOrderId(event: EngineEvent): number | undefined {
  if (event.kind === 'Trade' || event.kind === 'TradeAmended') return event.taker.order.orderId;
  if (event.kind === 'OrderRejected' && event.command.kind === 'PlaceOrder') return undefined;
  return 'order' in event ? event.order?.orderId : undefined;
}

/** The order id a command record lists for an event (ownOrderId), 0 for none. */
export function fingerprintOrderId(event: EngineEvent): number {
  return ownOrderId(event) ?? 0;
}

function fingerprint(event: EngineEvent): EventFingerprint {
  return [event.kind, fingerprintOrderId(event)];
}

/**
 * The record of a command the engine ran, written just before its events: the command and its time. The engine is
 * deterministic, so running the journal's commands again at their times rebuilds the books, order states and
 * numbering exactly (recovery); the events' fingerprints let the replay prove it.
 */
export function commandRecordOf(command: EngineCommand, nowUs: bigint, events: readonly { readonly seq: number; readonly event: EngineEvent }[], source: string): AuditRecord {
  return {
    eventTsUs: nowUs,
    eventType: COMMAND_EVENT_TYPE,
    source,
    sessionId: 'sessionId' in command ? command.sessionId : undefined,
    clOrdId: 'clientOrderId' in command ? command.clientOrderId : undefined,
    body: canonicalBytes({ command, nowUs, events: events.map((e) => fingerprint(e.event)), firstEventSeq: events[0]?.seq }),
  };
}

/** The fingerprints of events, to compare a replay with its record. */
export function fingerprintsOf(events: readonly EngineEvent[]): EventFingerprint[] {
  return events.map(fingerprint);
}

/** An amended trade's ended order, as JSON gave it (its bigints as strings), made whole again. */
function reviveEndedOrder(side: AmendedOrder): void {
  const ended = side.finished as { terms: Record<string, unknown>; state: Record<string, unknown> } | undefined;
  if (ended === undefined) return;
  for (const key of ['expireTimeUs', 'acceptedUs'] as const) if (typeof ended.terms[key] === 'string') ended.terms[key] = BigInt(ended.terms[key]);
  if (typeof ended.state.notionalTicksLots === 'string') ended.state.notionalTicksLots = BigInt(ended.state.notionalTicksLots);
}

/**
 * A command record from its stored bytes (or their text). The bigint fields of a command (expireTimeUs; an amended
 * trade's time, and its ended orders' times and notional) are held as strings in the canonical JSON and made bigints
 * again here, after a plain JSON.parse (a reviver, called for every value, made decoding most of a replay's time).
 */
export function decodeCommandRecord(body: Uint8Array | string): CommandRecord {
  const text = typeof body === 'string' ? body : (Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)).toString('utf8');
  const parsed = JSON.parse(text) as {
    command: EngineCommand & { expireTimeUs?: unknown; tradedUs?: unknown };
    nowUs: string;
    events: EventFingerprint[];
    firstEventSeq?: number;
  };
  const command = parsed.command;
  if (typeof command.expireTimeUs === 'string') command.expireTimeUs = BigInt(command.expireTimeUs);
  if (typeof command.tradedUs === 'string') command.tradedUs = BigInt(command.tradedUs);
  if (command.kind === 'AmendTrade') for (const side of [command.maker, command.taker]) reviveEndedOrder(side);
  return { command, nowUs: BigInt(parsed.nowUs), events: parsed.events, firstEventSeq: parsed.firstEventSeq };
}
