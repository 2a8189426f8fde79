// Public surface of the FIX acceptor and its session layer.
export { FixAcceptor, type AcceptorOptions, type ConnectionDecoder, type FrameResult } from './acceptor';
export { FixSession } from './session/fix-session';
export type { FixSessionDeps, SessionLogger, SessionMetrics } from './session/session-deps';
export { sessionIdOf, type FixSessionConfig, type SessionRole } from './session/session-config';
export { SessionState } from './session/session-state';
export { hashPassword, verifyPassword } from './session/password';
export type { ApplicationHandler, DisconnectReason, InboundMessage, SessionHandle, SessionCodec, FieldValue } from './session/session-ports';
export { FixspecDecoder, FixspecSessionCodec, ViewMessage, decodeMessage } from './codec/fixspec-codec';
export { BusinessRejectReason } from './session/admin-messages';
export { FixSessionDirectory, type SessionView } from './session-directory';
export { FixOrderEntry, attachDropCopy, type DropCopyFeed } from './translate';
