/**
 * The trivial responder as a process of its own (so that it does not share the generator's event loop):
 * `node --import tsx test/bench/load/trivial-responder-main.ts [port]` prints `{"port":N}` once listening and runs
 * until SIGTERM or SIGINT.
 */
import { TrivialResponder } from './trivial-responder';

const responder = await TrivialResponder.listen(Number(process.argv[2] ?? 0));
process.stdout.write(`${JSON.stringify({ port: responder.port })}\n`);
const stop = (): void => {
  void responder.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
