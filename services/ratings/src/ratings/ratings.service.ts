import { Inject, Injectable } from '@nestjs/common';
import { FaultInjector } from '../faults/fault-injector.service';
import { RATINGS_REPOSITORY, type RatingsRepository, type ReviewerRatings } from './ratings.repository';

/** Upstream's wire format: the numeric id and the reviewer → stars map. */
export interface ProductRatings {
  id: number;
  ratings: ReviewerRatings;
}

@Injectable()
export class RatingsService {
  constructor(
    @Inject(RATINGS_REPOSITORY) private readonly repository: RatingsRepository,
    private readonly faults: FaultInjector,
  ) {}

  async getRatings(id: number): Promise<ProductRatings> {
    await this.faults.beforeRatingsRead();
    return { id, ratings: await this.repository.ratingsFor(id) };
  }

  /** Replaces the product's ratings and echoes them, as upstream's POST does. */
  async replaceRatings(id: number, ratings: ReviewerRatings): Promise<ProductRatings> {
    await this.repository.replaceRatings(id, ratings);
    return { id, ratings };
  }
}
