import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { validateSync } from 'class-validator';
import type { ReviewerRatings } from '../ratings.repository';
import { RatingsDto } from './ratings.dto';

/**
 * Upstream stores any JSON it is given (`[1,2,"x"]`, `{"Reviewer1":"x"}`) and reviews then fails on
 * it; here the body must be a reviewer → 1..5 map, or the client gets a 400 saying what is wrong.
 */
@Injectable()
export class ParseRatingsPipe implements PipeTransform<unknown, ReviewerRatings> {
  transform(body: unknown): ReviewerRatings {
    const dto = Object.assign(new RatingsDto(), { ratings: body });
    const [problem] = validateSync(dto);
    if (problem) {
      throw new BadRequestException({ error: Object.values(problem.constraints ?? {}).join('; ') });
    }
    return dto.ratings;
  }
}
