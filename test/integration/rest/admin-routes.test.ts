import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { databaseBackends } from '../../support/databases';
import { openHarness, PASSWORD, type RestHarness } from './rest-harness';

for (const backend of databaseBackends()) {
  describe(`REST administration routes (${backend.name})`, function () {
    this.timeout(30_000);
    let h: RestHarness;
    let admin: string;

    beforeEach(async () => {
      h = await openHarness(backend);
      admin = await h.apiKey(['admin']);
    });
    afterEach(async () => h.close());

    describe('API keys', () => {
      it('shows the secret once, stores only its hash, and the key works at once', async () => {
        const created = await h.request('POST', '/api/v1/api-keys', { auth: admin, body: { label: 'algo 1', roles: ['trader'], firmId: 'F1', accounts: ['A1'] } });
        expect(created.statusCode, created.body).to.equal(201);
        const key = created.json<{ keyId: string; secret: string; authorization: string }>();
        expect(key.authorization).to.equal(`ApiKey ${key.keyId}.${key.secret}`);
        const stored = await h.db.query<{ secret_hash: string }>('SELECT secret_hash FROM api_key WHERE key_id = $1', [key.keyId]);
        expect(stored.rows[0]?.secret_hash).to.equal(createHash('sha256').update(key.secret).digest('hex'));
        const listed = await h.request('GET', '/api/v1/api-keys', { auth: admin });
        expect(listed.body).to.not.include(key.secret);
        expect(listed.json().map((k: { keyId: string }) => k.keyId)).to.include(key.keyId);
        const me = await h.request('GET', '/api/v1/me', { auth: key.authorization });
        expect(me.json()).to.deep.equal({ kind: 'apiKey', id: key.keyId, name: 'algo 1', roles: ['trader'], firmId: 'F1', accounts: ['A1'] });
      });

      it('refuses a wrong secret and an unknown key', async () => {
        const good = await h.apiKey(['viewer']);
        const wrong = good.replace(/\.(.)/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
        const response = await h.request('GET', '/api/v1/me', { auth: wrong });
        expect(response.statusCode).to.equal(401);
        expect(response.json().code).to.equal('GW_ERR_AUTH_INVALID_CREDENTIALS');
        expect((await h.request('GET', '/api/v1/me', { auth: 'ApiKey gk_0000000000000000.abc' })).json().code).to.equal('GW_ERR_AUTH_INVALID_CREDENTIALS');
      });

      it('refuses a revoked key from the next request on, although it was cached', async () => {
        const created = (await h.request('POST', '/api/v1/api-keys', { auth: admin, body: { label: 'short-lived', roles: ['viewer'] } })).json<{ keyId: string; authorization: string }>();
        expect((await h.request('GET', '/api/v1/me', { auth: created.authorization })).statusCode).to.equal(200);
        const revoked = await h.request('DELETE', `/api/v1/api-keys/${created.keyId}`, { auth: admin });
        expect(revoked.statusCode).to.equal(200);
        expect(revoked.json().revokedAt).to.be.a('string');
        const after = await h.request('GET', '/api/v1/me', { auth: created.authorization });
        expect(after.statusCode).to.equal(401);
        expect(after.json().code).to.equal('GW_ERR_AUTH_API_KEY_REVOKED');
        expect((await h.request('DELETE', '/api/v1/api-keys/gk_nope', { auth: admin })).statusCode).to.equal(404);
      });

      it('admits a key with an IP allow-list only from the listed addresses and blocks', async () => {
        const created = await h.request('POST', '/api/v1/api-keys', { auth: admin, body: { label: 'pinned', roles: ['viewer'], ipAllowList: ['192.0.2.10', '198.51.100.0/24'] } });
        const auth = created.json<{ authorization: string }>().authorization;
        expect((await h.request('GET', '/api/v1/me', { auth, remoteAddress: '192.0.2.10' })).statusCode).to.equal(200);
        expect((await h.request('GET', '/api/v1/me', { auth, remoteAddress: '198.51.100.77' })).statusCode).to.equal(200);
        expect((await h.request('GET', '/api/v1/me', { auth, remoteAddress: '::ffff:198.51.100.77' })).statusCode).to.equal(200);
        const refused = await h.request('GET', '/api/v1/me', { auth, remoteAddress: '192.0.2.11' });
        expect(refused.statusCode).to.equal(403);
        expect(refused.json().code).to.equal('GW_ERR_AUTH_IP_NOT_ALLOWED');
        const bad = await h.request('POST', '/api/v1/api-keys', { auth: admin, body: { label: 'bad', roles: ['viewer'], ipAllowList: ['300.1.1.1'] } });
        expect(bad.statusCode).to.equal(400);
        expect(bad.json()).to.include({ code: 'GW_ERR_REST_VALIDATION' });
      });

      it('refuses to bind a key to an account that does not exist or belongs to another firm', async () => {
        const missing = await h.request('POST', '/api/v1/api-keys', { auth: admin, body: { label: 'x', roles: ['trader'], accounts: ['ZZ'] } });
        expect(missing.json()).to.include({ code: 'GW_ERR_REST_VALIDATION' });
        const foreign = await h.request('POST', '/api/v1/api-keys', { auth: admin, body: { label: 'x', roles: ['trader'], firmId: 'F1', accounts: ['B1'] } });
        expect(foreign.json()).to.include({ code: 'GW_ERR_REST_VALIDATION' });
      });
    });

    describe('users', () => {
      it('creates, lists and refuses a taken username or a short password', async () => {
        const created = await h.request('POST', '/api/v1/users', { auth: admin, body: { username: 'trader1', password: PASSWORD, roles: ['trader'], firmId: 'F1', accounts: ['A1', 'A2'] } });
        expect(created.statusCode).to.equal(201);
        expect(created.json()).to.include({ username: 'trader1', firmId: 'F1' });
        const taken = await h.request('POST', '/api/v1/users', { auth: admin, body: { username: 'trader1', password: PASSWORD, roles: ['viewer'] } });
        expect(taken.statusCode).to.equal(409);
        expect(taken.json().code).to.equal('GW_ERR_REST_CONFLICT');
        const short = await h.request('POST', '/api/v1/users', { auth: admin, body: { username: 'trader2', password: 'short', roles: ['viewer'] } });
        expect(short.statusCode).to.equal(400);
        const badRole = await h.request('POST', '/api/v1/users', { auth: admin, body: { username: 'trader3', password: PASSWORD, roles: ['root'] } });
        expect(badRole.json().code).to.equal('GW_ERR_REST_VALIDATION');
        const listed = await h.request('GET', '/api/v1/users', { auth: admin });
        expect(listed.json().map((u: { username: string }) => u.username)).to.deep.equal(['trader1']);
        expect(listed.body).to.not.match(/scrypt|password|totp/i);
        expect((await h.request('POST', '/api/v1/users/nobody/disable', { auth: admin })).statusCode).to.equal(404);
      });
    });

    describe('instruments', () => {
      it('upserts, lists and reads instruments with sizes as decimal strings', async () => {
        const put = await h.request('PUT', '/api/v1/instruments/VOD.L', { auth: admin, body: { currency: 'GBP', tickSize: '0.01', lotSize: '1', isin: 'GB00BH4HKS39' } });
        expect(put.statusCode, put.body).to.equal(200);
        expect(put.json()).to.deep.equal({ symbol: 'VOD.L', isin: 'GB00BH4HKS39', currency: 'GBP', tickSize: '0.01', lotSize: '1', tradingStatus: 'open' });
        const halted = await h.request('PUT', '/api/v1/instruments/VOD.L', { auth: admin, body: { currency: 'GBP', tickSize: '0.005', lotSize: '1', tradingStatus: 'halted' } });
        expect(halted.json()).to.include({ tickSize: '0.005', tradingStatus: 'halted', isin: null });
        const viewer = await h.apiKey(['viewer']);
        expect((await h.request('GET', '/api/v1/instruments', { auth: viewer })).json()).to.have.length(1);
        expect((await h.request('GET', '/api/v1/instruments/VOD.L', { auth: viewer })).json().tickSize).to.equal('0.005');
        expect((await h.request('GET', '/api/v1/instruments/NOPE', { auth: viewer })).json().code).to.equal('GW_ERR_REST_NOT_FOUND');
      });

      it('refuses numbers, zero sizes and unknown fields', async () => {
        const number = await h.request('PUT', '/api/v1/instruments/X', { auth: admin, body: { currency: 'EUR', tickSize: 0.01, lotSize: '1' } });
        expect(number.statusCode).to.equal(400);
        expect(number.json().code).to.equal('GW_ERR_REST_VALIDATION');
        expect(number.json().details.errors[0].path).to.equal('/tickSize');
        const zero = await h.request('PUT', '/api/v1/instruments/X', { auth: admin, body: { currency: 'EUR', tickSize: '0.00', lotSize: '1' } });
        expect(zero.json().code).to.equal('GW_ERR_REST_VALIDATION');
        const unknown = await h.request('PUT', '/api/v1/instruments/X', { auth: admin, body: { currency: 'EUR', tickSize: '0.01', lotSize: '1', colour: 'red' } });
        expect(unknown.statusCode).to.equal(400);
        expect(unknown.json().details.errors.some((e: { property?: string }) => e.property === 'colour')).to.equal(true);
      });
    });

    describe('firms and accounts, with Idempotency-Key', () => {
      it('creates a firm once per key: a repeat returns the first response and creates nothing', async () => {
        const headers = { 'idempotency-key': 'req-001' };
        const first = await h.request('POST', '/api/v1/firms', { auth: admin, headers, body: { firmId: 'F9', name: 'Nine' } });
        expect(first.statusCode).to.equal(201);
        const repeat = await h.request('POST', '/api/v1/firms', { auth: admin, headers, body: { firmId: 'F9', name: 'Nine' } });
        expect(repeat.statusCode).to.equal(201);
        expect(repeat.json()).to.deep.equal(first.json());
        expect(repeat.headers['idempotent-replayed']).to.equal('true');
        // Without the key the same request is a conflict: the repeat above did not run again.
        const plain = await h.request('POST', '/api/v1/firms', { auth: admin, body: { firmId: 'F9', name: 'Nine' } });
        expect(plain.statusCode).to.equal(409);
        const mismatch = await h.request('POST', '/api/v1/firms', { auth: admin, headers, body: { firmId: 'F10', name: 'Ten' } });
        expect(mismatch.statusCode).to.equal(422);
        expect(mismatch.json().code).to.equal('GW_ERR_REST_IDEMPOTENCY_MISMATCH');
      });

      it('a firm created whose answer could not be stored: the repeat answers with that firm (201), not "still running" or a conflict', async () => {
        const headers = { 'idempotency-key': 'req-unstored' };
        // The database refuses to store answers for a while (a fault of the database, not of the gateway's code).
        await h.db.query(`CREATE FUNCTION refuse_firm_answer() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          IF NEW.status_code IS NOT NULL THEN RAISE EXCEPTION 'answers refused for the test'; END IF; RETURN NEW; END; $$`);
        await h.db.query('CREATE TRIGGER refuse_firm_answer BEFORE UPDATE ON idempotency_key FOR EACH ROW EXECUTE FUNCTION refuse_firm_answer()');
        try {
          expect((await h.request('POST', '/api/v1/firms', { auth: admin, headers, body: { firmId: 'F77', name: 'Seventy-seven' } })).statusCode).to.equal(500);
        } finally {
          await h.db.query('DROP TRIGGER refuse_firm_answer ON idempotency_key');
          await h.db.query('DROP FUNCTION refuse_firm_answer()');
        }
        const repeat = await h.request('POST', '/api/v1/firms', { auth: admin, headers, body: { firmId: 'F77', name: 'Seventy-seven' } });
        expect([repeat.statusCode, repeat.headers['idempotent-replayed'], repeat.json()]).to.deep.equal([201, 'true', { firmId: 'F77', name: 'Seventy-seven', lei: null }]);
        // A repeat of a request whose first attempt did nothing runs it now.
        await h.db.query(`CREATE FUNCTION refuse_firm_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'firms refused for the test'; END; $$`);
        await h.db.query('CREATE TRIGGER refuse_firm_insert BEFORE INSERT ON firm FOR EACH ROW EXECUTE FUNCTION refuse_firm_insert()');
        await h.db.query('CREATE TRIGGER refuse_firm_release BEFORE DELETE ON idempotency_key FOR EACH ROW EXECUTE FUNCTION refuse_firm_insert()');
        try {
          expect((await h.request('POST', '/api/v1/firms', { auth: admin, headers: { 'idempotency-key': 'req-nothing' }, body: { firmId: 'F78', name: 'Seventy-eight' } })).statusCode).to.equal(500);
        } finally {
          await h.db.query('DROP TRIGGER refuse_firm_insert ON firm');
          await h.db.query('DROP TRIGGER refuse_firm_release ON idempotency_key');
          await h.db.query('DROP FUNCTION refuse_firm_insert()');
        }
        const ran = await h.request('POST', '/api/v1/firms', { auth: admin, headers: { 'idempotency-key': 'req-nothing' }, body: { firmId: 'F78', name: 'Seventy-eight' } });
        expect([ran.statusCode, ran.headers['idempotent-replayed'], ran.json()]).to.deep.equal([201, undefined, { firmId: 'F78', name: 'Seventy-eight', lei: null }]);
      });

      it('keeps keys per principal and stores nothing for a failed request', async () => {
        const other = await h.apiKey(['admin']);
        const headers = { 'idempotency-key': 'shared-key' };
        expect((await h.request('POST', '/api/v1/firms', { auth: admin, headers, body: { firmId: 'P1', name: 'p' } })).statusCode).to.equal(201);
        const theirs = await h.request('POST', '/api/v1/firms', { auth: other, headers, body: { firmId: 'P2', name: 'p' } });
        expect(theirs.statusCode).to.equal(201);
        expect(theirs.headers['idempotent-replayed']).to.equal(undefined);
        const failed = await h.request('POST', '/api/v1/accounts', { auth: admin, headers: { 'idempotency-key': 'acc-1' }, body: { accountId: 'C1', firmId: 'NOPE', name: 'c' } });
        expect(failed.statusCode).to.equal(400);
        const retried = await h.request('POST', '/api/v1/accounts', { auth: admin, headers: { 'idempotency-key': 'acc-1' }, body: { accountId: 'C1', firmId: 'NOPE', name: 'c' } });
        expect(retried.statusCode).to.equal(400);
        expect(retried.headers['idempotent-replayed']).to.equal(undefined);
      });

      it('creates and lists accounts, and refuses a duplicate', async () => {
        expect((await h.request('POST', '/api/v1/accounts', { auth: admin, body: { accountId: 'A3', firmId: 'F1', name: 'three' } })).statusCode).to.equal(201);
        expect((await h.request('POST', '/api/v1/accounts', { auth: admin, body: { accountId: 'A3', firmId: 'F1', name: 'three' } })).json().code).to.equal('GW_ERR_REST_CONFLICT');
        const listed = await h.request('GET', '/api/v1/accounts', { auth: admin });
        expect(listed.json().map((a: { accountId: string }) => a.accountId)).to.deep.equal(['A1', 'A2', 'A3', 'B1']);
        const firms = await h.request('GET', '/api/v1/firms', { auth: await h.apiKey(['compliance']) });
        expect(firms.json().map((f: { firmId: string }) => f.firmId)).to.deep.equal(['F1', 'F2']);
      });
    });
  });
}
