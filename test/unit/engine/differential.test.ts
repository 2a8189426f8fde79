import { expect } from 'chai';
import { runDifferential } from './differential';

/**
 * The fast engine against the naive reference book over seeded random command streams covering every order type
 * and rule: identical event streams (compared by SHA-256 of the canonical text), invariants after every command.
 * 4 seeds x 75,000 = 300,000 commands. `npm run fuzz:engine` runs tens of millions.
 */
const SEEDS = [1, 2, 3, 4];
const COMMANDS_PER_SEED = 75_000;
const ALL_EVENT_KINDS = [
  'OrderAccepted',
  'OrderRejected',
  'OrderReplaced',
  'OrderCancelled',
  'OrderRestated',
  'OrderExpired',
  'OrderTriggered',
  'Trade',
  'TradeAmended',
  'OrderStatusReported',
  'MassCancelCompleted',
  'TradingStatusChanged',
];

describe('engine: fast book = reference book over seeded random commands', function () {
  this.timeout(120_000);

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${COMMANDS_PER_SEED} commands give identical event streams and keep every invariant`, () => {
      const result = runDifferential(seed, COMMANDS_PER_SEED);
      expect(result.problems, result.problems.join('\n')).to.deep.equal([]);
      const mismatch = result.firstMismatch;
      expect(mismatch, mismatch === undefined ? '' : `command ${mismatch.index}: ${mismatch.command}\nfast:\n${mismatch.fast}\nreference:\n${mismatch.reference}`).to.equal(undefined);
      expect(result.fastHash).to.equal(result.referenceHash);
      // The stream really exercises the engine: every kind of event, and plenty of trades.
      expect([...result.kinds.keys()]).to.have.members(ALL_EVENT_KINDS);
      expect(result.trades).to.be.greaterThan(COMMANDS_PER_SEED / 10);
    });
  }

  it('the same seed gives the same stream, byte for byte (determinism)', () => {
    const first = runDifferential(7, 5_000, 1_000);
    const second = runDifferential(7, 5_000, 1_000);
    expect(first.fastHash).to.equal(second.fastHash);
    expect(runDifferential(8, 5_000, 1_000).fastHash).to.not.equal(first.fastHash);
  });
});
