/** Stars (1..5) by reviewer name, in the order the reviewers were given. */
export type ReviewerRatings = Readonly<Record<string, number>>;

/** Where ratings live: memory (v1 and the fault variants) or MySQL (v2). */
export interface RatingsRepository {
  /** The product's stored ratings, or the defaults when nothing was stored for it. */
  ratingsFor(productId: number): Promise<ReviewerRatings>;
  /** Stores `ratings` as the product's whole set, dropping reviewers it does not name (upstream: replace). */
  replaceRatings(productId: number, ratings: ReviewerRatings): Promise<void>;
}

export const RATINGS_REPOSITORY = Symbol('RATINGS_REPOSITORY');

/** What every product shows until ratings are posted for it (upstream's two reviewers). */
export const DEFAULT_RATINGS: ReviewerRatings = Object.freeze({ Reviewer1: 5, Reviewer2: 4 });
