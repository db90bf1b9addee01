import { Telemetry } from '@bookinfo/service-kit';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';

export type BackendApp = 'details' | 'reviews' | 'ratings';

/**
 * Upstream's one application metric (Python's Counter `request_result`, exposed as
 * `request_result_total`), same help and labels, in this app instance's registry beside the kit's
 * request, call and process metrics.
 */
@Injectable()
export class MetricsService {
  private readonly requestResults: Counter<'destination_app' | 'response_code'>;

  constructor(telemetry: Telemetry) {
    this.requestResults = new Counter({
      name: 'request_result_total',
      help: 'Results of requests',
      labelNames: ['destination_app', 'response_code'] as const,
      registers: [telemetry.metrics.registry],
    });
  }

  /** One count per backend result as the page or API saw it: 200, the backend's status, or 500. */
  recordResult(destinationApp: BackendApp, responseCode: number): void {
    this.requestResults.inc({ destination_app: destinationApp, response_code: String(responseCode) });
  }
}
