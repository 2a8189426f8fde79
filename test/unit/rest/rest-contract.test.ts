import { expect } from 'chai';
import { ALL_ROLES, REST_ERROR_CODES, REST_ERROR_STATUS, restConfig, DEFAULT_REST_CONFIG } from '../../../gateway/rest';
import { accountScopeOf, admittedRoles, type Principal } from '../../../gateway/rest/access';

const trader: Principal = { kind: 'apiKey', id: 'k', name: 'k', roles: ['trader', 'risk'], firmId: 'F1', accounts: ['A1'], session: null };

describe('REST contract pieces', () => {
  it('gives every error code the GW_ERR_ form, one status, 4xx for client faults and 5xx only for the server\'s own', () => {
    expect(new Set(REST_ERROR_CODES).size).to.equal(REST_ERROR_CODES.length);
    const serverSide: Record<string, number> = { GW_ERR_REST_INTERNAL: 500, GW_ERR_ORDER_JOURNAL_UNAVAILABLE: 503 };
    for (const code of REST_ERROR_CODES) {
      expect(code).to.match(/^GW_ERR_(REST|AUTH|RATE|RISK|ORDER|TRADE)_[A-Z_]+$/);
      const status = REST_ERROR_STATUS[code];
      if (code in serverSide) expect(status).to.equal(serverSide[code]);
      else expect(status, code).to.be.within(400, 499);
    }
  });

  it('scopes an account-bound role to its accounts and a gateway-wide role to all', () => {
    expect(accountScopeOf(trader, admittedRoles(trader, ['trader']))).to.deep.equal({ all: false, accounts: ['A1'] });
    expect(accountScopeOf(trader, admittedRoles(trader, ['trader', 'risk']))).to.deep.equal({ all: true });
    expect(admittedRoles(trader, ['admin'])).to.deep.equal([]);
    expect(ALL_ROLES).to.deep.equal(['trader', 'viewer', 'risk', 'compliance', 'admin']);
  });

  it('lays overrides over the defaults one level deep, CORS closed unless configured', () => {
    const config = restConfig({ rateLimit: { perApiKey: 5 }, accessTokenTtlMs: 1_000 });
    expect(config.rateLimit).to.deep.equal({ ...DEFAULT_REST_CONFIG.rateLimit, perApiKey: 5 });
    expect(config.accessTokenTtlMs).to.equal(1_000);
    expect(config.lockout).to.deep.equal(DEFAULT_REST_CONFIG.lockout);
    expect(DEFAULT_REST_CONFIG.corsOrigins).to.deep.equal([]);
  });
});
