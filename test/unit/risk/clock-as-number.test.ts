import { expect } from 'chai';
import { usAsNumber } from '../../../risk/clock';
import { mulberry32 } from '../../support/seeded-random';

describe('risk: a command clock (bigint µs) as a number', () => {
  it('gives exactly what Number() gives, for timestamps, small and negative values and the edges of 2^53', () => {
    const random = mulberry32(11);
    const values: bigint[] = [0n, 1n, -1n, 4_294_967_295n, 4_294_967_296n, -4_294_967_296n, 2n ** 53n - 1n, -(2n ** 53n) + 1n, 1_767_258_000_000_000n];
    for (let i = 0; i < 10_000; i += 1) {
      const high = BigInt(Math.floor(random() * 2 ** 21)) * 2n ** 32n;
      const value = high + BigInt(Math.floor(random() * 2 ** 32));
      values.push(random() < 0.5 ? value : -value);
    }
    for (const us of values) expect(usAsNumber(us), String(us)).to.equal(Number(us));
  });
});
