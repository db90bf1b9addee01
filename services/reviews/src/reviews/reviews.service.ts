import { Injectable, Logger } from '@nestjs/common';
import { ReviewsConfig } from '../config';
import { type ProductReviews, type Rating, type Review, RATINGS_UNAVAILABLE } from './product-reviews';
import { RatingsClient } from './ratings.client';

/** Bookinfo's two reviews, word for word (every product has them; Istio docs show the texts). */
const REVIEWS: readonly Omit<Review, 'rating'>[] = [
  {
    reviewer: 'Reviewer1',
    text: 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!',
  },
  {
    reviewer: 'Reviewer2',
    text: 'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.',
  },
];

@Injectable()
export class ReviewsService {
  private readonly logger = new Logger(ReviewsService.name);

  constructor(
    private readonly config: ReviewsConfig,
    private readonly ratings: RatingsClient,
  ) {}

  async getReviews(productId: number): Promise<ProductReviews> {
    const reviews = this.config.ENABLE_RATINGS
      ? await this.withRatings(productId)
      : REVIEWS.map(({ reviewer, text }) => ({ reviewer, text }));
    return {
      id: String(productId),
      podname: this.config.HOSTNAME,
      clustername: this.config.CLUSTER_NAME,
      reviews,
    };
  }

  /** Each reviewer degrades alone: a ratings answer missing Reviewer2 only costs Reviewer2 its stars. */
  private async withRatings(productId: number): Promise<Review[]> {
    const stars = await this.ratings.fetchStars(productId);
    return REVIEWS.map(({ reviewer, text }) => {
      let rating: Rating = RATINGS_UNAVAILABLE;
      const reviewerStars = stars?.get(reviewer);
      if (reviewerStars !== undefined) {
        rating = { stars: reviewerStars, color: this.config.STAR_COLOR };
      } else if (stars) {
        this.logger.warn({ msg: `ratings has no valid stars for ${reviewer}`, productId, reviewer });
      }
      return { reviewer, text, rating };
    });
  }
}
