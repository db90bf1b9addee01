import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** Upstream's message for an id that is not a number, kept word for word (note: `ID`, unlike details). */
export const NOT_NUMERIC = { error: 'please provide numeric product ID' } as const;

/** 15 digits stay below Number.MAX_SAFE_INTEGER, so the id echoed back is exactly the one asked for. */
export const MAX_ID_DIGITS = 15;

/**
 * Product ids are plain decimal digits. Upstream takes `parseInt` of the last path segment, so
 * `/ratings/12abc` is 12 and `/ratings/-3` is -3; here anything but digits is refused.
 */
@Injectable()
export class ProductIdPipe implements PipeTransform<string | undefined, number> {
  transform(raw: string | undefined): number {
    if (raw === undefined || !/^\d+$/.test(raw)) throw new BadRequestException(NOT_NUMERIC);
    if (raw.length > MAX_ID_DIGITS) {
      throw new BadRequestException({ error: `product id must have at most ${MAX_ID_DIGITS} digits` });
    }
    return Number(raw);
  }
}
