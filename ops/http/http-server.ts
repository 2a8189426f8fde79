import Fastify, { type FastifyInstance } from 'fastify';
import type { GatewayMetrics } from '../metrics/registry';
import type { HealthRegistry } from './health';

export interface HttpServerOptions {
  readonly bodyLimitBytes: number;
  readonly health: HealthRegistry;
  readonly metrics: GatewayMetrics;
}

/**
 * The one HTTP server: /health, /ready and /metrics now; the REST API and WebSocket routes mount on it later.
 * Errors answer with a JSON `{code, message}` and never a stack trace.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimitBytes, return503OnClosing: true });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message?: string }, _request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    const code = status >= 500 ? 'GW_ERR_HTTP_INTERNAL' : (error.code ?? 'GW_ERR_HTTP_BAD_REQUEST');
    const message = status >= 500 ? 'internal error' : (error.message ?? 'bad request');
    void reply.status(status).send({ code, message });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ code: 'GW_ERR_HTTP_NOT_FOUND', message: `no route ${request.method} ${request.url}` });
  });

  app.get('/health', async (_request, reply) => {
    const report = await options.health.liveness();
    return reply.status(200).send(report);
  });
  app.get('/ready', async (_request, reply) => {
    const report = await options.health.readiness();
    return reply.status(report.status === 'ready' ? 200 : 503).send(report);
  });
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await options.metrics.render();
    return reply.header('content-type', contentType).send(body);
  });
  return app;
}
