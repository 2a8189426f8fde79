import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixTestClient } from '../../support/fix-test-client';
import { GATEWAY, sessionConfig, startHarness } from '../../support/fix-harness';
import { tempDir } from '../../support/temp-dir';

describe('FIX session over TLS', function () {
  this.timeout(30_000);

  it('a session with tls logs on over the TLS port with a verified certificate and is refused over plain TCP', async () => {
    const dir = tempDir('gw-tls-');
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
    const harness = await startHarness([sessionConfig({ targetCompId: 'SECURE', tls: { certFile, keyFile } }), sessionConfig()]);
    const identity = { beginString: 'FIX.4.4', senderCompId: 'SECURE', targetCompId: GATEWAY };
    try {
      expect(harness.tlsPort).to.be.a('number');
      const secure = await FixTestClient.connect(harness.tlsPort ?? 0, identity, '127.0.0.1', { ca: readFileSync(certFile) });
      secure.logon();
      expect((await secure.expect('A')).get(49)).to.equal(GATEWAY);
      secure.send('1', [[112, 'OVER-TLS']]);
      expect((await secure.expect('0')).get(112)).to.equal('OVER-TLS');
      secure.close();

      const plain = await FixTestClient.connect(harness.port, identity);
      plain.logon();
      expect(await plain.waitClosed()).to.equal(true);
      expect(plain.pending()).to.deep.equal([]);

      const other = await FixTestClient.connect(harness.port, { beginString: 'FIX.4.4', senderCompId: 'CLIENT1', targetCompId: GATEWAY });
      other.logon();
      expect((await other.expect('A')).seq).to.equal(1);
      other.close();
    } finally {
      await harness.close();
    }
  });
});
