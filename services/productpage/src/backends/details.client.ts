import { Injectable } from '@nestjs/common';
import { ProductpageConfig } from '../config';
import { BackendCaller } from './backend-caller';
import { BackendClient } from './backend-client';
import type { BackendResult } from './backend-result';
import { backendBaseUrl } from './backend-urls';

export const DETAILS_UNAVAILABLE = 'Sorry, product details are currently unavailable for this book.';

/** GET details `/details/<id>`: one try, 3 s (upstream). */
@Injectable()
export class DetailsClient extends BackendClient {
  constructor(caller: BackendCaller, config: ProductpageConfig) {
    super(caller, backendBaseUrl(config.DETAILS_HOSTNAME, config.DETAILS_SERVICE_PORT, config.SERVICES_DOMAIN), 'details', {
      app: 'details',
      timeoutMs: config.DETAILS_TIMEOUT_MS,
      attempts: 1,
      unavailable: DETAILS_UNAVAILABLE,
    });
  }

  getDetails(productId: number): Promise<BackendResult> {
    return this.fetchProduct(productId);
  }
}
