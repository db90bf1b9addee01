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
