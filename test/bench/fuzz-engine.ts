/**
 * Long differential fuzzing of the engine (issue 4): the fast engine against the naive reference book over
 * seeded random command streams, invariants checked every FUZZ_INVARIANT_EVERY commands (default 1).
 * Defaults: 200 seeds x 100,000 commands = 20,000,000 commands (hours on one core).
 *   FUZZ_SEEDS=200 FUZZ_COMMANDS=100000 FUZZ_FIRST_SEED=1000 FUZZ_INVARIANT_EVERY=1 npm run fuzz:engine
 * Exits 1 on the first seed whose event streams differ or whose invariants break, printing the seed and the
 * first differing command, so the failure replays with that one seed.
 */
import { runDifferential } from '../unit/engine/differential';

const seeds = Number(process.env.FUZZ_SEEDS ?? 200);
const commands = Number(process.env.FUZZ_COMMANDS ?? 100_000);
const firstSeed = Number(process.env.FUZZ_FIRST_SEED ?? 1_000);
const invariantEvery = Number(process.env.FUZZ_INVARIANT_EVERY ?? 1);

let total = 0;
let events = 0;
const started = process.hrtime.bigint();
for (let seed = firstSeed; seed < firstSeed + seeds; seed += 1) {
  const result = runDifferential(seed, commands, invariantEvery);
  total += result.commands;
  events += result.events;
  const failed = result.firstMismatch !== undefined || result.problems.length > 0 || result.fastHash !== result.referenceHash;
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ seed, commands: result.commands, events: result.events, trades: result.trades, ok: !failed, totalCommands: total, elapsedS: +elapsedS.toFixed(1) }));
  if (failed) {
    console.error(JSON.stringify({ seed, firstMismatch: result.firstMismatch, problems: result.problems.slice(0, 20) }, null, 2));
    process.exit(1);
  }
}
console.log(JSON.stringify({ done: true, seeds, totalCommands: total, totalEvents: events }));
