import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import { ProductpageConfig } from '../config';
import { MetricsService } from '../metrics/metrics.service';
import type { BackendResult } from './backend-result';
import { backendBaseUrl } from './backend-urls';
import { getJsonObject } from './json-get';

export const RATINGS_UNAVAILABLE = 'Sorry, product ratings are currently unavailable for this book.';

/** GET ratings `/ratings/<id>`: one try, 3 s. Only the API uses it (the page gets ratings via reviews). */
@Injectable()
export class RatingsClient {
  private readonly logger = new Logger(RatingsClient.name);
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly http: HttpService,
    private readonly metrics: MetricsService,
    config: ProductpageConfig,
  ) {
    this.baseUrl = backendBaseUrl(config.RATINGS_HOSTNAME, config.RATINGS_SERVICE_PORT, config.SERVICES_DOMAIN);
    this.timeoutMs = config.RATINGS_TIMEOUT_MS;
  }

  get address(): string {
    return this.baseUrl;
  }

  async getRatings(productId: number): Promise<BackendResult> {
    const url = `${this.baseUrl}/ratings/${productId}`;
    const attempt = await getJsonObject(this.http, url, this.timeoutMs);
    if (attempt.ok) {
      this.metrics.recordResult('ratings', 200);
      return { ok: true, status: 200, body: attempt.body };
    }
    this.logger.warn({ url, status: attempt.status, reason: attempt.reason, msg: 'ratings call failed' });
    this.metrics.recordResult('ratings', attempt.status);
    return { ok: false, status: attempt.status, body: { error: RATINGS_UNAVAILABLE } };
  }
}
