import { BadRequestException, Controller, Get, Param } from '@nestjs/common';
import { DetailsService } from './details.service';

@Controller('details')
export class DetailsController {
  constructor(private readonly details: DetailsService) {}

  @Get(':id')
  getDetails(@Param('id') rawId: string) {
    if (!/^\d{1,15}$/.test(rawId)) {
      throw new BadRequestException({ error: 'please provide numeric product id' });
    }
    return this.details.getDetails(Number(rawId));
  }
}
