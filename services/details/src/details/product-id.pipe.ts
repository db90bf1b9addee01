import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** Upstream's message for an id that is not a number, kept word for word (clients may match on it). */
export const NOT_NUMERIC = 'please provide numeric product id';

/**
 * 15 digits stay below Number.MAX_SAFE_INTEGER, so the id echoed back is exactly the one asked for.
 * Upstream (Ruby `Integer()`) accepts bignums; no Bookinfo client sends more than a few digits.
 */
export const MAX_ID_DIGITS = 15;

/**
 * Product ids are plain decimal digits. Upstream parses with Ruby's `Integer()`, so `010` is 8,
 * `0x1f` is 31 and `-1` is accepted; here `010` is 10 and everything but digits is refused.
 */
@Injectable()
export class ProductIdPipe implements PipeTransform<string | undefined, number> {
  transform(raw: string | undefined): number {
    if (raw === undefined || !/^\d+$/.test(raw)) {
      throw new BadRequestException({ error: NOT_NUMERIC });
    }
    if (raw.length > MAX_ID_DIGITS) {
      throw new BadRequestException({ error: `product id must have at most ${MAX_ID_DIGITS} digits` });
    }
    return Number(raw);
  }
}
