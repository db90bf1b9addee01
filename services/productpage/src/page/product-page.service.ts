import { Injectable } from '@nestjs/common';
import { DetailsClient } from '../backends/details.client';
import { ReviewsClient } from '../backends/reviews.client';
import { ProductpageConfig } from '../config';
import { PAGE_PRODUCT } from '../products/catalog';
import { type ProductPageView, productPageView } from './product-page.view';

@Injectable()
export class ProductPageService {
  private readonly floodFactor: number;

  constructor(
    private readonly details: DetailsClient,
    private readonly reviews: ReviewsClient,
    config: ProductpageConfig,
  ) {
    this.floodFactor = config.FLOOD_FACTOR;
  }

  /**
   * Details and reviews are fetched at the same time (upstream asks one after the other), so a slow
   * details never delays reviews. The page is always rendered: a failed backend shows its message.
   */
  async view(user: string | undefined): Promise<ProductPageView> {
    this.flood();
    const [details, reviews] = await Promise.all([
      this.details.getDetails(PAGE_PRODUCT.id),
      this.reviews.getReviews(PAGE_PRODUCT.id),
    ]);
    return productPageView(PAGE_PRODUCT, details, reviews, user);
  }

  /**
   * FLOOD_FACTOR extra reviews calls (upstream's `v-flooding` image, for Istio's rate-limiting demo),
   * results discarded. Upstream made them one by one before the real call; here they start with the
   * real calls and the page does not wait for them, so the flood loads reviews without slowing the
   * page. They carry the same headers and count in the metrics like any call; getReviews never rejects.
   */
  private flood(): void {
    for (let call = 0; call < this.floodFactor; call++) {
      void this.reviews.getReviews(PAGE_PRODUCT.id);
    }
  }
}
