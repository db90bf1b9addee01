import { Injectable } from '@nestjs/common';
import { ProductpageConfig } from '../config';
import { type Backend, BackendCaller } from './backend-caller';
import type { BackendResult, JsonObject } from './backend-result';
import { backendBaseUrl } from './backend-urls';

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

/** reviews `GET /reviews/<id>`: two tries of 3 s each. */
@Injectable()
export class ReviewsClient {
  /** `http://host[.domain]:port`, also shown on the landing page. */
  readonly address: string;
  private readonly backend: Backend;

  constructor(
    private readonly caller: BackendCaller,
    config: ProductpageConfig,
  ) {
    this.address = backendBaseUrl(config.REVIEWS_HOSTNAME, config.REVIEWS_SERVICE_PORT, config.SERVICES_DOMAIN);
    this.backend = {
      app: 'reviews',
      timeoutMs: config.REVIEWS_TIMEOUT_MS,
      attempts: REVIEWS_ATTEMPTS,
      unavailable: REVIEWS_UNAVAILABLE,
      isExpected: hasReviewList,
    };
  }

  getReviews(productId: number): Promise<BackendResult> {
    return this.caller.getJson(`${this.address}/reviews/${productId}`, this.backend);
  }
}
