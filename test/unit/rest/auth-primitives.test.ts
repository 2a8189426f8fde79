import { expect } from 'chai';
import { SignJWT } from 'jose';
import { PasswordHasher } from '../../../gateway/rest/auth/password-hasher';
import { newApiKeySecret, newRecoveryCodes, recoveryCodeHash, sha256Hex } from '../../../gateway/rest/auth/secrets';
import { TokenService } from '../../../gateway/rest/auth/token-service';
import { currentTotp, matchTotp, newTotpSecret, totpUri } from '../../../gateway/rest/auth/totp';

const T0 = Date.UTC(2030, 0, 2, 9, 0, 0);

describe('REST auth primitives', function () {
  this.timeout(10_000);

  describe('PasswordHasher', () => {
    it('verifies the right password, refuses a wrong one and a garbled hash, and salts each hash', async () => {
      const hasher = new PasswordHasher(1024);
      const hash = await hasher.hash('s3cret passphrase');
      expect(hash).to.match(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(await hasher.verify('s3cret passphrase', hash)).to.equal(true);
      expect(await hasher.verify('s3cret passphrasE', hash)).to.equal(false);
      expect(await hasher.verify('s3cret passphrase', 'plain')).to.equal(false);
      expect(await hasher.hash('s3cret passphrase')).to.not.equal(hash);
    });

    it('verifies a hash made with another cost (the parameters travel in the hash)', async () => {
      const old = await new PasswordHasher(2048).hash('pw pw pw pw pw');
      expect(await new PasswordHasher(1024).verify('pw pw pw pw pw', old)).to.equal(true);
      expect(() => new PasswordHasher(1000)).to.throw(RangeError);
    });
  });

  describe('TokenService', () => {
    it('issues EdDSA access tokens that verify until they expire', async () => {
      let now = T0;
      const tokens = await TokenService.create(null, 'gw', () => now);
      const issued = await tokens.issueAccess('user-1', 60_000);
      expect(JSON.parse(Buffer.from(issued.token.split('.')[0] ?? '', 'base64url').toString())).to.include({ alg: 'EdDSA' });
      const verified = await tokens.verifyAccess(issued.token);
      expect(verified).to.include({ subject: 'user-1', jti: issued.jti });
      now += 61_000;
      expect(await tokens.verifyAccess(issued.token)).to.equal('expired');
    });

    it('refuses an HS256 token signed with the public key, alg none, and another key’s token', async () => {
      const keys = await TokenService.generateKeys();
      const tokens = await TokenService.create(keys, 'gw', () => T0);
      const claims = { sub: 'user-1', jti: 'j1', iss: 'gw', aud: 'gw-rest', exp: Math.floor(T0 / 1000) + 60 };
      const hs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(keys.publicKeyPem));
      expect(await tokens.verifyAccess(hs256)).to.equal('invalid');
      const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
      expect(await tokens.verifyAccess(none)).to.equal('invalid');
      const stranger = await TokenService.create(null, 'gw', () => T0);
      expect(await tokens.verifyAccess((await stranger.issueAccess('user-1', 60_000)).token)).to.equal('invalid');
    });

    it('keeps MFA challenge tokens and access tokens apart', async () => {
      const tokens = await TokenService.create(null, 'gw', () => T0);
      const challenge = await tokens.issueMfaChallenge('user-1', 'verify', 60_000);
      expect(await tokens.verifyAccess(challenge.token)).to.equal('invalid');
      expect(await tokens.verifyMfaChallenge(challenge.token)).to.include({ purpose: 'verify' });
      const access = await tokens.issueAccess('user-1', 60_000);
      expect(await tokens.verifyMfaChallenge(access.token)).to.equal('invalid');
    });
  });

  describe('TOTP', () => {
    it('matches the current code and its neighbours, and never a step at or before the last used', async () => {
      const secret = newTotpSecret();
      const code = await currentTotp(secret, T0);
      const step = await matchTotp(secret, code, T0, null);
      expect(step).to.equal(Math.floor(T0 / 30_000));
      expect(await matchTotp(secret, code, T0 + 30_000, null)).to.equal(step);
      expect(await matchTotp(secret, code, T0 + 90_000, null)).to.equal(null);
      expect(await matchTotp(secret, code, T0, step)).to.equal(null);
      expect(await matchTotp(secret, 'abcdef', T0, null)).to.equal(null);
    });

    it('writes an otpauth URI with issuer, account and secret', () => {
      const uri = new URL(totpUri('FIX Gateway', 'alice', 'JBSWY3DPEHPK3PXP'));
      expect(uri.protocol).to.equal('otpauth:');
      expect(uri.searchParams.get('secret')).to.equal('JBSWY3DPEHPK3PXP');
      expect(uri.searchParams.get('issuer')).to.equal('FIX Gateway');
      expect(decodeURIComponent(uri.pathname)).to.include('alice');
    });
  });

  describe('secrets', () => {
    it('makes distinct API keys whose hash is sha256 of the secret', () => {
      const a = newApiKeySecret();
      const b = newApiKeySecret();
      expect(a.keyId).to.match(/^gk_[0-9a-f]{16}$/);
      expect(a.keyId).to.not.equal(b.keyId);
      expect(a.secret).to.have.length.greaterThan(40);
      expect(a.secretHash).to.equal(sha256Hex(a.secret));
    });

    it('makes recovery codes whose hash ignores case, spaces and dashes', () => {
      const codes = newRecoveryCodes(10);
      expect(new Set(codes).size).to.equal(10);
      for (const code of codes) expect(code).to.match(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      const code = codes[0] ?? '';
      expect(recoveryCodeHash(code.toUpperCase().replace('-', ' '))).to.equal(recoveryCodeHash(code));
    });
  });
});
