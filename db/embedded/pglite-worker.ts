/**
 * Worker-thread entry: runs PGlite (Postgres compiled to WASM) and serves it over the Postgres wire protocol on
 * loopback, so the gateway talks to it through the same `pg` code path as to a Postgres server, and the WASM
 * engine's CPU time never blocks the event loop that handles orders.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { WorkerReply, WorkerRequest, WorkerStart } from './protocol';

const port = parentPort;
if (port === null) throw new Error('pglite-worker must run in a worker thread');
const start = workerData as WorkerStart;

function reply(message: WorkerReply): void {
  port?.postMessage(message);
}

async function main(): Promise<void> {
  const db = await PGlite.create(start.dataDir ?? undefined);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: start.maxConnections });
  await server.start();
  const [host = '127.0.0.1', portText = '0'] = server.getServerConn().split(':');
  port?.on('message', (request: WorkerRequest) => {
    if (request.kind !== 'stop') return;
    void (async () => {
      await server.stop();
      await db.close();
      reply({ kind: 'stopped' });
    })();
  });
  reply({ kind: 'ready', host, port: Number(portText) });
}

main().catch((e: unknown) => {
  reply({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
});
