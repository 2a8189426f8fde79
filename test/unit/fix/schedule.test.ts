import { expect } from 'chai';
import { isInSchedule, lastSessionStart } from '../../../gateway/fix/session/schedule';
import { hashPassword, verifyPassword } from '../../../gateway/fix/session/password';

const utc = (iso: string): number => Date.parse(iso);

describe('FIX session schedule', () => {
  const london = { start: '08:00:00', end: '17:00:00', timeZone: 'Europe/London', weekdays: [1, 2, 3, 4, 5] };

  it('is open inside the daily window on allowed weekdays only, in the session time zone', () => {
    expect(isInSchedule(london, utc('2026-07-01T07:30:00Z'))).to.equal(true); // 08:30 BST, Wednesday
    expect(isInSchedule(london, utc('2026-07-01T06:59:59Z'))).to.equal(false); // 07:59:59 BST
    expect(isInSchedule(london, utc('2026-07-01T16:00:00Z'))).to.equal(false); // 17:00 BST: end is exclusive
    expect(isInSchedule(london, utc('2026-07-04T10:00:00Z'))).to.equal(false); // Saturday
    expect(isInSchedule(london, utc('2026-01-07T08:30:00Z'))).to.equal(true); // 08:30 GMT in winter
  });

  it('runs a window over midnight with the weekday of its start', () => {
    const fx = { start: '22:00:00', end: '21:55:00', timeZone: 'UTC', weekdays: [0, 1, 2, 3, 4] };
    expect(isInSchedule(fx, utc('2026-07-05T23:00:00Z'))).to.equal(true); // Sunday 23:00
    expect(isInSchedule(fx, utc('2026-07-06T10:00:00Z'))).to.equal(true); // Monday 10:00, window opened Sunday
    expect(isInSchedule(fx, utc('2026-07-06T21:57:00Z'))).to.equal(false); // the 5-minute break
    expect(isInSchedule(fx, utc('2026-07-10T22:30:00Z'))).to.equal(false); // Friday evening: no Friday start
  });

  it('finds the latest session start, across a weekend and a daylight-saving change', () => {
    expect(lastSessionStart(london, utc('2026-07-01T12:00:00Z'))).to.equal(utc('2026-07-01T07:00:00Z'));
    expect(lastSessionStart(london, utc('2026-07-01T06:00:00Z'))).to.equal(utc('2026-06-30T07:00:00Z'));
    expect(lastSessionStart(london, utc('2026-07-05T12:00:00Z'))).to.equal(utc('2026-07-03T07:00:00Z')); // Sunday -> Friday
    expect(lastSessionStart(london, utc('2026-03-30T12:00:00Z'))).to.equal(utc('2026-03-30T07:00:00Z')); // first BST Monday
    expect(lastSessionStart(london, utc('2026-03-27T12:00:00Z'))).to.equal(utc('2026-03-27T08:00:00Z')); // last GMT Friday
  });
});

describe('FIX session passwords', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const hash = await hashPassword('s3cret');
    expect(hash).to.match(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.to.include('s3cret');
    expect(await verifyPassword('s3cret', hash)).to.equal(true);
    expect(await verifyPassword('s3cret ', hash)).to.equal(false);
    expect(await verifyPassword('s3cret', 'plain-text')).to.equal(false);
    expect(await hashPassword('s3cret')).not.to.equal(hash);
  });
});
