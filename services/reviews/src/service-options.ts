import type { ServiceAppOptions } from '@bookinfo/service-kit';
import { ReviewsConfig } from './config';

/** Shared by main.ts and the e2e tests, so both run the same server. */
export const SERVICE_OPTIONS: ServiceAppOptions = {
  name: 'reviews',
  // v2 and v3 call ratings; v1 (ENABLE_RATINGS=false) calls nobody.
  callsOtherServices: (app) => app.get(ReviewsConfig).ENABLE_RATINGS,
};
