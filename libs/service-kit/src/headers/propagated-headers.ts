import type { IncomingHttpHeaders } from 'node:http';

/**
 * The request headers every Bookinfo service copies from its incoming request to each call it makes.
 * Envoy builds the trace from these (the app itself exports no spans), and Istio routes on `end-user`.
 * Same names, same order as upstream's productpage/details/reviews lists.
 */
export const PROPAGATED_HEADERS = [
  'x-request-id',
  'x-ot-span-context', // Lightstep
  'x-datadog-trace-id',
  'x-datadog-parent-id',
  'x-datadog-sampling-priority',
  'traceparent', // W3C Trace Context
  'tracestate',
  'x-cloud-trace-context', // Cloud Trace
  'grpc-trace-bin',
  'x-b3-traceid', // Zipkin B3
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
  'sw8', // SkyWalking
  'end-user', // Istio routing rules match on it (`jason`)
  'user-agent',
  'cookie',
  'authorization',
  'jwt',
] as const;

export type PropagatedHeader = (typeof PROPAGATED_HEADERS)[number];

export type PropagatedHeaderValues = Partial<Record<PropagatedHeader, string>>;

const IS_PROPAGATED: ReadonlySet<string> = new Set(PROPAGATED_HEADERS);

/**
 * Picks the propagated headers present on an incoming request (repeated headers are joined by ", ").
 * Walks the request's few headers rather than probing it for all twenty names: this runs on every
 * request.
 */
export function pickPropagatedHeaders(incoming: IncomingHttpHeaders): PropagatedHeaderValues {
  const picked: PropagatedHeaderValues = {};
  for (const name in incoming) {
    if (!IS_PROPAGATED.has(name)) continue;
    const value = incoming[name];
    if (value === undefined) continue;
    picked[name as PropagatedHeader] = Array.isArray(value) ? value.join(', ') : value;
  }
  return picked;
}
