/**
 * Where a process's CPU went, from the .cpuprofile V8 writes under `--cpu-prof`: self time per function (the
 * time spent in the function's own code, not its callees) and per area (our top-level folders, each package,
 * node's internals, GC, idle), largest first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../support/gateway-process';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly selfMs: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  /** Excluding idle: the time the process was on a CPU. */
  readonly busyMs: number;
  readonly topFunctions: readonly SelfTime[];
  readonly byArea: readonly SelfTime[];
}

/** "gateway/fix/session/fix-session.ts" -> "gateway", "node_modules/pg/..." -> "pg", "node:net" -> "node internals". */
function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : 'native';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '').replace(`${PROJECT_ROOT}/`, '');
  const pkg = /node_modules\/(@[^/]+\/[^/]+|[^/]+)/.exec(path);
  if (pkg !== null) return pkg[1] ?? 'node_modules';
  return path.split('/')[0] ?? path;
}

function label(frame: ProfileNode['callFrame']): string {
  const path = frame.url.replace(/^file:\/\//, '').replace(`${PROJECT_ROOT}/`, '');
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  return path === '' ? name : `${name} ${path}:${frame.lineNumber + 1}`;
}

function ranked(times: Map<string, number>, busyUs: number, top: number): SelfTime[] {
  return [...times.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: Math.round(us / 1000), percent: Math.round((1000 * us) / busyUs) / 10 }));
}

export function summariseProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const perFunction = new Map<string, number>();
  const perArea = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id);
    if (frame === undefined) return;
    totalUs += us;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      return;
    }
    const fn = label(frame);
    perFunction.set(fn, (perFunction.get(fn) ?? 0) + us);
    const area = areaOf(frame.url, frame.functionName);
    perArea.set(area, (perArea.get(area) ?? 0) + us);
  });
  const busyUs = Math.max(1, totalUs - idleUs);
  return { file, totalMs: Math.round(totalUs / 1000), busyMs: Math.round(busyUs / 1000), topFunctions: ranked(perFunction, busyUs, top), byArea: ranked(perArea, busyUs, 15) };
}

/** The summary of each .cpuprofile in a folder (the gateway's main thread and any worker, e.g. PGlite's). */
export function summariseProfiles(dir: string, top = 25): ProfileSummary[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summariseProfile(join(dir, f), top))
    .sort((a, b) => b.busyMs - a.busyMs);
}
