import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * design.md's module map, enforced: gateway -> risk -> engine; nothing imports gateway; fixspec and engine import
 * nothing of ours; engine does no I/O and reads no clock; other modules enter a module only through its index.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MODULES = ['fixspec', 'engine', 'risk', 'marketdata', 'gateway', 'db', 'ops'] as const;
type Module = (typeof MODULES)[number];

/** What each module may import of ours ("engine/model" means only the model, not the engine's own index). */
const ALLOWED: Record<Module, readonly string[]> = {
  fixspec: [],
  engine: [],
  risk: ['engine/model'],
  marketdata: ['engine/model'],
  db: ['engine/model'],
  gateway: ['fixspec', 'engine', 'engine/model', 'risk', 'marketdata', 'db'],
  ops: ['fixspec', 'engine', 'engine/model', 'risk', 'marketdata', 'gateway', 'db'],
};
const ENGINE_FORBIDDEN_PACKAGES = /^(node:)?(net|tls|http|https|http2|fs|fs\/promises|dgram|child_process|worker_threads|dns)$|^(pg|ioredis|kafkajs|ws|fastify|winston|prom-client|ccxt)(\/|$)/;
const ENGINE_FORBIDDEN_CALLS = /\bDate\.now\(|\bnew Date\(|\bsetTimeout\(|\bsetInterval\(|\bperformance\.now\(|process\.hrtime/;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (spec !== undefined) specs.push(spec);
  }
  return specs;
}

/** The entry a relative import lands on, as "module" (its index), "engine/model", or "module/deep/path". */
function targetOf(file: string, spec: string): string {
  const path = relative(ROOT, resolve(dirname(file), spec)).replace(/\\/g, '/').replace(/\/index$/, '');
  return path;
}

function moduleOf(path: string): Module | undefined {
  const head = path.split('/')[0];
  return MODULES.find((m) => m === head);
}

interface Violation {
  readonly file: string;
  readonly spec: string;
  readonly rule: string;
}

function violations(): Violation[] {
  const found: Violation[] = [];
  for (const mod of MODULES) {
    for (const file of sourceFiles(join(ROOT, mod))) {
      const rel = relative(ROOT, file);
      if (mod === 'engine' && ENGINE_FORBIDDEN_CALLS.test(readFileSync(file, 'utf8'))) {
        found.push({ file: rel, spec: '(clock or timer)', rule: 'engine reads no clock and sets no timer: time is passed in' });
      }
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) {
          if (mod === 'engine' && ENGINE_FORBIDDEN_PACKAGES.test(spec)) found.push({ file: rel, spec, rule: 'engine imports no I/O module' });
          continue;
        }
        const target = targetOf(file, spec);
        const targetModule = moduleOf(target);
        if (targetModule === undefined) {
          found.push({ file: rel, spec, rule: 'imports outside the module folders' });
          continue;
        }
        if (targetModule === mod) continue;
        const entry = target === 'engine/model' || target.startsWith('engine/model/') ? 'engine/model' : targetModule;
        if (target !== entry) found.push({ file: rel, spec, rule: `deep import: enter ${targetModule} through ${entry}/index.ts` });
        if (!ALLOWED[mod].includes(entry)) found.push({ file: rel, spec, rule: `${mod} may not import ${entry}` });
      }
    }
  }
  return found;
}

describe('architecture: the import direction of design.md', () => {
  it('every import between modules follows the module map, through index files only', () => {
    const found = violations().map((v) => `${v.file}: '${v.spec}': ${v.rule}`);
    expect(found, found.join('\n')).to.deep.equal([]);
  });

  it('the checker itself catches a forbidden import (risk -> gateway) and a deep import', () => {
    const riskFile = join(ROOT, 'risk', 'x.ts');
    expect(moduleOf(targetOf(riskFile, '../gateway'))).to.equal('gateway');
    expect(ALLOWED.risk.includes('gateway')).to.equal(false);
    expect(targetOf(riskFile, '../db/database')).to.equal('db/database');
    expect(ENGINE_FORBIDDEN_PACKAGES.test('node:net')).to.equal(true);
    expect(ENGINE_FORBIDDEN_CALLS.test('const t = Date.now();')).to.equal(true);
  });

  it('the module graph has no cycles', () => {
    const edges = new Map<Module, Set<Module>>();
    for (const mod of MODULES) {
      const set = new Set<Module>();
      for (const file of sourceFiles(join(ROOT, mod))) {
        for (const spec of importsOf(file)) {
          if (!spec.startsWith('.')) continue;
          const target = moduleOf(targetOf(file, spec));
          if (target !== undefined && target !== mod) set.add(target);
        }
      }
      edges.set(mod, set);
    }
    const cycles: string[] = [];
    const visit = (mod: Module, path: Module[]): void => {
      if (path.includes(mod)) {
        cycles.push([...path.slice(path.indexOf(mod)), mod].join(' -> '));
        return;
      }
      for (const next of edges.get(mod) ?? []) visit(next, [...path, mod]);
    };
    for (const mod of MODULES) visit(mod, []);
    expect(cycles).to.deep.equal([]);
  });
});
