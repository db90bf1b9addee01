import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/**
 * Product ids are decimal digits only. Upstream pasted the raw path segment into the backend URL
 * (`/api/v1/products/abc/ratings` → `GET /ratings/abc`); here anything else is a 400 and never
 * reaches a backend. Fifteen digits keep every id an exact JavaScript number.
 */
@Injectable()
export class ProductIdPipe implements PipeTransform<string, number> {
  transform(raw: string): number {
    if (!/^\d{1,15}$/.test(raw)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'product id must be a whole decimal number (digits only)',
      });
    }
    return Number(raw);
  }
}
