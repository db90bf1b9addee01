import { BadRequestException, Controller, Get, Param } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { BOOK_DETAILS_SCHEMA, type BookDetails } from './book-details';
import { DetailsService } from './details.service';
import { NOT_NUMERIC, ProductIdPipe } from './product-id.pipe';

@Controller('details')
export class DetailsController {
  constructor(private readonly details: DetailsService) {}

  @Get(':id')
  @RouteSchema({ response: { 200: BOOK_DETAILS_SCHEMA } })
  getDetails(@Param('id', ProductIdPipe) id: number): Promise<BookDetails> {
    return this.details.getDetails(id);
  }

  /** `/details` without an id: upstream answers the same 400 as for a non-numeric id. */
  @Get()
  missingId(): never {
    throw new BadRequestException({ error: NOT_NUMERIC });
  }
}
