import type { SessionStore } from '../../../db';
import type { SessionState } from './session-state';
import type { FixSessionConfig } from './session-config';
import type { ApplicationHandler, SessionCodec } from './session-ports';

export interface SessionLogger {
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

/** Counters the session layer reports; ops implements them with prom-client. */
export interface SessionMetrics {
  messageIn(sessionId: string, msgType: string): void;
  messageOut(sessionId: string, msgType: string): void;
  resendServed(sessionId: string, messages: number): void;
  rejectSent(sessionId: string, reason: number): void;
  stateChanged(sessionId: string, state: SessionState): void;
}

export interface FixSessionDeps {
  readonly config: FixSessionConfig;
  readonly store: SessionStore;
  readonly codec: SessionCodec;
  readonly nowUs: () => bigint;
  readonly logger: SessionLogger;
  readonly metrics: SessionMetrics;
  readonly application: ApplicationHandler;
}

