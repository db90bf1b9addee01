import {
  isInt,
  isObject,
  max,
  min,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { ReviewerRatings } from '../ratings.repository';

const MIN_STARS = 1;
const MAX_STARS = 5;
/** Reviews shows two reviewers; 50 leaves room for real use while keeping every answer small. */
const MAX_REVIEWERS = 50;
const MAX_REVIEWER_NAME_LENGTH = 64;
/** Fastify's limit for the request body: a full set of long names fits several times over. */
export const RATINGS_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Letters and digits of any script, inner spaces and `.`, `_`, `-`, `'`. No leading or trailing
 * space: MySQL compares `"Bob"` and `"Bob "` as equal, JSON does not.
 */
const REVIEWER_NAME = /^[\p{L}\p{N}](?:[\p{L}\p{N} ._'-]*[\p{L}\p{N}._'-])?$/u;

function describeValue(value: unknown): string {
  if (value === undefined) return 'no body';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 20))}`;
  return `${typeof value} ${String(value)}`;
}

/** Quotes a client-supplied name in an error message without echoing a huge one back. */
function quoteName(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
}

/** The first thing wrong with a ratings body, in words a client can act on; undefined when valid. */
function findRatingsProblem(value: unknown): string | undefined {
  if (!isObject(value)) {
    return `ratings must be a JSON object of reviewer name to stars, like {"Reviewer1":5}; got ${describeValue(value)}`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return 'ratings must name at least one reviewer';
  if (entries.length > MAX_REVIEWERS) {
    return `ratings may name at most ${MAX_REVIEWERS} reviewers; got ${entries.length}`;
  }
  for (const [name, stars] of entries) {
    if ([...name].length > MAX_REVIEWER_NAME_LENGTH || !REVIEWER_NAME.test(name)) {
      return (
        `reviewer name ${quoteName(name)} must be 1 to ${MAX_REVIEWER_NAME_LENGTH} letters, digits, inner spaces ` +
        `or . _ - ' and start with a letter or digit`
      );
    }
    if (!(isInt(stars) && min(stars, MIN_STARS) && max(stars, MAX_STARS))) {
      return (
        `rating of ${quoteName(name)} must be a whole number of stars from ${MIN_STARS} to ${MAX_STARS}; ` +
        `got ${describeValue(stars)}`
      );
    }
  }
  return undefined;
}

@ValidatorConstraint({ name: 'reviewerRatings' })
class ReviewerRatingsConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return findRatingsProblem(value) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return findRatingsProblem(args.value) ?? 'ratings are invalid';
  }
}

/**
 * The body of `POST /ratings/:id`. The whole JSON body is the map (upstream's wire format), so the
 * pipe wraps it in this class to validate it.
 */
export class RatingsDto {
  @Validate(ReviewerRatingsConstraint)
  readonly ratings: ReviewerRatings;
}
