import { Controller, Get, Header, Render } from '@nestjs/common';
import { DetailsClient } from '../backends/details.client';
import { RatingsClient } from '../backends/ratings.client';
import { ReviewsClient } from '../backends/reviews.client';
import { SessionUser } from '../session/session-user.decorator';
import type { ProductPageView } from './product-page.view';
import { ProductPageService } from './product-page.service';

export interface LandingView {
  readonly detailsAddress: string;
  readonly reviewsAddress: string;
  readonly ratingsAddress: string;
}

@Controller()
export class PageController {
  constructor(
    private readonly productPage: ProductPageService,
    private readonly details: DetailsClient,
    private readonly reviews: ReviewsClient,
    private readonly ratings: RatingsClient,
  ) {}

  /** The landing page: the service tree with the addresses this instance really calls. */
  @Get(['', 'index.html'])
  @Render('index')
  landing(): LandingView {
    return {
      detailsAddress: this.details.address,
      reviewsAddress: this.reviews.address,
      ratingsAddress: this.ratings.address,
    };
  }

  /** Always 200: when a backend fails, the page says so in its place (Istio's tasks rely on it). */
  @Get('productpage')
  @Render('productpage')
  @Header('vary', 'Cookie')
  productpage(@SessionUser() user: string | undefined): Promise<ProductPageView> {
    return this.productPage.view(user);
  }
}
