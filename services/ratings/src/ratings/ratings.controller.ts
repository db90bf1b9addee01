import { BadRequestException, Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { ParseRatingsPipe } from './dto/parse-ratings.pipe';
import { NOT_NUMERIC, ProductIdPipe } from './product-id.pipe';
import { RatingsStoreErrorFilter } from './ratings-store-error.filter';
import type { ReviewerRatings } from './ratings.repository';
import { type ProductRatings, RatingsService } from './ratings.service';

@UseFilters(RatingsStoreErrorFilter)
@Controller('ratings')
export class RatingsController {
  constructor(private readonly ratings: RatingsService) {}

  @Get(':id')
  getRatings(@Param('id', ProductIdPipe) id: number): Promise<ProductRatings> {
    return this.ratings.getRatings(id);
  }

  /** 200 with the stored ratings, as upstream (not Nest's default 201). */
  @Post(':id')
  @HttpCode(HttpStatus.OK)
  replaceRatings(
    @Param('id', ProductIdPipe) id: number,
    @Body(ParseRatingsPipe) ratings: ReviewerRatings,
  ): Promise<ProductRatings> {
    return this.ratings.replaceRatings(id, ratings);
  }

  /** `/ratings/` without an id: upstream's route matches it and answers the non-numeric 400. */
  @Get()
  getWithoutId(): never {
    throw new BadRequestException(NOT_NUMERIC);
  }

  @Post()
  postWithoutId(): never {
    throw new BadRequestException(NOT_NUMERIC);
  }
}
