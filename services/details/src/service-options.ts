import type { ServiceAppOptions } from '@bookinfo/service-kit';

/** Shared by main.ts and the e2e tests, so both run the same server. */
export const SERVICE_OPTIONS: ServiceAppOptions = {
  name: 'details',
  // Upstream mounts are prefixes: `/details/` is the same 400 as `/details`, `/health/` the same 200.
  fastify: { routerOptions: { ignoreTrailingSlash: true } },
};
