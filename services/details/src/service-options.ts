import type { ServiceAppOptions } from '@bookinfo/service-kit';
import { DetailsConfig } from './config';

/** Shared by main.ts and the e2e tests, so both run the same server. */
export const SERVICE_OPTIONS: ServiceAppOptions = {
  name: 'details',
  // Upstream mounts are prefixes: `/details/` is the same 400 as `/details`, `/health/` the same 200.
  fastify: { routerOptions: { ignoreTrailingSlash: true } },
  // Only v2 calls out (Google Books); v1 answers from memory.
  callsOtherServices: (app) => app.get(DetailsConfig).ENABLE_EXTERNAL_BOOK_SERVICE,
};
