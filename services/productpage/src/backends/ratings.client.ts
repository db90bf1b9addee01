import { Injectable } from '@nestjs/common';
import { ProductpageConfig } from '../config';
import { BackendCaller } from './backend-caller';
import { BackendClient } from './backend-client';
import type { BackendResult } from './backend-result';
import { backendBaseUrl } from './backend-urls';

export const RATINGS_UNAVAILABLE = 'Sorry, product ratings are currently unavailable for this book.';

/** GET ratings `/ratings/<id>`: one try, 3 s. Only the API uses it (the page gets ratings via reviews). */
@Injectable()
export class RatingsClient extends BackendClient {
  constructor(caller: BackendCaller, config: ProductpageConfig) {
    super(caller, backendBaseUrl(config.RATINGS_HOSTNAME, config.RATINGS_SERVICE_PORT, config.SERVICES_DOMAIN), 'ratings', {
      app: 'ratings',
      timeoutMs: config.RATINGS_TIMEOUT_MS,
      attempts: 1,
      unavailable: RATINGS_UNAVAILABLE,
    });
  }

  getRatings(productId: number): Promise<BackendResult> {
    return this.fetchProduct(productId);
  }
}
