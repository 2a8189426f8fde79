import { expect } from 'chai';
import { arrayLiteral } from '../../../db/array-literal';
import { databaseBackends, openIsolated } from '../../support/databases';

const TEXTS = ['', 'plain', 'NULL', 'null', ' spaced ', 'a,b', '{braces}', 'quote "inside"', 'back\\slash', '\\"both\\"', 'tab\tnew\nline', 'ünïcödé €', '{"json":"body","n":[1,2]}', 'x'.repeat(3000)];

for (const backend of databaseBackends()) {
  describe(`array literals on ${backend.name}`, function () {
    this.timeout(60_000);

    it('Postgres reads them as it reads the arrays node-postgres writes: texts with every special character, numbers, bigints, booleans, NULLs', async () => {
      const { db, drop } = await openIsolated(backend);
      try {
        const cases: [type: string, values: unknown[], asPg: unknown[]][] = [
          ['text', [...TEXTS, null, undefined], [...TEXTS, null, null]],
          ['bigint', [0, -1, 9_007_199_254_740_991, 9_223_372_036_854_775_807n, '42', null], [0, -1, 9_007_199_254_740_991, '9223372036854775807', '42', null]],
          ['numeric', [1.5, -0.25, 10n ** 30n, null], [1.5, -0.25, (10n ** 30n).toString(), null]],
          ['boolean', [true, false, null], [true, false, null]],
          ['smallint', [1, 32767], [1, 32767]],
        ];
        for (const [type, values, asPg] of cases) {
          const result = await db.query<{ ours: unknown[]; theirs: unknown[] }>(`SELECT $1::${type}[] AS ours, $2::${type}[] AS theirs`, [arrayLiteral(values), asPg]);
          const row = result.rows[0];
          expect(row?.ours, type).to.deep.equal(row?.theirs);
          expect(row?.ours, type).to.have.length(values.length);
        }
      } finally {
        await drop();
      }
    });
  });
}

describe('array literals', () => {
  it('refuses an element pg would write some other way (an object, a Buffer) rather than write it differently', () => {
    expect(() => arrayLiteral([{ a: 1 }])).to.throw(TypeError);
    expect(() => arrayLiteral([Buffer.from('x')])).to.throw(TypeError);
    expect(arrayLiteral([])).to.equal('{}');
  });
});
