/**
 * One FIX session as configured. Key names follow the issue (portable across configs); ops/config checks them
 * with its schema and hands a frozen copy here.
 */
export type SessionRole = 'order-entry' | 'drop-copy' | 'market-data';
export type BeginString = 'FIX.4.2' | 'FIX.4.4' | 'FIXT.1.1';
export type TimestampPrecision = 'ms' | 'us';

export interface SessionSchedule {
  /** Local time of day the session opens and closes, "HH:MM:SS", in `timeZone`. */
  readonly start: string;
  readonly end: string;
  /** IANA time zone, e.g. "Europe/London". */
  readonly timeZone: string;
  /** Days on which the session opens (0 = Sunday); every day when absent. */
  readonly weekdays?: readonly number[] | undefined;
}

export interface SessionCredentials {
  readonly username: string;
  /** scrypt hash as written by `npm run fix:hash-password`: "scrypt$N$r$p$saltB64$hashB64". */
  readonly passwordHash: string;
}

export interface FixSessionConfig {
  readonly beginString: BeginString;
  /** FIXT.1.1 only: the application version, e.g. "FIX.5.0SP2" (DefaultApplVerID 9). */
  readonly defaultApplVerId?: string | undefined;
  /** The gateway's CompID (SenderCompID of what we send). */
  readonly senderCompId: string;
  /** The client's CompID. */
  readonly targetCompId: string;
  readonly role: SessionRole;
  /** Accepted HeartBtInt range; absent: whatever the client asks (> 0). */
  readonly heartbeatSec?: { readonly min: number; readonly max: number } | undefined;
  readonly resetOnLogon: boolean;
  readonly store: 'database' | 'memory';
  /** SendingTime tolerance. */
  readonly maxLatencySec: number;
  readonly timestampPrecision: TimestampPrecision;
  /** A QuickFIX-format XML file with user-defined fields added to the standard dictionary. */
  readonly dictionary?: string | undefined;
  readonly credentials?: SessionCredentials | undefined;
  readonly schedule?: SessionSchedule | undefined;
  readonly tls?: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly cancelOnDisconnect: boolean;
  readonly account?: string | undefined;
  readonly firm?: string | undefined;
  /** Seconds a connection may stay without a valid Logon. */
  readonly logonTimeoutSec: number;
  /** Seconds we wait for the counterparty's Logout reply before disconnecting. */
  readonly logoutTimeoutSec: number;
  /** Unknown user-defined tags (5000-9999 and above 10000) are accepted rather than rejected. */
  readonly allowUserDefinedFields: boolean;
  /**
   * Order entry: the session numbers and stores its ExecutionReports while the journal commits their events, and
   * sends each once both have committed (one commit's wait instead of two in series). The cost: while the journal
   * stalls, whatever the session sends after a held report (an admission refusal too) waits behind it. Default off.
   */
  readonly overlapCommits?: boolean | undefined;
  /**
   * How a DAY order still working at the trading day's end is reported: Expired (ExecType C, as exchanges do; the
   * default) or Done for Day (ExecType 3, OrdStatus 3, as brokers do; FIX 4.4 Volume 4 Appendix D A.1.b).
   */
  readonly dayOrderEnd?: 'expired' | 'done-for-day' | undefined;
}

/** "FIX.4.4:GW->CLIENT1": our CompID first, as the store keys it. */
export function sessionIdOf(config: Pick<FixSessionConfig, 'beginString' | 'senderCompId' | 'targetCompId'>): string {
  return `${config.beginString}:${config.senderCompId}->${config.targetCompId}`;
}
