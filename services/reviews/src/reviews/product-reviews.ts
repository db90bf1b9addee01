/** What a reviewer gets when ratings cannot be used; productpage shows this text (Istio docs quote it). */
export const RATINGS_UNAVAILABLE = { error: 'Ratings service is currently unavailable' } as const;

export type Rating = { stars: number; color: string } | typeof RATINGS_UNAVAILABLE;

/** Key order as upstream: reviewer, text, rating (v2/v3 only). */
export interface Review {
  reviewer: string;
  text: string;
  rating?: Rating;
}

/** Upstream's body, key order included; `id` is a string there (built by string concatenation). */
export interface ProductReviews {
  id: string;
  podname: string;
  clustername: string;
  reviews: Review[];
}

const string = { type: 'string' } as const;

/**
 * The 200 body's JSON schema, for the route's `@RouteSchema`: Fastify then writes the body with
 * code compiled from it (fast-json-stringify) instead of `JSON.stringify`, which is cheaper (see
 * docs/performance.md). Keys come out in this order and only when present, as `JSON.stringify`
 * writes them; a field missing here would be
 * dropped silently, so the e2e tests compare whole texts. Nothing is `required`: a missing field
 * is left out, not a 500.
 */
export const PRODUCT_REVIEWS_SCHEMA = {
  type: 'object',
  properties: {
    id: string,
    podname: string,
    clustername: string,
    reviews: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          reviewer: string,
          text: string,
          rating: { type: 'object', properties: { stars: { type: 'integer' }, color: string, error: string } },
        },
      },
    },
  },
} as const;
