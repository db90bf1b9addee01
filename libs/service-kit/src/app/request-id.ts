import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Envoy's ids are UUIDs; any short printable id is taken as it comes, except one holding `"` or
 * `\`, which is replaced: a request id then goes into headers and JSON log lines as it is.
 */
const ACCEPTABLE_REQUEST_ID = /^[\x21\x23-\x5b\x5d-\x7e]{1,200}$/;

/**
 * Fastify's `genReqId`, so that `request.id` is the Bookinfo request id: the request's own
 * `x-request-id` when it is usable (from Envoy or the caller), else a new UUID.
 */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
