/**
 * Test coverage of engine, risk and fixspec (style.md: 95% or above), measured with V8's own coverage and reported
 * with c8 through tsx's source maps. Run: npm run coverage (with DATABASE_URL and REDIS_URL as for npm test).
 *
 * 1. Runs the unit and integration tests (TEST_SPEC narrows them, as for npm test) under NODE_V8_COVERAGE.
 * 2. Keeps the coverage of the test process only (the one that loaded the summary reporter, with its worker
 *    threads): processes the tests start (a gateway, a CLI) load the same files and report only what they ran, and
 *    c8's merge of the several processes' data was seen to lower a file's figure (book-inspector.ts at 31% with a
 *    gateway's data merged, 95% without).
 * 3. Refuses a measurement where one file was loaded twice in the test process (as CommonJS and as ESM: two scripts
 *    under one URL, whose merge is wrong); that happened while a module had a top-level await.
 * 4. `c8 report` into coverage/ (text and coverage-summary.json), then prints, per area, lines, statements,
 *    functions and branches, and exits 1 when an area's lines are below 95%.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const AREAS = ['engine', 'risk', 'fixspec'] as const;
const EXCLUDED = ['fixspec/generated/**', 'fixspec/tools/**'];
const MIN_LINES_PCT = 95;

interface ScriptCoverage {
  readonly url: string;
}

interface Totals {
  total: number;
  covered: number;
}

const work = mkdtempSync(join(tmpdir(), 'gw-coverage-'));
const raw = join(work, 'raw');
const kept = join(work, 'kept');
mkdirSync(kept);
try {
  const spec = process.env.TEST_SPEC ?? 'test/unit/**/*.test.ts,test/integration/**/*.test.ts';
  const tests = spawnSync('npx', ['mocha'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TEST_SPEC: spec, NODE_V8_COVERAGE: raw } });
  if (tests.status !== 0) process.stderr.write(`coverage: the tests failed (status ${tests.status}); the figures below are of a failed run\n`);

  // Files are coverage-<pid>-<time>-<thread>.json; the test process is the pid that loaded the summary reporter.
  const files = readdirSync(raw).filter((f) => f.endsWith('.json'));
  const pidOf = (file: string): string => file.split('-')[1] ?? '';
  const scriptsOf = (file: string): readonly ScriptCoverage[] => (JSON.parse(readFileSync(join(raw, file), 'utf8')) as { result: ScriptCoverage[] }).result;
  const testPids = new Set(files.filter((f) => scriptsOf(f).some((s) => s.url.endsWith('/test/support/summary-reporter.cjs'))).map(pidOf));
  if (testPids.size !== 1) throw new Error(`expected one test process in the coverage data, found ${testPids.size}`);
  for (const file of files.filter((f) => testPids.has(pidOf(f)))) {
    const urls = scriptsOf(file).map((s) => s.url).filter((u) => u.startsWith(`file://${ROOT}/`) && !u.includes('/node_modules/'));
    const twice = [...new Set(urls.filter((u, i) => urls.indexOf(u) !== i))];
    if (twice.length > 0) throw new Error(`loaded twice in the test process (CommonJS and ESM?), so the coverage would be wrong: ${twice.join(', ')}`);
    renameSync(join(raw, file), join(kept, file));
  }

  const c8 = join(ROOT, 'node_modules', '.bin', 'c8');
  const include = AREAS.flatMap((a) => ['--include', `${a}/**`]);
  const exclude = EXCLUDED.flatMap((e) => ['--exclude', e]);
  const report = spawnSync(c8, ['report', '--temp-directory', kept, '--reports-dir', 'coverage', '--reporter', 'text', '--reporter', 'json-summary', ...include, ...exclude], { cwd: ROOT, stdio: 'inherit' });
  if (report.status !== 0) throw new Error(`c8 report failed (status ${report.status})`);

  const summary = JSON.parse(readFileSync(join(ROOT, 'coverage', 'coverage-summary.json'), 'utf8')) as Record<string, Record<'lines' | 'statements' | 'functions' | 'branches', Totals>>;
  const metrics = ['lines', 'statements', 'functions', 'branches'] as const;
  const areas: Record<string, Record<string, number>> = {};
  let below = false;
  for (const area of AREAS) {
    const sums = Object.fromEntries(metrics.map((m) => [m, { total: 0, covered: 0 }])) as Record<(typeof metrics)[number], Totals>;
    for (const [file, figures] of Object.entries(summary)) {
      if (!file.startsWith(join(ROOT, area) + '/')) continue;
      for (const m of metrics) {
        sums[m].total += figures[m].total;
        sums[m].covered += figures[m].covered;
      }
    }
    areas[area] = Object.fromEntries(metrics.map((m) => [m, sums[m].total === 0 ? 100 : Math.round((10_000 * sums[m].covered) / sums[m].total) / 100]));
    if ((areas[area]?.lines ?? 0) < MIN_LINES_PCT) below = true;
  }
  process.stdout.write(`${JSON.stringify({ coverage: 'lines, statements, functions and branches covered, %', spec, minimumLinesPct: MIN_LINES_PCT, areas }, null, 2)}\n`);
  process.exitCode = below || tests.status !== 0 ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
