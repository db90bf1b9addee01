import { Controller, Get, Param } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { PRODUCT_REVIEWS_SCHEMA, type ProductReviews } from './product-reviews';
import { ProductIdPipe } from './product-id.pipe';
import { ReviewsService } from './reviews.service';

@Controller('reviews')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Get(':id')
  @RouteSchema({ response: { 200: PRODUCT_REVIEWS_SCHEMA } })
  getReviews(@Param('id', ProductIdPipe) id: number): Promise<ProductReviews> {
    return this.reviews.getReviews(id);
  }
}
