import type { SessionSequences } from '../../../db';
import type { FixSessionDeps } from './session-deps';
import type { SessionSchedule } from './session-config';

const MS_PER_DAY = 86_400_000;

interface LocalTime {
  readonly weekday: number;
  readonly secondsOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(utcMs: number, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(utcMs));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '0';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { weekday, secondsOfDay: Number(get('hour')) * 3600 + Number(get('minute')) * 60 + Number(get('second')) };
}

function seconds(hhmmss: string): number {
  const [h = 0, m = 0, s = 0] = hhmmss.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

/**
 * Whether the session is open at `utcMs`. A window whose end is before its start runs over midnight (e.g.
 * 22:00-21:55 Sunday to Friday); the weekday is that of the window's start.
 */
export function isInSchedule(schedule: SessionSchedule, utcMs: number): boolean {
  const start = seconds(schedule.start);
  const end = seconds(schedule.end);
  const now = localTime(utcMs, schedule.timeZone);
  const dayAllowed = (weekday: number): boolean => schedule.weekdays === undefined || schedule.weekdays.includes(weekday);
  if (start === end) return dayAllowed(now.weekday);
  if (start < end) return dayAllowed(now.weekday) && now.secondsOfDay >= start && now.secondsOfDay < end;
  if (now.secondsOfDay >= start) return dayAllowed(now.weekday);
  if (now.secondsOfDay < end) return dayAllowed((now.weekday + 6) % 7);
  return false;
}

/**
 * The UTC ms of the latest session start (the schedule's start time, on an allowed weekday) at or before `utcMs`,
 * or null if none in the last week. Sequence numbers reset when the stored epoch began before it.
 */
export function lastSessionStart(schedule: SessionSchedule, utcMs: number): number | null {
  const start = seconds(schedule.start);
  const nowSeconds = localTime(utcMs, schedule.timeZone).secondsOfDay;
  for (let daysBack = 0; daysBack <= 7; daysBack += 1) {
    let guess = utcMs - (nowSeconds - start) * 1000 - daysBack * MS_PER_DAY;
    guess -= ((guess % 1000) + 1000) % 1000;
    // A daylight-saving change between the two days moves the wall clock: correct by what it reads there.
    const drift = localTime(guess, schedule.timeZone).secondsOfDay - start;
    if (Math.abs(drift) <= 7_200) guess -= drift * 1000;
    if (guess > utcMs) continue;
    const weekday = localTime(guess, schedule.timeZone).weekday;
    if (schedule.weekdays === undefined || schedule.weekdays.includes(weekday)) return guess;
  }
  return null;
}

/** The start (UTC ms) of a session period that began after the stored epoch, when there is one: sequences reset then. */
export function newSessionPeriod(schedule: SessionSchedule | undefined, epochStartedAtMs: number, nowMs: number): number | null {
  if (schedule === undefined) return null;
  const start = lastSessionStart(schedule, nowMs);
  return start !== null && start > epochStartedAtMs ? start : null;
}

/**
 * The sequences a Logon goes on from: the stored ones, or a new epoch at 1/1 when the client asks for it
 * (ResetSeqNumFlag), the session resets at every Logon, or a new session period has begun since the stored epoch.
 */
export async function sequencesAtLogon(deps: Pick<FixSessionDeps, 'config' | 'store' | 'logger'>, sessionId: string, stored: SessionSequences, resetRequested: boolean, nowUs: bigint): Promise<SessionSequences> {
  const newPeriod = newSessionPeriod(deps.config.schedule, stored.epochStartedAtMs, Number(nowUs / 1000n));
  if (newPeriod !== null) deps.logger.info('new session period: sequence numbers reset', { sessionId, periodStart: new Date(newPeriod).toISOString() });
  return resetRequested || deps.config.resetOnLogon || newPeriod !== null ? deps.store.reset(sessionId) : stored;
}
