/**
 * CPU time of the processes a benchmark step involves, from Linux's /proc (user + system, all threads; in clock
 * ticks of 10 ms). The gateway is one process; the Postgres server is every process named `postgres` (its
 * backends, WAL writer, checkpointer), counted while they live. Elsewhere than Linux every figure is null.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10;

export interface CpuSample {
  readonly gatewayMs: number | null;
  readonly postgresMs: number | null;
  /** This process (the load generator). */
  readonly generatorMs: number;
}

/** utime + stime of a process, ms; null when it cannot be read. */
function processCpuMs(pid: number | string): { readonly name: string; readonly ms: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name is in parentheses and may hold spaces: the fields after it are counted from its end.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // Fields 14 and 15 of the whole line (utime, stime) are the 12th and 13th after the name.
    return { name, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return null;
  }
}

function postgresCpuMs(): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return null;
  }
  let total = 0;
  for (const pid of pids) {
    const cpu = processCpuMs(pid);
    if (cpu !== null && cpu.name === 'postgres') total += cpu.ms;
  }
  return total;
}

/** A sampler for the gateway process `gatewayPid` (undefined when there is none, as for the trivial responder). */
export function cpuSampler(gatewayPid: number | undefined, withPostgres: boolean): () => CpuSample {
  return () => {
    const own = process.cpuUsage();
    return {
      gatewayMs: gatewayPid === undefined ? null : (processCpuMs(gatewayPid)?.ms ?? null),
      postgresMs: withPostgres ? postgresCpuMs() : null,
      generatorMs: (own.user + own.system) / 1000,
    };
  };
}

export interface CpuPerOrder {
  /** CPU µs per answered order in the step. */
  readonly gatewayUs: number | null;
  readonly postgresUs: number | null;
  readonly generatorUs: number;
}

export function cpuPerOrder(before: CpuSample, after: CpuSample, answered: number): CpuPerOrder {
  const per = (a: number | null, b: number | null): number | null => (a === null || b === null || answered === 0 ? null : Math.round(((b - a) * 1000) / answered));
  return { gatewayUs: per(before.gatewayMs, after.gatewayMs), postgresUs: per(before.postgresMs, after.postgresMs), generatorUs: per(before.generatorMs, after.generatorMs) ?? 0 };
}
