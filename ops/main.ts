/**
 * `npm start [-- --config FILE]`: the gateway process. Exit status 2 means it could not start (bad config, a port
 * in use, the database unreachable) and the one line on stderr says why and what to do.
 */
import { GatewayError } from '../engine/model';
import { startGateway, type RunningGateway } from './app';
import { configFileFromArgv, loadConfig } from './config';
import { createLogger } from './log/logger';
import { GatewayMetrics } from './metrics/registry';

const EXIT_CANNOT_START = 2;
const EXIT_SHUTDOWN_TIMEOUT = 1;

function fail(line: string): never {
  process.stderr.write(`gateway: ${line}\n`);
  process.exit(EXIT_CANNOT_START);
}

async function main(): Promise<void> {
  const result = loadConfig({ configFile: configFileFromArgv(process.argv.slice(2)), env: process.env });
  if (!result.ok) {
    const list = result.problems.map((p) => `  - ${p}`).join('\n');
    fail(`the configuration has ${result.problems.length} problem(s); fix them and start again:\n${list}`);
  }
  const config = result.config;
  const logger = createLogger({ level: config.log.level });
  const metrics = new GatewayMetrics();
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error('unhandled promise rejection (a bug: please report it)', { module: 'ops', error: reason instanceof Error ? reason.stack : String(reason) });
  });

  let gateway: RunningGateway;
  try {
    gateway = await startGateway(config, logger, metrics);
  } catch (e: unknown) {
    if (e instanceof GatewayError) fail(`cannot start: ${e.message} [${e.code}]`);
    fail(`cannot start: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  logger.info('gateway ready', { module: 'ops', http: gateway.httpUrl, fix: gateway.fixAddress, fixSessions: gateway.fix.sessions.map((s) => s.sessionId), database: gateway.database.status().label, cache: gateway.cache.kind, pid: process.pid });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { module: 'ops', signal });
    const timer = setTimeout(() => {
      process.stderr.write(`gateway: shutdown took longer than ${config.shutdown.timeoutMs} ms; exiting\n`);
      process.exit(EXIT_SHUTDOWN_TIMEOUT);
    }, config.shutdown.timeoutMs);
    timer.unref();
    gateway.stop().then(
      () => {
        logger.info('stopped', { module: 'ops' });
        logger.on('finish', () => process.exit(0));
        logger.end();
      },
      (e: unknown) => {
        process.stderr.write(`gateway: error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(EXIT_SHUTDOWN_TIMEOUT);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
