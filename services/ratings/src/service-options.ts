import type { ServiceAppOptions } from '@bookinfo/service-kit';
import { acceptJsonBodiesOnly } from './json-bodies';
import { RATINGS_BODY_LIMIT_BYTES } from './ratings/dto/ratings.dto';

/** Shared by main.ts and the e2e tests, so both run the same server. */
export const SERVICE_OPTIONS: ServiceAppOptions = {
  name: 'ratings',
  fastify: {
    // Upstream buffers a body of any size; a ratings map is a few hundred bytes. Larger: 413.
    bodyLimit: RATINGS_BODY_LIMIT_BYTES,
    // Upstream's route is `^/ratings/[0-9]*`: `/ratings/` is its 400, like `/ratings`; `/health/` is `/health`.
    routerOptions: { ignoreTrailingSlash: true },
  },
  configure: acceptJsonBodiesOnly,
  // ratings calls nobody: no headers to carry, so no request context to pay for.
  callsOtherServices: () => false,
};
