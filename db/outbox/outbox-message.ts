import { COMMAND_EVENT_TYPE } from '../journal';

/** One committed `audit_event` row, as the relay reads it. */
export interface JournalRow {
  readonly chainId: number;
  readonly seq: bigint;
  readonly eventType: string;
  readonly eventTsUs: bigint;
  /** When the row was committed (the database's clock), null for rows not read from the table. */
  readonly recordedAt: Date | null;
  readonly source: string;
  readonly sessionId: string | null;
  readonly orderId: number | null;
  readonly clOrdId: string | null;
  readonly execId: string | null;
  readonly actorId: string | null;
  /** The canonical JSON bytes the row hash covers. */
  readonly body: Uint8Array;
}

/** What a sink publishes for one journal event. */
export interface OutboxMessage {
  /**
   * The account the event belongs to, or '' when it has none (trading status changes, risk audit events, a mass
   * cancel or a rejected cancel not tied to an account). '' rather than null: Kafka hashes '' to one partition, so
   * account-less events keep their order, where null keys would be spread over partitions round-robin.
   */
  readonly key: string;
  /** The JSON document of OutboxEventDocument. */
  readonly value: string;
  /** event-type, chain-seq (the consumers' de-duplication key: delivery is at-least-once), source. */
  readonly headers: Readonly<Record<string, string>>;
  /** The event time in epoch milliseconds, as Kafka's record timestamp. */
  readonly timestampMs: number;
  /** The journal position of the event, for the relay's own checks and for tests. */
  readonly seq: bigint;
}

/** The message value. Integers that may pass 2^53 (seq, microsecond times) are decimal strings. */
export interface OutboxEventDocument {
  readonly schema: typeof OUTBOX_SCHEMA;
  readonly chainId: number;
  readonly seq: string;
  readonly eventType: string;
  readonly eventTsUs: string;
  /** eventTsUs as ISO 8601 UTC with microseconds. */
  readonly eventTime: string;
  readonly recordedAt: string | null;
  readonly source: string;
  readonly account: string | null;
  readonly sessionId: string | null;
  readonly orderId: number | null;
  readonly clientOrderId: string | null;
  readonly execId: string | null;
  readonly actorId: string | null;
  /** The journal body: `{gatewaySeq, event}`, `{gatewaySeq, side, trade}` for one side of a trade, or a risk audit event. */
  readonly body: unknown;
}

export const OUTBOX_SCHEMA = 'gateway.journal-event.v1';

/**
 * Command records are not published: they are the engine's input, kept for recovery (the command and the
 * fingerprints of its events), and everything a downstream system may know of them is in the events that follow.
 */
export function isPublished(eventType: string): boolean {
  return eventType !== COMMAND_EVENT_TYPE;
}

type Json = Readonly<Record<string, unknown>>;

function objectAt(value: unknown, key: string): Json | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner: unknown = (value as Json)[key];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Json) : undefined;
}

function stringAt(value: Json | undefined, key: string): string | undefined {
  const inner = value?.[key];
  return typeof inner === 'string' && inner !== '' ? inner : undefined;
}

/** A command's account: a new order's, or the filter of a mass cancel (cancel and replace name none). */
function accountOfCommand(command: Json | undefined): string | undefined {
  return stringAt(command, 'account') ?? stringAt(objectAt(command, 'filter'), 'account');
}

/**
 * The account of a journal body (order-event-records.ts and the risk desk write them): the order's for order
 * events and each side of a trade, else the command's (a rejected new order, a mass cancel, a command record);
 * '' when there is none.
 */
export function accountOf(body: unknown): string {
  const trade = objectAt(body, 'trade');
  if (trade !== undefined) {
    const side = stringAt(body as Json, 'side');
    return (side === undefined ? undefined : stringAt(objectAt(objectAt(trade, side), 'order'), 'account')) ?? '';
  }
  const event = objectAt(body, 'event');
  if (event !== undefined) return stringAt(objectAt(event, 'order'), 'account') ?? accountOfCommand(objectAt(event, 'command')) ?? '';
  return accountOfCommand(objectAt(body, 'command')) ?? '';
}

function parseBody(body: Uint8Array): unknown {
  const text = Buffer.from(body).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Every body the gateway writes is JSON; a foreign one is passed on as its text rather than stall the relay.
    return text;
  }
}

/** ISO 8601 with the microseconds that Date drops (RTS 25 granularity). */
export function isoMicros(us: bigint): string {
  const ms = us / 1000n;
  const micros = ((us % 1000n) + 1000n) % 1000n;
  return new Date(Number(ms)).toISOString().replace('Z', `${micros.toString().padStart(3, '0')}Z`);
}

export function outboxMessageOf(row: JournalRow): OutboxMessage {
  const body = parseBody(row.body);
  const account = accountOf(body);
  const document: OutboxEventDocument = {
    schema: OUTBOX_SCHEMA,
    chainId: row.chainId,
    seq: row.seq.toString(),
    eventType: row.eventType,
    eventTsUs: row.eventTsUs.toString(),
    eventTime: isoMicros(row.eventTsUs),
    recordedAt: row.recordedAt === null ? null : row.recordedAt.toISOString(),
    source: row.source,
    account: account === '' ? null : account,
    sessionId: row.sessionId,
    orderId: row.orderId,
    clientOrderId: row.clOrdId,
    execId: row.execId,
    actorId: row.actorId,
    body,
  };
  return {
    key: account,
    value: JSON.stringify(document),
    headers: { 'event-type': row.eventType, 'chain-seq': `${row.chainId}:${row.seq}`, source: row.source },
    timestampMs: Number(row.eventTsUs / 1000n),
    seq: row.seq,
  };
}
