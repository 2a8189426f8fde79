import { expect } from 'chai';
describe('sanity', () => { it('adds', () => { expect(1 + 1).to.equal(2); }); });
