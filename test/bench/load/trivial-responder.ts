/**
 * The trivial responder: a minimal FIX acceptor with no database, no risk and no book, to measure the load generator
 * alone. It answers any Logon with a Logon (taking the CompIDs the initiator gave), each NewOrderSingle with an
 * ExecutionReport New, each OrderCancelRequest with Canceled and each OrderCancelReplaceRequest with Replaced, at
 * once. `drop` leaves chosen orders unanswered, so that a test can check the generator reports them.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { MsgType, Tag, type FieldValue, type FixMessageView } from '../../../fixspec';
import { FixConnection } from './fix-connection';

export interface TrivialResponderOptions {
  /** True for a ClOrdID that must get no answer. */
  readonly drop?: (clOrdId: string) => boolean;
}

export class TrivialResponder {
  private readonly connections = new Set<FixConnection>();
  private orderCounter = 0;
  private execCounter = 0;
  /** Orders received and left unanswered on purpose. */
  dropped = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly options: TrivialResponderOptions,
  ) {}

  static async listen(port = 0, options: TrivialResponderOptions = {}): Promise<TrivialResponder> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    const address = server.address();
    const bound = typeof address === 'object' && address !== null ? address.port : port;
    const responder = new TrivialResponder(server, bound, options);
    server.on('connection', (socket) => responder.accept(socket));
    return responder;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const connection: FixConnection = new FixConnection(socket, { beginString: 'FIX.4.4', senderCompId: '?', targetCompId: '?' }, (view, msgType) => this.receive(connection, view, msgType));
    this.connections.add(connection);
    void connection.closed.then(() => this.connections.delete(connection));
  }

  private receive(connection: FixConnection, view: FixMessageView, msgType: string): void {
    switch (msgType) {
      case MsgType.Logon:
        connection.bind({ beginString: view.getString(Tag.BeginString) ?? 'FIX.4.4', senderCompId: view.getString(Tag.TargetCompID) ?? '', targetCompId: view.getString(Tag.SenderCompID) ?? '' });
        connection.send(MsgType.Logon, [[Tag.EncryptMethod, 0], [Tag.HeartBtInt, view.getInt(Tag.HeartBtInt) ?? 30]]);
        return;
      case MsgType.Logout:
        connection.send(MsgType.Logout, []);
        connection.close();
        return;
      case MsgType.NewOrderSingle:
        return this.answer(connection, view, '0', '0');
      case MsgType.OrderCancelRequest:
        return this.answer(connection, view, '4', '4');
      case MsgType.OrderCancelReplaceRequest:
        return this.answer(connection, view, '5', '0');
      default:
        return undefined;
    }
  }

  private answer(connection: FixConnection, view: FixMessageView, execType: string, ordStatus: string): void {
    const clOrdId = view.getString(Tag.ClOrdID) ?? '';
    if (this.options.drop?.(clOrdId) === true) {
      this.dropped += 1;
      return;
    }
    const qty = view.getString(Tag.OrderQty) ?? '0';
    const body: FieldValue[] = [
      [Tag.OrderID, `T${++this.orderCounter}`],
      [Tag.ExecID, `E${++this.execCounter}`],
      [Tag.ClOrdID, clOrdId],
    ];
    const orig = view.getString(Tag.OrigClOrdID);
    if (orig !== undefined) body.push([Tag.OrigClOrdID, orig]);
    body.push(
      [Tag.ExecType, execType],
      [Tag.OrdStatus, ordStatus],
      [Tag.Symbol, view.getString(Tag.Symbol) ?? ''],
      [Tag.Side, view.getString(Tag.Side) ?? '1'],
      [Tag.OrderQty, qty],
      [Tag.LeavesQty, execType === '4' ? '0' : qty],
      [Tag.CumQty, 0],
      [Tag.AvgPx, 0],
    );
    connection.send(MsgType.ExecutionReport, body);
  }
}
