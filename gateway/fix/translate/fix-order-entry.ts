import { type EngineCommand, type OrderCommand, OrderType, qtyLots, RejectCode, Side, TimeInForce } from '../../../engine/model';
import { formatUtcTimestamp, MsgType, Tag, Values } from '../../../fixspec';
import { ownersOf, type OrderPath, type RecoveredEvent, type SequencedEvent } from '../../order-path';
import type { ApplicationHandler, DisconnectReason, InboundMessage, SessionHandle } from '../session/session-ports';
import { type OrderEntryContext, translateCancel, translateMassCancel, translateNewOrderSingle, translateReplace, translateStatusRequest, type Translation } from './inbound';
import { type OutboundContext, reportsFor } from './outbound';
import { stopsTriggeredOnEntry } from './working-indicator';
import { UsedIds } from './used-ids';

const DAY_US = 86_400_000_000n;

/**
 * The application side of order-entry sessions: FIX messages become commands on the order path, and the events
 * of the session's orders come back as ExecutionReports and OrderCancelRejects. The session layer underneath
 * handles sequence numbers; this class never sees one.
 */
export class FixOrderEntry implements ApplicationHandler {
  /**
   * ClOrdIDs each session has used on the current UTC day (the engine only knows live orders); a new day starts an
   * empty set, as a restart does (recovery remembers only the day's commands). Before, the set was never emptied:
   * a ClOrdID of yesterday was refused by a gateway that had run through midnight and taken by one restarted since,
   * and the set grew for as long as the process ran. Kept as fingerprints (UsedIds): 16-32 bytes a ClOrdID.
   */
  private readonly clOrdIds = new Map<string, { day: bigint; ids: UsedIds }>();
  private readonly sessions = new Map<string, SessionHandle>();

  constructor(
    private readonly orderPath: OrderPath,
    private readonly nowUs: () => bigint,
    /** Whether risk's limits ask to cancel a session's orders when it disconnects (besides the session's own setting). */
    private readonly riskCancelsOnDisconnect: (sessionId: string) => boolean = () => false,
  ) {}

  /**
   * Registers the session's sink, so that its orders' events reach it (call once per configured session). With
   * `overlapCommits`, the sink takes events as they are produced: the session numbers and stores their reports
   * while the journal commits the events, and writes them once both have committed (holdUntilDurable).
   */
  attach(session: SessionHandle): void {
    this.sessions.set(session.sessionId, session);
    const beforeDurable = session.config.overlapCommits === true;
    if (beforeDurable) session.holdUntilDurable(this.orderPath);
    this.orderPath.register(session.sessionId, { beforeDurable, deliver: (events) => this.deliver(session, events) });
  }

  onApplicationMessage(session: SessionHandle, message: InboundMessage): void {
    const context: OrderEntryContext = {
      sessionId: session.sessionId,
      account: session.config.account,
      firm: session.config.firm,
      instrument: (symbol) => this.orderPath.instrument(symbol),
    };
    let translation: Translation<OrderCommand>;
    switch (message.msgType) {
      case MsgType.NewOrderSingle:
        translation = translateNewOrderSingle(message, context);
        break;
      case MsgType.OrderCancelRequest:
        translation = translateCancel(message, context);
        break;
      case MsgType.OrderCancelReplaceRequest:
        translation = translateReplace(message, context);
        break;
      case MsgType.OrderStatusRequest:
        translation = translateStatusRequest(message, context);
        break;
      case MsgType.OrderMassCancelRequest:
        translation = translateMassCancel(message, context);
        break;
      default:
        return;
    }
    const now = this.nowUs();
    const kind = translation.ok ? translation.command.kind : undefined;
    const refusal = kind === 'PlaceOrder' || kind === 'ReplaceOrder' ? this.orderPath.admission() : null;
    if (refusal !== null) {
      // Before the ClOrdID is marked used: the client may send the same order again once the journal is back.
      this.refuse(session, message, RejectCode.JournalUnavailable, refusal, now);
      return;
    }
    if (translation.ok && translation.command.kind !== 'OrderStatusRequest' && translation.command.kind !== 'MassCancel') {
      const seen = this.seenClOrdIds(session.sessionId, now);
      const command = translation.command;
      const id = command.clientOrderId;
      if (!seen.add(id)) {
        // PossResend(97)=Y: the client is not sure the request arrived (after a crash or a lost connection). One that
        // did is not refused as a duplicate but answered with the current state of its order, as an order status
        // report (Appendix D F.1.b): a new order's, a replace's (under the replace's ClOrdID once it took effect; a
        // replace that was refused names no order and gets the status reject), a cancel's order (by its
        // OrigClOrdID). A request that did not arrive is taken as new (above).
        translation =
          message.getString(Tag.PossResend) === Values.PossResend.Yes
            ? { ok: true, command: { kind: 'OrderStatusRequest', sessionId: session.sessionId, clientOrderId: command.kind === 'CancelOrder' ? command.origClientOrderId : id, symbol: command.symbol, side: command.side } }
            : { ok: false, code: RejectCode.DuplicateClientOrderId, text: `ClOrdID ${id} was already used on this session today` };
      }
    }
    if (!translation.ok) {
      this.orderPath.refuse(placeholderCommand(message, session.sessionId), translation.code, translation.text, now);
      return;
    }
    this.orderPath.submit(translation.command, now);
  }

  /**
   * Recovery: a command run again from the journal, at its original time `atUs`; its ClOrdID counts as used on its
   * session that day. Replayed in time order, each session's set is the one of its last replayed day, which is today's
   * when the session traded today, and is replaced by an empty one at its first order otherwise (seenClOrdIds).
   */
  remember(command: EngineCommand, atUs: bigint): void {
    if (command.kind === 'PlaceOrder' || command.kind === 'ReplaceOrder' || command.kind === 'CancelOrder') this.rememberClOrdId(command.sessionId, command.clientOrderId, atUs);
  }

  /** The start of the UTC day whose ClOrdIDs count as used now (recovery reads the day's risk refusals from it). */
  clOrdIdDayStartUs(): bigint {
    return (this.nowUs() / DAY_US) * DAY_US;
  }

  /**
   * Recovery: a ClOrdID a session used at `atUs` without a command record, a request refused by pre-trade risk (its
   * ClOrdID was taken when it was refused). Call after the replay, in time order, for the current day's only.
   */
  rememberClOrdId(sessionId: string, clientOrderId: string, atUs: bigint): void {
    this.seenClOrdIds(sessionId, atUs).add(clientOrderId);
  }

  onDisconnect(session: SessionHandle, _reason: DisconnectReason): void {
    if (!session.config.cancelOnDisconnect && !this.riskCancelsOnDisconnect(session.sessionId)) return;
    this.orderPath.submit({ kind: 'MassCancel', sessionId: session.sessionId, requestId: `COD-${this.nowUs()}`, filter: { sessionId: session.sessionId }, unsolicited: true }, this.nowUs());
  }

  /**
   * After a crash: the events of this session's orders that the journal holds but whose reports never reached the
   * session's store (a kill between the journal commit and the store write; see SessionStore.lastEventSeq), reported
   * again under their original ExecIDs. The session is not logged on yet, so they are stored for its ResendRequest.
   */
  redeliver(session: SessionHandle, events: readonly RecoveredEvent[]): number {
    const own = events.filter((e) => ownersOf(e.event, e.command).includes(session.sessionId));
    this.deliver(session, own);
    return own.length;
  }

  private outboundContext(session: SessionHandle): OutboundContext {
    return {
      sessionId: session.sessionId,
      beginString: session.config.beginString,
      instrument: (symbol: string) => this.orderPath.instrument(symbol),
      formatTime: (us: bigint) => formatUtcTimestamp(us, session.config.timestampPrecision),
      doneForDay: session.config.dayOrderEnd === 'done-for-day',
    };
  }

  private deliver(session: SessionHandle, events: readonly SequencedEvent[]): void {
    const context = { ...this.outboundContext(session), triggeredOnEntry: stopsTriggeredOnEntry(events) };
    for (const { seq, event } of events) {
      // A cancel, replace or status request of an order finished meanwhile: "too late", not "unknown" (Appendix D).
      for (const report of reportsFor(this.orderPath.finished.explain(event, seq), `E${seq}`, context)) session.sendApplication(report.msgType, report.body, seq);
    }
  }

  /**
   * A message refused while the journal is not committing: answered at once, as the engine would answer a refused
   * order, and not journaled (it cannot be, now; the ClOrdID stays free for the client to send the order again).
   */
  private refuse(session: SessionHandle, message: InboundMessage, code: RejectCode, text: string, now: bigint): void {
    const context = this.outboundContext(session);
    const event = this.orderPath.refusalOf(placeholderCommand(message, session.sessionId), code, text, now);
    for (const report of reportsFor(event, `R${message.seq ?? 0}`, context)) session.sendApplication(report.msgType, report.body);
  }

  private seenClOrdIds(sessionId: string, nowUs: bigint): UsedIds {
    const day = nowUs / DAY_US;
    let used = this.clOrdIds.get(sessionId);
    if (used === undefined || used.day !== day) {
      used = { day, ids: new UsedIds() };
      this.clOrdIds.set(sessionId, used);
    }
    return used.ids;
  }
}

/** The shape of the refused request, for its reject: the identifiers the client will match the answer on. */
function placeholderCommand(message: InboundMessage, sessionId: string): OrderCommand {
  const clientOrderId = message.getString(Tag.ClOrdID) ?? '';
  const symbol = message.getString(Tag.Symbol) ?? '';
  const side = message.getString(Tag.Side) === Values.Side.Buy ? Side.Buy : Side.Sell;
  const origClientOrderId = message.getString(Tag.OrigClOrdID) ?? '';
  switch (message.msgType) {
    case MsgType.OrderCancelRequest:
      return { kind: 'CancelOrder', sessionId, clientOrderId, origClientOrderId, symbol, side };
    case MsgType.OrderCancelReplaceRequest:
      return { kind: 'ReplaceOrder', sessionId, clientOrderId, origClientOrderId, symbol, side, qtyLots: qtyLots(0) };
    case MsgType.OrderMassCancelRequest:
      // Refused, never run: the symbol and type are there to be echoed in the OrderMassCancelReport.
      return { kind: 'MassCancel', sessionId, requestId: clientOrderId, filter: { sessionId, symbol: symbol === '' ? undefined : symbol }, requestType: message.getString(Tag.MassCancelRequestType) };
    case MsgType.OrderStatusRequest:
      return { kind: 'OrderStatusRequest', sessionId, clientOrderId, symbol };
    default:
      return { kind: 'PlaceOrder', sessionId, clientOrderId, account: message.getString(Tag.Account) ?? '', firm: '', symbol, side, type: OrderType.Limit, timeInForce: TimeInForce.Day, qtyLots: qtyLots(0) };
  }
}
