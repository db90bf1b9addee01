import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Seconds; finer at the low end than prom-client's defaults, where a leaf's answers fall. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * How often the event-loop delay is sampled. prom-client's default, 10 ms, wakes an idle process
 * a hundred times a second; ten samples a second still catch any stall a scrape would care about.
 */
const EVENT_LOOP_SAMPLING_MS = 100;

/** The route label of a request no route matched: one label, however many URLs are tried. */
export const UNMATCHED_ROUTE = 'unmatched';

/** How an outgoing call ended: its status class, or why there was no status. */
export type CallOutcome = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'timeout' | 'cancelled' | 'error';

/**
 * One app instance's Prometheus metrics, in a registry of its own (not prom-client's global one), so
 * every app, and every test, counts on its own: requests served by route pattern, method and status,
 * the calls it made by target and outcome, and Node's default process metrics. A service adds its
 * own metrics to `registry` (productpage's `request_result_total`).
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  private readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  private readonly callDuration = new Histogram({
    name: 'http_client_request_duration_seconds',
    help: 'Time of an outgoing HTTP call (each try), by target (host:port) and outcome',
    labelNames: ['target', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    // The counters are the histograms' `_count` under their own names, filled in at each scrape.
    new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests served, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [this.registry],
      collect: countOf(this.requestDuration),
    });
    new Counter({
      name: 'http_client_requests_total',
      help: 'Outgoing HTTP calls (each try), by target (host:port) and outcome',
      labelNames: ['target', 'outcome'] as const,
      registers: [this.registry],
      collect: countOf(this.callDuration),
    });
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLING_MS });
  }

  recordRequest(route: string, method: string, status: number, seconds: number): void {
    this.requestDuration.observe({ route, method, status: String(status) }, seconds);
  }

  recordCall(target: string, outcome: CallOutcome, seconds: number): void {
    this.callDuration.observe({ target, outcome }, seconds);
  }
}

/**
 * A counter's `collect`: at each scrape it becomes the histogram's `_count`, series by series. Every
 * request and call is then recorded once, in the histogram, instead of twice: prom-client hashes
 * the labels on every update, a cost paid on each request of every service.
 */
function countOf<T extends string>(histogram: Histogram<T>): (this: Counter<T>) => Promise<void> {
  return async function (this: Counter<T>) {
    const { values } = await histogram.get();
    this.reset();
    for (const { metricName, labels, value } of values) {
      if (metricName?.endsWith('_count')) this.inc(labels, value);
    }
  };
}
