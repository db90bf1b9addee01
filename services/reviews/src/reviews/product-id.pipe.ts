import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * Upstream's id is a JAX-RS `int` path parameter: negatives allowed, leading zeros dropped (`007` is
 * 7), anything else answered 404. Same range here, but a wrong id is answered 400 with a JSON error
 * saying what is wrong (the path exists; the value does not fit), in the shape details uses.
 */
@Injectable()
export class ProductIdPipe implements PipeTransform<string, number> {
  transform(raw: string): number {
    const id = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(id >= INT32_MIN && id <= INT32_MAX)) {
      throw new BadRequestException({
        error: `product id must be a whole number from ${INT32_MIN} to ${INT32_MAX}`,
      });
    }
    return id;
  }
}
