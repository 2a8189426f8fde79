/**
 * One initiator session of the load generator: connects, logs on, sends the order flow's actions as
 * NewOrderSingle, OrderCancelRequest and OrderCancelReplaceRequest, and reports the first answer to each ClOrdID
 * (ExecutionReport, OrderCancelReject, Reject or BusinessMessageReject) to its `onAnswer`. ExecutionReports also
 * keep the flow's view of the session's working orders up to date.
 */
import { connect } from 'node:net';
import { MsgType, Tag, type FieldValue, type FixMessageView } from '../../../fixspec';
import { FixConnection, type FixIdentity } from './fix-connection';
import { OrderFlow, ticksToPrice, type OrderAction, type OrderFlowConfig } from './order-flow';

export interface LoadSessionConfig {
  readonly identity: FixIdentity;
  readonly account?: string;
  readonly username?: string;
  readonly password?: string;
}

/** What answered an order first. */
export type AnswerKind = 'execution-report' | 'order-rejected' | 'cancel-reject' | 'session-reject' | 'business-reject';

export interface AnswerListener {
  /** First answer to clOrdId, as it is read off the wire. */
  onAnswer(clOrdId: string, kind: AnswerKind): void;
  /** First answer to an order the generator had already given up on (forgetInFlight). */
  onLateAnswer(clOrdId: string): void;
  onTrade(): void;
}

const LOGON_TIMEOUT_MS = 10_000;
const DONE_STATUSES = new Set(['2', '4', '8', 'C', '3']);

export class LoadSession {
  private connection: FixConnection | null = null;
  /** Orders sent and not answered yet: what each ClOrdID does to the flow when it is answered. */
  private readonly inFlight = new Map<string, { readonly action: OrderAction; readonly seq: number }>();
  /** MsgSeqNum -> ClOrdID of the orders in flight, for Reject(3) and BusinessMessageReject, which name the seq. */
  private readonly seqToClOrdId = new Map<number, string>();
  /** Orders given up on, by ClOrdID, with what they were: a late answer still counts. */
  private readonly forgotten = new Map<string, OrderAction>();
  private logonWaiter: ((error: Error | null) => void) | null = null;

  constructor(
    readonly config: LoadSessionConfig,
    readonly flow: OrderFlow,
    private readonly listener: AnswerListener,
  ) {}

  static create(config: LoadSessionConfig, flowConfig: OrderFlowConfig, idPrefix: string, seed: number, listener: AnswerListener): LoadSession {
    return new LoadSession(config, new OrderFlow(flowConfig, idPrefix, seed), listener);
  }

  get isOpen(): boolean {
    return this.connection?.isOpen ?? false;
  }

  async logon(host: string, port: number, heartBtIntSec: number): Promise<void> {
    const socket = connect({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const connection = new FixConnection(socket, this.config.identity, (view, msgType) => this.receive(view, msgType));
    this.connection = connection;
    const answered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.config.identity.senderCompId}: no Logon answer in ${LOGON_TIMEOUT_MS} ms`)), LOGON_TIMEOUT_MS);
      this.logonWaiter = (error) => {
        clearTimeout(timer);
        this.logonWaiter = null;
        if (error === null) resolve();
        else reject(error);
      };
      void connection.closed.then(() => this.logonWaiter?.(new Error(`${this.config.identity.senderCompId}: disconnected before the Logon answer`)));
    });
    const fields: FieldValue[] = [[Tag.EncryptMethod, 0], [Tag.HeartBtInt, heartBtIntSec]];
    if (this.config.username !== undefined) fields.push([Tag.Username, this.config.username]);
    if (this.config.password !== undefined) fields.push([Tag.Password, this.config.password]);
    connection.send(MsgType.Logon, fields);
    await answered;
    connection.startHeartbeats(heartBtIntSec);
  }

  /** Sends the flow's next action; returns its ClOrdID (the key its answer will carry). */
  sendNext(transactTime: string): string {
    const connection = this.connection;
    if (connection === null) throw new Error('sendNext before logon');
    const action = this.flow.next();
    const account: FieldValue[] = this.config.account === undefined ? [] : [[Tag.Account, this.config.account]];
    let clOrdId: string;
    let seq: number;
    if (action.kind === 'new') {
      const o = action.order;
      clOrdId = o.clOrdId;
      seq = connection.send(MsgType.NewOrderSingle, [[Tag.ClOrdID, clOrdId], ...account, [Tag.Symbol, o.symbol], [Tag.Side, o.side], [Tag.TransactTime, transactTime], [Tag.OrderQty, o.qtyLots], [Tag.OrdType, '2'], [Tag.Price, ticksToPrice(o.priceTicks)]]);
    } else if (action.kind === 'cancel') {
      const t = action.target;
      clOrdId = action.clOrdId;
      seq = connection.send(MsgType.OrderCancelRequest, [[Tag.OrigClOrdID, t.clOrdId], [Tag.ClOrdID, clOrdId], ...account, [Tag.Symbol, t.symbol], [Tag.Side, t.side], [Tag.TransactTime, transactTime], [Tag.OrderQty, t.qtyLots]]);
    } else {
      const o = action.order;
      clOrdId = o.clOrdId;
      seq = connection.send(MsgType.OrderCancelReplaceRequest, [[Tag.OrigClOrdID, action.target.clOrdId], [Tag.ClOrdID, clOrdId], ...account, [Tag.Symbol, o.symbol], [Tag.Side, o.side], [Tag.TransactTime, transactTime], [Tag.OrderQty, o.qtyLots], [Tag.OrdType, '2'], [Tag.Price, ticksToPrice(o.priceTicks)]]);
    }
    this.inFlight.set(clOrdId, { action, seq });
    this.seqToClOrdId.set(seq, clOrdId);
    return clOrdId;
  }

  cork(): void {
    this.connection?.cork();
  }

  uncork(): void {
    this.connection?.uncork();
  }

  /** Gives up on the orders still in flight (the generator reports them unanswered); returns their kinds. */
  forgetInFlight(): Record<OrderAction['kind'], number> {
    const kinds = { new: 0, cancel: 0, replace: 0 };
    for (const [clOrdId, { action }] of this.inFlight) {
      kinds[action.kind] += 1;
      this.forgotten.set(clOrdId, action);
    }
    this.inFlight.clear();
    this.seqToClOrdId.clear();
    return kinds;
  }

  /** Logout, then close; bounded so that a gateway that does not answer cannot hold the run. */
  async logout(timeoutMs = 2_000): Promise<void> {
    const connection = this.connection;
    if (connection === null || !connection.isOpen) return;
    connection.send(MsgType.Logout, []);
    const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([connection.closed, timer]);
    connection.destroy();
  }

  destroy(): void {
    this.connection?.destroy();
  }

  private receive(view: FixMessageView, msgType: string): void {
    switch (msgType) {
      case MsgType.ExecutionReport:
        return this.executionReport(view);
      case MsgType.OrderCancelReject:
        return this.answer(view.getString(Tag.ClOrdID), 'cancel-reject');
      case MsgType.Reject:
      case MsgType.BusinessMessageReject:
        return this.answer(this.seqToClOrdId.get(view.getInt(Tag.RefSeqNum) ?? -1), msgType === MsgType.Reject ? 'session-reject' : 'business-reject');
      case MsgType.Logon:
        return this.logonWaiter?.(null);
      case MsgType.Logout:
        return this.logonWaiter?.(new Error(`${this.config.identity.senderCompId}: Logout: ${view.getString(Tag.Text) ?? ''}`));
      default:
        return undefined;
    }
  }

  private executionReport(view: FixMessageView): void {
    const clOrdId = view.getString(Tag.ClOrdID) ?? '';
    const execType = view.getChar(Tag.ExecType);
    const ordStatus = view.getChar(Tag.OrdStatus) ?? '';
    const action = this.inFlight.get(clOrdId)?.action ?? this.forgotten.get(clOrdId);
    if (action !== undefined) this.settle(action, execType, ordStatus);
    if (execType === 'F' || execType === '1' || execType === '2') this.listener.onTrade();
    if (DONE_STATUSES.has(ordStatus)) this.flow.finished(clOrdId);
    if (action !== undefined) this.answer(clOrdId, execType === '8' ? 'order-rejected' : 'execution-report');
  }

  /** What the first ExecutionReport of an action means for the working orders. */
  private settle(action: OrderAction, execType: string | undefined, ordStatus: string): void {
    const open = !DONE_STATUSES.has(ordStatus) && execType !== '8';
    if (action.kind === 'new') {
      if (open) this.flow.accepted(action.order);
    } else if (action.kind === 'replace') {
      if (execType === '5') {
        this.flow.finished(action.target.clOrdId);
        if (open) this.flow.accepted(action.order);
      } else {
        this.flow.released(action.target.clOrdId);
      }
    } else {
      this.flow.finished(action.target.clOrdId);
    }
  }

  private answer(clOrdId: string | undefined, kind: AnswerKind): void {
    if (clOrdId === undefined) return;
    const entry = this.inFlight.get(clOrdId);
    const action = entry?.action ?? this.forgotten.get(clOrdId);
    if (action === undefined) return;
    if (entry === undefined) {
      this.forgotten.delete(clOrdId);
    } else {
      this.inFlight.delete(clOrdId);
      this.seqToClOrdId.delete(entry.seq);
    }
    if (kind === 'cancel-reject' || kind === 'session-reject' || kind === 'business-reject') {
      if (action.kind !== 'new') this.flow.released(action.target.clOrdId);
    }
    if (entry === undefined) this.listener.onLateAnswer(clOrdId);
    else this.listener.onAnswer(clOrdId, kind);
  }
}
