import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFileFromArgv, DEFAULT_FIX_PORT, DEFAULT_HTTP_PORT, loadConfig } from '../../../ops/config';
import { tempDir } from '../../support/temp-dir';

function yamlFile(text: string): string {
  const file = join(tempDir('gw-config-'), 'gateway.yaml');
  writeFileSync(file, text);
  return file;
}

function problemsOf(result: ReturnType<typeof loadConfig>): readonly string[] {
  if (result.ok) throw new Error('expected the config to be refused');
  return result.problems;
}

describe('ops/config', () => {
  it('runs on embedded defaults with no file and no environment', () => {
    const result = loadConfig({ env: {} });
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.config.http.port).to.equal(DEFAULT_HTTP_PORT);
    expect(result.config.fix.port).to.equal(DEFAULT_FIX_PORT);
    expect(result.config.database.url).to.equal(undefined);
    expect(result.config.database.dataDir).to.equal('./data');
    expect(result.config.redis.url).to.equal(undefined);
    expect(result.config.fix.maxMessageBytes).to.equal(65_536);
  });

  it('lets the environment override the file', () => {
    const file = yamlFile('http:\n  port: 9000\ndatabase:\n  dataDir: /srv/gw\n');
    const result = loadConfig({
      configFile: file,
      env: { GW_HTTP_PORT: '9100', GW_FIX_PORT: '9200', DATABASE_URL: 'postgres://u@db:5432/gw', REDIS_URL: 'redis://r:6379', KAFKA_BROKERS: 'k1:9092, k2:9092', GW_LOG_LEVEL: 'debug' },
    });
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.config.http.port).to.equal(9100);
    expect(result.config.fix.port).to.equal(9200);
    expect(result.config.database.url).to.equal('postgres://u@db:5432/gw');
    expect(result.config.database.dataDir).to.equal('/srv/gw');
    expect(result.config.redis.url).to.equal('redis://r:6379');
    expect(result.config.kafka.brokers).to.deep.equal(['k1:9092', 'k2:9092']);
    expect(result.config.log.level).to.equal('debug');
  });

  it('lists every problem with its path, not only the first', () => {
    const file = yamlFile(['http:', '  port: 70000', 'log:', '  level: loud', 'database:', '  poolSize: 0', 'nonsense: 1', 'instruments:', '  - symbol: ABC', '    currency: euro', '    tickSize: "0.1.2"', '    lotSize: "1"'].join('\n'));
    const problems = problemsOf(loadConfig({ configFile: file, env: { GW_FIX_PORT: 'abc' } }));
    const joined = problems.join('\n');
    expect(joined).to.match(/^http\.port: /m);
    expect(joined).to.match(/^log\.level: /m);
    expect(joined).to.match(/^database\.poolSize: /m);
    expect(joined).to.match(/nonsense/);
    expect(joined).to.match(/^instruments\.0\.currency: /m);
    expect(joined).to.match(/^instruments\.0\.tickSize: must be a decimal string/m);
    expect(joined).to.match(/^GW_FIX_PORT: must be a whole number/m);
    expect(problems.length).to.be.at.least(7);
  });

  it('names a missing file and a malformed file', () => {
    expect(problemsOf(loadConfig({ configFile: '/nonexistent/gw.yaml', env: {} }))[0]).to.match(/\/nonexistent\/gw\.yaml: cannot be read \(no such file\)/);
    expect(problemsOf(loadConfig({ configFile: yamlFile('http: [1, 2\n'), env: {} }))[0]).to.match(/not valid YAML/);
    expect(problemsOf(loadConfig({ configFile: yamlFile('- 1\n- 2\n'), env: {} }))[0]).to.match(/top level must be a mapping/);
  });

  it('hands out a frozen config', () => {
    const result = loadConfig({ env: {} });
    if (!result.ok) throw new Error('unexpected');
    expect(Object.isFrozen(result.config)).to.equal(true);
    expect(Object.isFrozen(result.config.http)).to.equal(true);
  });

  it('reads --config FILE and --config=FILE', () => {
    expect(configFileFromArgv(['--config', 'a.yaml'])).to.equal('a.yaml');
    expect(configFileFromArgv(['--config=b.yaml'])).to.equal('b.yaml');
    expect(configFileFromArgv([])).to.equal(undefined);
  });
});
