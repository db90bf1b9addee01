import { Injectable } from '@nestjs/common';
import { ProductpageConfig } from '../config';
import { type Backend, BackendCaller } from './backend-caller';
import type { BackendResult } from './backend-result';
import { backendBaseUrl } from './backend-urls';

export const DETAILS_UNAVAILABLE = 'Sorry, product details are currently unavailable for this book.';

/** details `GET /details/<id>`: one try of 3 s (upstream). */
@Injectable()
export class DetailsClient {
  /** `http://host[.domain]:port`, also shown on the landing page. */
  readonly address: string;
  private readonly backend: Backend;

  constructor(
    private readonly caller: BackendCaller,
    config: ProductpageConfig,
  ) {
    this.address = backendBaseUrl(config.DETAILS_HOSTNAME, config.DETAILS_SERVICE_PORT, config.SERVICES_DOMAIN);
    this.backend = { app: 'details', timeoutMs: config.DETAILS_TIMEOUT_MS, attempts: 1, unavailable: DETAILS_UNAVAILABLE };
  }

  getDetails(productId: number): Promise<BackendResult> {
    return this.caller.getJson(`${this.address}/details/${productId}`, this.backend);
  }
}
