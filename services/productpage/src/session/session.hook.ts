import { setPropagatedHeader } from '@bookinfo/service-kit';
import type { FastifyInstance } from 'fastify';
import type { SessionService } from './session.service';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, from a validly signed session cookie only. */
    sessionUser: string | undefined;
  }
}

/**
 * Reads the session once per request, after @fastify/cookie has parsed the cookies, and makes the
 * user the `end-user` header of every backend call (Istio routes `jason` on it). An `end-user`
 * header sent by the client is never forwarded: only the session says who the user is.
 */
export function installSessionHook(fastify: FastifyInstance, session: SessionService): void {
  fastify.decorateRequest('sessionUser', undefined);
  fastify.addHook('onRequest', (request, _reply, done) => {
    request.sessionUser = session.userOf(request);
    setPropagatedHeader('end-user', request.sessionUser);
    done();
  });
}
