import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { BackendResult, JsonObject } from '../backends/backend-result';
import { DetailsClient } from '../backends/details.client';
import { RatingsClient } from '../backends/ratings.client';
import { ReviewsClient } from '../backends/reviews.client';
import { type Product, PRODUCTS } from './catalog';
import { ProductIdPipe } from './product-id.pipe';

/**
 * Upstream's JSON API. The per-product routes relay the backend's JSON; on failure they answer
 * upstream's error body with the backend's 4xx/5xx status, or 500 when there was no usable answer.
 */
@Controller('api/v1/products')
export class ProductsController {
  constructor(
    private readonly details: DetailsClient,
    private readonly reviews: ReviewsClient,
    private readonly ratings: RatingsClient,
  ) {}

  @Get()
  list(): readonly Product[] {
    return PRODUCTS;
  }

  /** The details of the book (upstream returns the details JSON here, not the product). */
  @Get(':id')
  async product(@Param('id', ProductIdPipe) id: number, @Res({ passthrough: true }) reply: FastifyReply) {
    return relay(await this.details.getDetails(id), reply);
  }

  @Get(':id/reviews')
  async productReviews(@Param('id', ProductIdPipe) id: number, @Res({ passthrough: true }) reply: FastifyReply) {
    return relay(await this.reviews.getReviews(id), reply);
  }

  @Get(':id/ratings')
  async productRatings(@Param('id', ProductIdPipe) id: number, @Res({ passthrough: true }) reply: FastifyReply) {
    return relay(await this.ratings.getRatings(id), reply);
  }
}

function relay(result: BackendResult, reply: FastifyReply): JsonObject | { readonly error: string } {
  void reply.status(result.status);
  return result.body;
}
