import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { AdminMsgType as M } from './session/admin-messages';
import type { FixSession } from './session/fix-session';
import type { SessionLogger } from './session/session-deps';
import type { InboundMessage, SessionTransport } from './session/session-ports';

/** One result of framing a TCP byte stream: a whole message, or bytes FIX says to ignore (garbled). */
export type FrameResult = { readonly kind: 'message'; readonly message: InboundMessage } | { readonly kind: 'garbled'; readonly reason: string };

/** Splits a connection's bytes into messages; bounded by the largest message size. One per connection. */
export interface ConnectionDecoder {
  push(chunk: Uint8Array, onResult: (result: FrameResult) => void): void;
}

export interface AcceptorOptions {
  readonly host: string;
  readonly port: number;
  readonly sessions: readonly FixSession[];
  readonly newDecoder: () => ConnectionDecoder;
  /** Decodes one whole message kept as bytes (those that came in the same read as the Logon). */
  readonly decode: (bytes: Uint8Array) => InboundMessage | null;
  readonly logger: SessionLogger;
  /** A connection that has not logged on within this time is closed. */
  readonly logonTimeoutMs: number;
  readonly maxConnections: number;
  readonly onGarbled?: (reason: string) => void;
  /** Port of the TLS listener, opened when a session has `tls`; 0 picks a free one. */
  readonly tlsPort?: number;
}

/** Logon messages that arrive while a Logon is being checked wait here; more than this and the peer is hostile. */
const MAX_PENDING_FRAMES = 64;
const CLOSE_GRACE_MS = 2_000;

function identityKey(beginString: string, ourCompId: string, theirCompId: string): string {
  return `${beginString}:${ourCompId}->${theirCompId}`;
}

class Connection implements SessionTransport {
  readonly remoteAddress: string;
  private session: FixSession | null = null;
  private loggingOn = false;
  private pending: Uint8Array[] = [];
  private readonly decoder: ConnectionDecoder;
  private readonly logonTimer: NodeJS.Timeout;
  private closed = false;
  private corked = false;

  constructor(
    private readonly socket: Socket,
    private readonly acceptor: FixAcceptor,
    private readonly options: AcceptorOptions,
    private readonly secure: boolean,
  ) {
    this.remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.decoder = options.newDecoder();
    socket.setNoDelay(true);
    this.logonTimer = setTimeout(() => {
      if (this.session === null) this.close(`no Logon within ${options.logonTimeoutMs} ms`);
    }, options.logonTimeoutMs);
    this.logonTimer.unref();
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      clearTimeout(this.logonTimer);
      this.session?.onTransportClosed();
    });
  }

  /**
   * Messages written in one turn of the event loop leave in one system call (writev), not one each: the first
   * write corks the socket and the uncork is queued for the end of the turn (process.nextTick), so that nothing
   * waits for a later event. On two cores under load the per-message write was a fifth of the gateway's CPU.
   */
  write(bytes: Uint8Array): boolean {
    if (this.closed || this.socket.destroyed) return false;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.socket.write(bytes);
    return true;
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.logonTimer);
    if (this.session === null) this.options.logger.info('connection closed', { remote: this.remoteAddress, reason });
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  private onData(chunk: Uint8Array): void {
    if (this.closed) return;
    this.decoder.push(chunk, (result) => this.onFrame(result));
  }

  private onFrame(result: FrameResult): void {
    if (this.closed) return;
    if (result.kind === 'garbled') {
      this.options.logger.warn('garbled message ignored', { remote: this.remoteAddress, sessionId: this.session?.sessionId, reason: result.reason });
      this.options.onGarbled?.(result.reason);
      return;
    }
    if (this.session !== null) {
      this.session.onMessage(result.message);
      return;
    }
    if (this.loggingOn) {
      // Another whole message in the same read as the Logon (reading is paused for later ones): keep it for after.
      if (this.pending.length >= MAX_PENDING_FRAMES) {
        this.close('too many messages before the Logon was answered');
        return;
      }
      this.pending.push(result.message.copyBytes());
      return;
    }
    this.firstMessage(result.message);
  }

  private firstMessage(message: InboundMessage): void {
    if (message.msgType !== M.Logon) {
      this.options.logger.warn('first message is not a Logon: disconnected', { remote: this.remoteAddress, msgType: message.msgType });
      this.close('first message not a Logon');
      return;
    }
    const session = this.acceptor.find(message.beginString, message.targetCompId ?? '', message.senderCompId ?? '');
    if (session === undefined) {
      this.options.logger.warn('Logon for an unknown session: disconnected', {
        remote: this.remoteAddress,
        beginString: message.beginString,
        senderCompId: message.senderCompId,
        targetCompId: message.targetCompId,
      });
      this.close('unknown session');
      return;
    }
    if (session.config.tls !== undefined && !this.secure) {
      this.options.logger.warn('Logon over plain TCP for a session that requires TLS: disconnected', { remote: this.remoteAddress, sessionId: session.sessionId });
      this.close('session requires TLS');
      return;
    }
    this.loggingOn = true;
    // Nothing more is read until the Logon is decided (it may wait on the store or a password hash).
    this.socket.pause();
    void session.logon(this, message).then((ok) => {
      this.loggingOn = false;
      if (!ok || this.closed) return;
      clearTimeout(this.logonTimer);
      this.session = session;
      const pending = this.pending;
      this.pending = [];
      for (const bytes of pending) {
        const queued = this.options.decode(bytes);
        if (queued !== null && this.session !== null) this.session.onMessage(queued);
      }
      this.socket.resume();
    });
  }
}

/**
 * The FIX acceptor: one TCP port, many sessions, each found by its identity (BeginString, our CompID, theirs) on
 * the connection's first message, which must be a Logon.
 */
export class FixAcceptor {
  private readonly byIdentity = new Map<string, FixSession>();
  private server: Server | null = null;
  private tlsServer: TlsServer | null = null;
  private readonly connections = new Set<Socket>();

  constructor(private readonly options: AcceptorOptions) {
    for (const session of options.sessions) {
      const c = session.config;
      this.byIdentity.set(identityKey(c.beginString, c.senderCompId, c.targetCompId), session);
    }
  }

  find(beginString: string, ourCompId: string, theirCompId: string): FixSession | undefined {
    return this.byIdentity.get(identityKey(beginString, ourCompId, theirCompId));
  }

  /** Opens the plain port, and the TLS port when a session has `tls`. */
  async listen(): Promise<{ readonly host: string; readonly port: number; readonly tlsPort: number | null }> {
    const server = createServer((socket) => this.accept(socket, false));
    this.server = server;
    const port = await listenOn(server, this.options.port, this.options.host);
    // One certificate per TLS port: the first TLS session's (sessions that share the port share it).
    const tls = this.options.sessions.find((s) => s.config.tls !== undefined)?.config.tls;
    let tlsPort: number | null = null;
    if (tls !== undefined) {
      const tlsServer = createTlsServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile), minVersion: 'TLSv1.2' }, (socket) => this.accept(socket, true));
      tlsServer.on('tlsClientError', () => undefined);
      this.tlsServer = tlsServer;
      tlsPort = await listenOn(tlsServer, this.options.tlsPort ?? 0, this.options.host);
    }
    return { host: this.options.host, port, tlsPort };
  }

  private accept(socket: Socket, secure: boolean): void {
    if (this.connections.size >= this.options.maxConnections) {
      this.options.logger.warn('connection refused: too many connections', { remote: socket.remoteAddress, max: this.options.maxConnections });
      socket.destroy();
      return;
    }
    this.connections.add(socket);
    socket.once('close', () => this.connections.delete(socket));
    new Connection(socket, this, this.options, secure);
  }

  /** Closes the port and drops every connection at once, with no Logout (tests use it to stand for a crash). */
  destroy(): void {
    this.server?.close();
    this.server = null;
    this.tlsServer?.close();
    this.tlsServer = null;
    for (const socket of this.connections) socket.destroy();
  }

  /** Logs every session out (waiting up to `graceMs` for their replies), then closes the port and the connections. */
  async close(graceMs = 2_000): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.close();
    this.tlsServer?.close();
    this.tlsServer = null;
    for (const session of this.options.sessions) session.logout('gateway shutting down', 'operator');
    const deadline = Date.now() + graceMs;
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const socket of this.connections) socket.destroy();
    await Promise.all(this.options.sessions.map((s) => s.drained()));
  }
}

function listenOn(server: Server | TlsServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
