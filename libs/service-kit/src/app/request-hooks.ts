import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { runWithRequestContext } from '../context/request-context';
import { pickPropagatedHeaders } from '../headers/propagated-headers';
import { createAccessLog } from '../logging/access-log';

/**
 * Every request answers with its `x-request-id` (Fastify's `request.id`, see request-id.ts) and
 * leaves one access-log line (probes at debug level). Without a mesh in front, the service makes
 * the id up and sends it downstream, so the logs of all services still join up. In a service that
 * calls others (`enterContext`), each request also runs inside its own context: the request id and
 * the headers to propagate.
 */
export function installRequestHooks(
  fastify: FastifyInstance,
  logger: Logger,
  { enterContext }: { enterContext: boolean },
): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const requestId = request.id;
    reply.header('x-request-id', requestId);
    if (!enterContext) {
      done();
      return;
    }
    const headers = pickPropagatedHeaders(request.headers);
    headers['x-request-id'] = requestId;
    runWithRequestContext({ requestId, headers }, done);
  });

  const accessLog = createAccessLog(logger);
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    accessLog({
      requestId: request.id,
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
    });
    done();
  });
}
