import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import { ProductpageConfig } from '../config';
import { MetricsService } from '../metrics/metrics.service';
import type { BackendResult, JsonObject } from './backend-result';
import { backendBaseUrl } from './backend-urls';
import { getJsonObject } from './json-get';

export const REVIEWS_UNAVAILABLE = 'Sorry, product reviews are currently unavailable for this book.';

/**
 * Two tries on purpose, each with a 3 s deadline, retrying on any failure. Upstream marks this
 * "Do not remove. Bug introduced explicitly for illustration in fault injection task": Istio's
 * fault-injection task explains why the page takes ~6 s (3 s x 2) when ratings is delayed, and the
 * request-timeouts task why a 0.5 s route timeout shows the error after ~1 s.
 */
const REVIEWS_ATTEMPTS = 2;

/** The page cannot show reviews without the list: a 200 without one is as bad as a 500. */
function hasReviewList(body: JsonObject): boolean {
  return Array.isArray(body['reviews']);
}

/** GET reviews `/reviews/<id>`. */
@Injectable()
export class ReviewsClient {
  private readonly logger = new Logger(ReviewsClient.name);
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly http: HttpService,
    private readonly metrics: MetricsService,
    config: ProductpageConfig,
  ) {
    this.baseUrl = backendBaseUrl(config.REVIEWS_HOSTNAME, config.REVIEWS_SERVICE_PORT, config.SERVICES_DOMAIN);
    this.timeoutMs = config.REVIEWS_TIMEOUT_MS;
  }

  get address(): string {
    return this.baseUrl;
  }

  async getReviews(productId: number): Promise<BackendResult> {
    const url = `${this.baseUrl}/reviews/${productId}`;
    let attempt = await getJsonObject(this.http, url, this.timeoutMs, hasReviewList);
    for (let tries = 1; !attempt.ok && tries < REVIEWS_ATTEMPTS; tries++) {
      attempt = await getJsonObject(this.http, url, this.timeoutMs, hasReviewList);
    }
    if (attempt.ok) {
      this.metrics.recordResult('reviews', 200);
      return { ok: true, status: 200, body: attempt.body };
    }
    // The status reported is the last try's, as upstream.
    this.logger.warn({ url, status: attempt.status, reason: attempt.reason, msg: 'reviews call failed' });
    this.metrics.recordResult('reviews', attempt.status);
    return { ok: false, status: attempt.status, body: { error: REVIEWS_UNAVAILABLE } };
  }
}
