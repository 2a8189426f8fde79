/** `npm run fuzz:fix [-- CASES SEED]`: the codec fuzzer at length (default 10,000,000 cases), with memory use. */
import { fuzz } from '../support/fix-fuzzer';

const cases = Number(process.argv[2] ?? 10_000_000);
const seed = Number(process.argv[3] ?? 1);
const started = Date.now();
const heapStart = process.memoryUsage().heapUsed;
let heapMax = heapStart;
const stats = fuzz(seed, cases, (done) => {
  const heap = process.memoryUsage().heapUsed;
  heapMax = Math.max(heapMax, heap);
  process.stderr.write(`fuzz:fix ${done} cases, heap ${(heap / 1e6).toFixed(1)} MB\n`);
});
process.stdout.write(
  `${JSON.stringify({ ...stats, seed, seconds: (Date.now() - started) / 1000, heapStartMB: +(heapStart / 1e6).toFixed(1), heapMaxMB: +(heapMax / 1e6).toFixed(1), heapEndMB: +(process.memoryUsage().heapUsed / 1e6).toFixed(1) })}\n`,
);
