import type { Context, Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { runWithRequestContext } from '../context/request-context';
import { pickPropagatedHeaders } from '../headers/propagated-headers';
import { createAccessLog } from '../logging/access-log';
import { UNMATCHED_ROUTE, type ServiceMetrics } from '../telemetry/service-metrics';
import { traceIdFromHeaders } from '../telemetry/trace-headers';
import type { Tracing } from '../telemetry/tracing';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set in `onRequest`: the route pattern matched (`routeOptions` builds an object on each read). */
    routePattern: string | undefined;
    /** Set in `onRequest`: the request's trace id, if it has one. */
    traceId: string | undefined;
    /** Set in `onRequest` when tracing: the request's server span. */
    serverSpan: Span | undefined;
  }
}

/**
 * The kubelet's probes and Prometheus's scrapes: neither counted nor traced, or they would make up
 * much of a quiet service's requests and of its traces.
 */
function isHousekeeping(route: string | undefined): boolean {
  return route !== undefined && (route === '/metrics' || route.startsWith('/health/'));
}

export interface RequestHookOptions {
  /** Whether each request runs inside a request context (a service that calls others). */
  enterContext: boolean;
  metrics: ServiceMetrics;
  /** Present only when tracing is on. */
  tracing: Tracing | undefined;
}

/**
 * Every request answers with its `x-request-id` (Fastify's `request.id`, see request-id.ts),
 * leaves one access-log line (probes at debug level) with its trace id, and is counted in the
 * service's metrics; with tracing on, it is one SERVER span. Without a mesh in front, the service
 * makes the request id up and sends it downstream, so the logs of all services still join up. In a
 * service that calls others (`enterContext`), each request also runs inside its own context: the
 * request id, the headers to propagate, and the trace its calls belong to.
 */
export function installRequestHooks(
  fastify: FastifyInstance,
  logger: Logger,
  { enterContext, metrics, tracing }: RequestHookOptions,
): void {
  fastify.decorateRequest('routePattern', undefined);
  fastify.decorateRequest('traceId', undefined);
  fastify.decorateRequest('serverSpan', undefined);

  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const requestId = request.id;
    reply.header('x-request-id', requestId);
    const route = request.routeOptions.url;
    request.routePattern = route;
    let traceId: string | undefined;
    let span: Span | undefined;
    let traceContext: Context | undefined;
    if (tracing && !isHousekeeping(route)) {
      ({ span, context: traceContext } = tracing.startServerSpan(request.method, route, pathOf(request.url), request.headers));
      traceId = span.spanContext().traceId;
    } else {
      traceId = traceIdFromHeaders(request.headers);
    }
    request.traceId = traceId;
    request.serverSpan = span;
    if (!enterContext) {
      done();
      return;
    }
    const headers = pickPropagatedHeaders(request.headers);
    headers['x-request-id'] = requestId;
    runWithRequestContext({ requestId, headers, traceId, traceContext }, done);
  });

  const accessLog = createAccessLog(logger);
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const { statusCode, elapsedTime } = reply;
    if (request.serverSpan) tracing?.endServerSpan(request.serverSpan, statusCode);
    const route = request.routePattern;
    if (!isHousekeeping(route)) metrics.recordRequest(route ?? UNMATCHED_ROUTE, request.method, statusCode, elapsedTime / 1000);
    accessLog({
      requestId: request.id,
      traceId: request.traceId,
      method: request.method,
      url: request.url,
      statusCode,
      durationMs: Math.round(elapsedTime * 10) / 10,
    });
    done();
  });
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
