import type { FastifyInstance } from 'fastify';
import type { DirectoryResult, FixSessionDirectory, SessionView } from '../../fix/session-directory';
import type { Role } from '../access';
import { RestError } from '../errors';
import { errorSchema } from '../schemas';
import type { RestRoutes } from './route-context';

const ADMIN: readonly Role[] = ['admin'];
const OVERSIGHT: readonly Role[] = ['admin', 'risk', 'compliance'];

const sessionSchema = {
  type: 'object',
  required: ['sessionId', 'role', 'state', 'nextSenderSeq', 'nextTargetSeq'],
  properties: {
    sessionId: { type: 'string' },
    role: { type: 'string' },
    state: { type: 'string' },
    nextSenderSeq: { type: 'integer' },
    nextTargetSeq: { type: 'integer' },
  },
} as const;

const idParams = { type: 'object', required: ['sessionId'], properties: { sessionId: { type: 'string', minLength: 1, maxLength: 200 } } } as const;

function unwrap(result: DirectoryResult<SessionView>, sessionId: string): SessionView {
  if (result.ok) return result.value;
  if (result.reason === 'unknown-session') throw new RestError('GW_ERR_REST_NOT_FOUND', `no FIX session ${sessionId}`, { details: { sessionId } });
  const text = result.reason === 'logged-on' ? 'log the session out before resetting its sequence numbers' : 'the session is not logged on';
  throw new RestError('GW_ERR_REST_CONFLICT', text, { details: { sessionId, reason: result.reason } });
}

/** Operators' view of the FIX sessions: state and sequence numbers, sequence reset, forced logout. */
export function fixSessionRoutes(directory: FixSessionDirectory): RestRoutes {
  return (api: FastifyInstance, context) => {
    api.get('/admin/fix-sessions', {
      config: { access: { roles: OVERSIGHT } },
      schema: { tags: ['admin'], summary: 'FIX sessions with their state and sequence numbers', response: { 200: { type: 'array', items: sessionSchema } } },
    }, async () => directory.list());

    api.get<{ Params: { sessionId: string } }>('/admin/fix-sessions/:sessionId', {
      config: { access: { roles: OVERSIGHT } },
      schema: { tags: ['admin'], summary: 'One FIX session', params: idParams, response: { 200: sessionSchema, 404: errorSchema } },
    }, async (request) => unwrap(await directory.get(request.params.sessionId), request.params.sessionId));

    api.post<{ Params: { sessionId: string }; Body: { nextSenderSeq: number; nextTargetSeq: number } }>('/admin/fix-sessions/:sessionId/sequence-reset', {
      config: { access: { roles: ADMIN } },
      schema: {
        tags: ['admin'],
        summary: 'Set the sequence numbers of a session that is logged out (1 and 1 start a new epoch)',
        params: idParams,
        body: {
          type: 'object',
          required: ['nextSenderSeq', 'nextTargetSeq'],
          additionalProperties: false,
          properties: { nextSenderSeq: { type: 'integer', minimum: 1 }, nextTargetSeq: { type: 'integer', minimum: 1 } },
        },
        response: { 200: sessionSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    }, async (request) => {
      const view = unwrap(await directory.reset(request.params.sessionId, request.body), request.params.sessionId);
      context.logger.info('FIX sequence numbers set by an operator', { sessionId: view.sessionId, nextSenderSeq: view.nextSenderSeq, nextTargetSeq: view.nextTargetSeq, by: request.principal?.name });
      return view;
    });

    api.post<{ Params: { sessionId: string } }>('/admin/fix-sessions/:sessionId/logout', {
      config: { access: { roles: ADMIN } },
      schema: { tags: ['admin'], summary: 'Log a session out (Logout with a Text, then disconnect)', params: idParams, response: { 200: sessionSchema, 404: errorSchema, 409: errorSchema } },
    }, async (request) => {
      const view = unwrap(await directory.logout(request.params.sessionId, 'logged out by the gateway operator'), request.params.sessionId);
      context.logger.info('FIX session logged out by an operator', { sessionId: view.sessionId, by: request.principal?.name });
      return view;
    });
  };
}
