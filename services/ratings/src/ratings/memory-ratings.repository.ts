import type { RatingsRepository, ReviewerRatings } from './ratings.repository';
import { DEFAULT_RATINGS } from './ratings.repository';

/**
 * Upstream keeps every posted product forever, so a client can grow the process without bound.
 * Past this many products the one written longest ago is forgotten: the data is per-process and lost
 * on restart anyway, and 1000 products of at most 50 reviewers stay within a few megabytes.
 */
export const MEMORY_MAX_PRODUCTS = 1000;

/** Per-process store, as upstream's v1: each replica has its own, nothing survives a restart. */
export class MemoryRatingsRepository implements RatingsRepository {
  private readonly byProduct = new Map<number, ReviewerRatings>();

  constructor(private readonly maxProducts = MEMORY_MAX_PRODUCTS) {}

  async ratingsFor(productId: number): Promise<ReviewerRatings> {
    return this.byProduct.get(productId) ?? DEFAULT_RATINGS;
  }

  async replaceRatings(productId: number, ratings: ReviewerRatings): Promise<void> {
    // Map keeps insertion order: re-inserting moves the product to the newest end.
    this.byProduct.delete(productId);
    this.byProduct.set(productId, Object.freeze({ ...ratings }));
    if (this.byProduct.size > this.maxProducts) {
      const oldest = this.byProduct.keys().next().value;
      if (oldest !== undefined) this.byProduct.delete(oldest);
    }
  }
}
