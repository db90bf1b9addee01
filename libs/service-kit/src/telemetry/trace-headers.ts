import type { IncomingHttpHeaders } from 'node:http';
import type { PropagatedHeader } from '../headers/propagated-headers';

/**
 * The propagated headers that say where in a trace a call is. With tracing on, the service writes
 * them itself for each outgoing call (its client span's W3C and B3 context) instead of copying the
 * incoming ones; the other vendors' headers are still copied as they came.
 */
export const TRACE_CONTEXT_HEADERS: readonly PropagatedHeader[] = [
  'traceparent',
  'tracestate',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
];

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}/;
const B3_TRACE_ID = /^(?:[\da-f]{16}){1,2}$/;
const ZEROS = /^0+$/;

/**
 * The trace id an incoming request carries, for the log lines of a service that does not trace
 * itself: the W3C `traceparent`'s, else Envoy's `x-b3-traceid` (Istio's Zipkin and Jaeger setups),
 * the order in which tracing reads them. `undefined` when neither is there or well formed.
 */
export function traceIdFromHeaders(headers: IncomingHttpHeaders): string | undefined {
  const traceparent = headers['traceparent'];
  if (typeof traceparent === 'string') {
    const id = TRACEPARENT.exec(traceparent)?.[1];
    if (id !== undefined && !ZEROS.test(id)) return id;
  }
  const b3 = headers['x-b3-traceid'];
  return typeof b3 === 'string' && B3_TRACE_ID.test(b3) && !ZEROS.test(b3) ? b3 : undefined;
}
