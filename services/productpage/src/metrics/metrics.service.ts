import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

export type BackendApp = 'details' | 'reviews' | 'ratings';

/**
 * Upstream's one application metric (Python's Counter `request_result`, exposed as
 * `request_result_total`), same help and labels, plus the default process metrics. The registry
 * belongs to this instance, not prom-client's global one, so every app (and every test) counts on
 * its own.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requestResults = new Counter({
    name: 'request_result_total',
    help: 'Results of requests',
    labelNames: ['destination_app', 'response_code'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** One count per backend result as the page or API saw it: 200, the backend's status, or 500. */
  recordResult(destinationApp: BackendApp, responseCode: number): void {
    this.requestResults.inc({ destination_app: destinationApp, response_code: String(responseCode) });
  }
}
