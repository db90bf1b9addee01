import { BadRequestException, Controller, Get, Param } from '@nestjs/common';
import type { BookDetails } from './book-details';
import { DetailsService } from './details.service';
import { NOT_NUMERIC, ProductIdPipe } from './product-id.pipe';

@Controller('details')
export class DetailsController {
  constructor(private readonly details: DetailsService) {}

  @Get(':id')
  getDetails(@Param('id', ProductIdPipe) id: number): Promise<BookDetails> {
    return this.details.getDetails(id);
  }

  /** `/details` without an id: upstream answers the same 400 as for a non-numeric id. */
  @Get()
  missingId(): never {
    throw new BadRequestException({ error: NOT_NUMERIC });
  }
}
