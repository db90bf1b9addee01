import { Controller, Get, Param } from '@nestjs/common';
import type { ProductReviews } from './product-reviews';
import { ProductIdPipe } from './product-id.pipe';
import { ReviewsService } from './reviews.service';

@Controller('reviews')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Get(':id')
  getReviews(@Param('id', ProductIdPipe) id: number): Promise<ProductReviews> {
    return this.reviews.getReviews(id);
  }
}
