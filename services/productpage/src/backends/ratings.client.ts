import { Injectable } from '@nestjs/common';
import { ProductpageConfig } from '../config';
import { type Backend, BackendCaller } from './backend-caller';
import type { BackendResult } from './backend-result';
import { backendBaseUrl } from './backend-urls';

export const RATINGS_UNAVAILABLE = 'Sorry, product ratings are currently unavailable for this book.';

/** ratings `GET /ratings/<id>`: one try of 3 s. Only the API uses it (the page gets ratings via reviews). */
@Injectable()
export class RatingsClient {
  /** `http://host[.domain]:port`, also shown on the landing page. */
  readonly address: string;
  private readonly backend: Backend;

  constructor(
    private readonly caller: BackendCaller,
    config: ProductpageConfig,
  ) {
    this.address = backendBaseUrl(config.RATINGS_HOSTNAME, config.RATINGS_SERVICE_PORT, config.SERVICES_DOMAIN);
    this.backend = { app: 'ratings', timeoutMs: config.RATINGS_TIMEOUT_MS, attempts: 1, unavailable: RATINGS_UNAVAILABLE };
  }

  getRatings(productId: number): Promise<BackendResult> {
    return this.caller.getJson(`${this.address}/ratings/${productId}`, this.backend);
  }
}
