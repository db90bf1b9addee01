import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import { ProductpageConfig } from '../config';
import { MetricsService } from '../metrics/metrics.service';
import type { BackendResult } from './backend-result';
import { backendBaseUrl } from './backend-urls';
import { getJsonObject } from './json-get';

export const DETAILS_UNAVAILABLE = 'Sorry, product details are currently unavailable for this book.';

/** GET details `/details/<id>`: one try, 3 s (upstream). */
@Injectable()
export class DetailsClient {
  private readonly logger = new Logger(DetailsClient.name);
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly http: HttpService,
    private readonly metrics: MetricsService,
    config: ProductpageConfig,
  ) {
    this.baseUrl = backendBaseUrl(config.DETAILS_HOSTNAME, config.DETAILS_SERVICE_PORT, config.SERVICES_DOMAIN);
    this.timeoutMs = config.DETAILS_TIMEOUT_MS;
  }

  get address(): string {
    return this.baseUrl;
  }

  async getDetails(productId: number): Promise<BackendResult> {
    const url = `${this.baseUrl}/details/${productId}`;
    const attempt = await getJsonObject(this.http, url, this.timeoutMs);
    if (attempt.ok) {
      this.metrics.recordResult('details', 200);
      return { ok: true, status: 200, body: attempt.body };
    }
    this.logger.warn({ url, status: attempt.status, reason: attempt.reason, msg: 'details call failed' });
    this.metrics.recordResult('details', attempt.status);
    return { ok: false, status: attempt.status, body: { error: DETAILS_UNAVAILABLE } };
  }
}
