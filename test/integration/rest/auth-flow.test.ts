import { expect } from 'chai';
import { FirmRepository, UserRepository } from '../../../db';
import { createUser, currentTotp, PasswordHasher } from '../../../gateway/rest';
import { databaseBackends } from '../../support/databases';
import { openHarness, PASSWORD, type RestHarness } from './rest-harness';

const LOGIN = '/api/v1/auth/login';
const VERIFY = '/api/v1/auth/mfa/verify';

for (const backend of databaseBackends()) {
  describe(`REST authentication: users, TOTP, tokens, lockout (${backend.name})`, function () {
    this.timeout(30_000);
    let h: RestHarness;
    let admin: string;

    beforeEach(async () => {
      h = await openHarness(backend, { config: { lockout: { userThreshold: 3, ipThreshold: 6, baseMs: 10_000, maxMs: 60_000, windowMs: 600_000 }, accessTokenTtlMs: 60_000 } });
      admin = await h.apiKey(['admin']);
    });
    afterEach(async () => h.close());

    async function challenge(username: string, remoteAddress?: string): Promise<{ status: string; mfaToken: string }> {
      const response = await h.request('POST', LOGIN, { body: { username, password: PASSWORD }, ...(remoteAddress === undefined ? {} : { remoteAddress }) });
      expect(response.statusCode, response.body).to.equal(200);
      return response.json();
    }

    it('enrols a new user: otpauth URI, a first real TOTP code, recovery codes, then a working token', async () => {
      const created = await h.request('POST', '/api/v1/users', { auth: admin, body: { username: 'carol', password: PASSWORD, roles: ['risk'] } });
      expect(created.statusCode, created.body).to.equal(201);
      expect(created.json()).to.include({ username: 'carol', mfaEnrolled: false, disabled: false });
      expect(created.body).to.not.include('scrypt');

      const first = await challenge('carol');
      expect(first.status).to.equal('mfa_enrolment_required');
      // An enrolment challenge is no way around the second factor.
      const skipped = await h.request('POST', VERIFY, { body: { mfaToken: first.mfaToken, code: '123456' } });
      expect(skipped.json().code).to.equal('GW_ERR_AUTH_TOKEN_INVALID');

      const enrol = await h.request('POST', '/api/v1/auth/mfa/enrol', { body: { mfaToken: first.mfaToken } });
      expect(enrol.statusCode).to.equal(200);
      const { otpauthUri, secret } = enrol.json<{ otpauthUri: string; secret: string }>();
      expect(otpauthUri).to.match(/^otpauth:\/\/totp\//);
      expect(new URL(otpauthUri).searchParams.get('secret')).to.equal(secret);
      // Asking again before confirming gives the same secret (the QR code already scanned stays right).
      const again = await h.request('POST', '/api/v1/auth/mfa/enrol', { body: { mfaToken: first.mfaToken } });
      expect(again.json().secret).to.equal(secret);

      const wrong = await h.request('POST', '/api/v1/auth/mfa/enrol/confirm', { body: { mfaToken: first.mfaToken, code: '000000' } });
      expect(wrong.statusCode).to.equal(401);
      expect(wrong.json().code).to.equal('GW_ERR_AUTH_MFA_INVALID');

      const code = await currentTotp(secret, h.clock.nowMs);
      const confirmed = await h.request('POST', '/api/v1/auth/mfa/enrol/confirm', { body: { mfaToken: first.mfaToken, code } });
      expect(confirmed.statusCode, confirmed.body).to.equal(200);
      const session = confirmed.json<{ token: string; recoveryCodes: string[] }>();
      expect(session.recoveryCodes).to.have.length(10);
      expect(new Set(session.recoveryCodes).size).to.equal(10);
      const me = await h.request('GET', '/api/v1/me', { auth: `Bearer ${session.token}` });
      expect(me.json()).to.include({ kind: 'user', name: 'carol' });
      expect(me.json().roles).to.deep.equal(['risk']);

      // The enrolment challenge is spent; the next login asks for a code.
      const reused = await h.request('POST', '/api/v1/auth/mfa/enrol', { body: { mfaToken: first.mfaToken } });
      expect(reused.statusCode).to.equal(401);
      h.clock.nowMs += 30_000;
      expect((await challenge('carol')).status).to.equal('mfa_required');
    });

    it('bootstraps a user as the CLI does: the printed otpauth URI is confirmed at the first login', async () => {
      const created = await createUser(new UserRepository(h.db), new FirmRepository(h.db), new PasswordHasher(1024), { username: 'root', password: PASSWORD, roles: ['admin'] }, { pendingTotpIssuer: 'FIX Gateway' });
      const secret = new URL(created.otpauthUri ?? '').searchParams.get('secret') ?? '';
      expect(secret).to.match(/^[A-Z2-7]{16,}$/);
      const first = await challenge('root');
      expect(first.status).to.equal('mfa_enrolment_required');
      const confirmed = await h.request('POST', '/api/v1/auth/mfa/enrol/confirm', { body: { mfaToken: first.mfaToken, code: await currentTotp(secret, h.clock.nowMs) } });
      expect(confirmed.statusCode, confirmed.body).to.equal(200);
      const users = await h.request('GET', '/api/v1/users', { auth: `Bearer ${confirmed.json<{ token: string }>().token}` });
      expect(users.json()).to.deep.include({ userId: created.user.userId, username: 'root', roles: ['admin'], firmId: null, accounts: [], mfaEnrolled: true, disabled: false });
    });

    it('accepts a TOTP code once: the same code again is a replay', async () => {
      const { totpSecret } = await h.user('dave', ['viewer']);
      h.clock.nowMs += 60_000;
      const code = await currentTotp(totpSecret, h.clock.nowMs);
      const first = await h.request('POST', VERIFY, { body: { mfaToken: (await challenge('dave')).mfaToken, code } });
      expect(first.statusCode, first.body).to.equal(200);
      const replay = await h.request('POST', VERIFY, { body: { mfaToken: (await challenge('dave')).mfaToken, code } });
      expect(replay.statusCode).to.equal(401);
      expect(replay.json().code).to.equal('GW_ERR_AUTH_MFA_REPLAYED');
      h.clock.nowMs += 30_000;
      const next = await h.request('POST', VERIFY, { body: { mfaToken: (await challenge('dave')).mfaToken, code: await currentTotp(totpSecret, h.clock.nowMs) } });
      expect(next.statusCode).to.equal(200);
    });

    it('refuses a wrong code and a wrong password with their codes, the same way for an unknown user', async () => {
      await h.user('erin', ['viewer']);
      const wrongCode = await h.request('POST', VERIFY, { body: { mfaToken: (await challenge('erin')).mfaToken, code: '999999' } });
      expect(wrongCode.json().code).to.equal('GW_ERR_AUTH_MFA_INVALID');
      const wrongPassword = await h.request('POST', LOGIN, { body: { username: 'erin', password: 'not the password' } });
      const unknown = await h.request('POST', LOGIN, { body: { username: 'nobody', password: PASSWORD } });
      expect(wrongPassword.statusCode).to.equal(401);
      expect(unknown.json()).to.deep.equal(wrongPassword.json());
    });

    it('lets a recovery code stand in for a TOTP code, once', async () => {
      const created = await h.request('POST', '/api/v1/users', { auth: admin, body: { username: 'frank', password: PASSWORD, roles: ['compliance'] } });
      expect(created.statusCode).to.equal(201);
      const first = await challenge('frank');
      const { secret } = (await h.request('POST', '/api/v1/auth/mfa/enrol', { body: { mfaToken: first.mfaToken } })).json<{ secret: string }>();
      const confirmed = await h.request('POST', '/api/v1/auth/mfa/enrol/confirm', { body: { mfaToken: first.mfaToken, code: await currentTotp(secret, h.clock.nowMs) } });
      const recovery = confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes[0] ?? '';
      const used = await h.request('POST', VERIFY, { body: { mfaToken: (await challenge('frank')).mfaToken, recoveryCode: recovery.toUpperCase() } });
      expect(used.statusCode, used.body).to.equal(200);
      const again = await h.request('POST', VERIFY, { body: { mfaToken: (await challenge('frank')).mfaToken, recoveryCode: recovery } });
      expect(again.statusCode).to.equal(401);
      expect(again.json().code).to.equal('GW_ERR_AUTH_MFA_INVALID');
    });

    it('locks a user after repeated failures, with a growing back-off, even against the right password', async () => {
      await h.user('gina', ['viewer']);
      for (let i = 0; i < 3; i += 1) {
        const failed = await h.request('POST', LOGIN, { body: { username: 'gina', password: 'wrong password!' } });
        expect(failed.json().code).to.equal('GW_ERR_AUTH_INVALID_CREDENTIALS');
      }
      const locked = await h.request('POST', LOGIN, { body: { username: 'gina', password: PASSWORD } });
      expect(locked.statusCode).to.equal(429);
      expect(locked.json().code).to.equal('GW_ERR_AUTH_LOCKED');
      expect(locked.headers['retry-after']).to.equal('10');

      h.clock.nowMs += 10_000;
      const failedAgain = await h.request('POST', LOGIN, { body: { username: 'gina', password: 'wrong password!' } });
      expect(failedAgain.statusCode).to.equal(401);
      const longer = await h.request('POST', LOGIN, { body: { username: 'gina', password: PASSWORD } });
      expect(longer.statusCode).to.equal(429);
      expect(longer.headers['retry-after']).to.equal('20');

      h.clock.nowMs += 20_000;
      expect((await challenge('gina')).status).to.equal('mfa_required');
    });

    it('counts wrong TOTP codes towards the lockout', async () => {
      const { totpSecret } = await h.user('hank', ['viewer']);
      for (let i = 0; i < 3; i += 1) {
        const failed = await h.request('POST', VERIFY, { body: { mfaToken: (await challenge('hank')).mfaToken, code: '000001' } });
        expect(failed.json().code).to.equal('GW_ERR_AUTH_MFA_INVALID');
      }
      const locked = await h.request('POST', LOGIN, { body: { username: 'hank', password: PASSWORD } });
      expect(locked.json().code).to.equal('GW_ERR_AUTH_LOCKED');
      h.clock.nowMs += 10_000;
      const ok = await h.request('POST', VERIFY, { body: { mfaToken: (await challenge('hank')).mfaToken, code: await currentTotp(totpSecret, h.clock.nowMs) } });
      expect(ok.statusCode).to.equal(200);
    });

    it('locks a source address that tries many usernames, and only that address', async () => {
      await h.user('ivan', ['viewer']);
      for (let i = 0; i < 6; i += 1) {
        await h.request('POST', LOGIN, { body: { username: `guess${i}`, password: 'wrong password!' }, remoteAddress: '10.9.9.9' });
      }
      const fromThere = await h.request('POST', LOGIN, { body: { username: 'ivan', password: PASSWORD }, remoteAddress: '10.9.9.9' });
      expect(fromThere.json().code).to.equal('GW_ERR_AUTH_LOCKED');
      const elsewhere = await h.request('POST', LOGIN, { body: { username: 'ivan', password: PASSWORD }, remoteAddress: '10.1.1.1' });
      expect(elsewhere.statusCode).to.equal(200);
    });

    it('revokes a token on logout, refuses it after expiry, and when its user is disabled', async () => {
      const { totpSecret, userId } = await h.user('judy', ['trader'], { accounts: ['A1'] });
      const bearer = await h.login('judy', totpSecret);
      expect((await h.request('GET', '/api/v1/me', { auth: bearer })).statusCode).to.equal(200);
      const out = await h.request('POST', '/api/v1/auth/logout', { auth: bearer });
      expect(out.statusCode).to.equal(204);
      const after = await h.request('GET', '/api/v1/me', { auth: bearer });
      expect(after.statusCode).to.equal(401);
      expect(after.json().code).to.equal('GW_ERR_AUTH_TOKEN_REVOKED');

      const second = await h.login('judy', totpSecret);
      h.clock.nowMs += 61_000;
      const expired = await h.request('GET', '/api/v1/me', { auth: second });
      expect(expired.statusCode).to.equal(401);
      expect(expired.json().code).to.equal('GW_ERR_AUTH_TOKEN_INVALID');

      const third = await h.login('judy', totpSecret);
      const disabled = await h.request('POST', `/api/v1/users/${userId}/disable`, { auth: admin });
      expect(disabled.json()).to.include({ disabled: true });
      expect((await h.request('GET', '/api/v1/me', { auth: third })).statusCode).to.equal(401);
      const login = await h.request('POST', LOGIN, { body: { username: 'judy', password: PASSWORD } });
      expect(login.json().code).to.equal('GW_ERR_AUTH_INVALID_CREDENTIALS');
    });

    it('has no session to log out of with an API key', async () => {
      const response = await h.request('POST', '/api/v1/auth/logout', { auth: admin });
      expect(response.statusCode).to.equal(400);
      expect(response.json().code).to.equal('GW_ERR_AUTH_NOT_A_SESSION');
    });

    it('makes a user enrol again after an MFA reset', async () => {
      const { userId } = await h.user('kate', ['viewer']);
      expect((await challenge('kate')).status).to.equal('mfa_required');
      const reset = await h.request('POST', `/api/v1/users/${userId}/mfa/reset`, { auth: admin });
      expect(reset.json()).to.include({ mfaEnrolled: false });
      expect((await challenge('kate')).status).to.equal('mfa_enrolment_required');
      expect((await h.request('POST', '/api/v1/users/nobody/mfa/reset', { auth: admin })).json().code).to.equal('GW_ERR_REST_NOT_FOUND');
    });
  });
}
