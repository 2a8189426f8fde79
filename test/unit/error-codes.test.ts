import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** style.md: every thrown error's code is declared once, in its module's errors.ts, and listed in the README. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MODULES = ['fixspec', 'engine', 'risk', 'marketdata', 'gateway', 'db', 'ops'];
const CODE = /'(GW_ERR_[A-Z0-9_]+)'/g;

function errorFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...errorFiles(full));
    else if (name === 'errors.ts') out.push(full);
  }
  return out;
}

describe('error codes', () => {
  const declared = new Map<string, string[]>();
  for (const mod of MODULES) {
    for (const file of errorFiles(join(ROOT, mod))) {
      for (const match of readFileSync(file, 'utf8').matchAll(CODE)) {
        const code = match[1] ?? '';
        declared.set(code, [...(declared.get(code) ?? []), relative(ROOT, file)]);
      }
    }
  }

  it('are declared in errors.ts files', () => {
    expect(declared.size).to.be.greaterThan(5);
  });

  it('are each declared in one module only', () => {
    const twice = [...declared].filter(([, files]) => new Set(files).size > 1).map(([code, files]) => `${code}: ${files.join(', ')}`);
    expect(twice).to.deep.equal([]);
  });

  it('are all listed in the README error table', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const missing = [...declared.keys()].filter((code) => !readme.includes(`\`${code}\``));
    expect(missing, `add these to the README's Errors table: ${missing.join(', ')}`).to.deep.equal([]);
  });
});
