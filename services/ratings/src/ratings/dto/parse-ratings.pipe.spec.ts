import { BadRequestException } from '@nestjs/common';
import { ParseRatingsPipe } from './parse-ratings.pipe';

const pipe = new ParseRatingsPipe();

/** The 400 body the pipe produces for `body`, or undefined when it accepts it. */
function errorFor(body: unknown): unknown {
  try {
    pipe.transform(body);
  } catch (error) {
    if (error instanceof BadRequestException) return error.getResponse();
    throw error;
  }
  return undefined;
}

const reviewers = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`Reviewer${i}`, 3]));

describe('ParseRatingsPipe', () => {
  it.each([
    [{ Reviewer1: 5, Reviewer2: 4 }],
    [{ Reviewer1: 1 }],
    [{ 'Jane Doe': 3, "O'Brien": 2, 'a.b_c-d': 4, Zoë: 5, 山田: 1, '42': 2 }],
    [reviewers(50)],
    [{ ['x'.repeat(64)]: 5 }],
    [{ [`${'é'.repeat(63)}z`]: 5 }],
  ])('accepts %p unchanged', (body) => {
    expect(pipe.transform(body)).toEqual(body);
  });

  it.each([
    [undefined, 'ratings must be a JSON object of reviewer name to stars, like {"Reviewer1":5}; got no body'],
    [null, 'ratings must be a JSON object of reviewer name to stars, like {"Reviewer1":5}; got null'],
    [[1, 2, 'x'], 'ratings must be a JSON object of reviewer name to stars, like {"Reviewer1":5}; got an array'],
    ['Reviewer1', 'ratings must be a JSON object of reviewer name to stars, like {"Reviewer1":5}; got the string "Reviewer1"'],
    [5, 'ratings must be a JSON object of reviewer name to stars, like {"Reviewer1":5}; got number 5'],
    [true, 'ratings must be a JSON object of reviewer name to stars, like {"Reviewer1":5}; got boolean true'],
    [{}, 'ratings must name at least one reviewer'],
    [reviewers(51), 'ratings may name at most 50 reviewers; got 51'],
    [{ Bob: 0 }, 'rating of "Bob" must be a whole number of stars from 1 to 5; got number 0'],
    [{ Bob: 6 }, 'rating of "Bob" must be a whole number of stars from 1 to 5; got number 6'],
    [{ Bob: 1.5 }, 'rating of "Bob" must be a whole number of stars from 1 to 5; got number 1.5'],
    [{ Bob: -1 }, 'rating of "Bob" must be a whole number of stars from 1 to 5; got number -1'],
    [{ Bob: '5' }, 'rating of "Bob" must be a whole number of stars from 1 to 5; got the string "5"'],
    [{ Bob: null }, 'rating of "Bob" must be a whole number of stars from 1 to 5; got null'],
    [{ Bob: [5] }, 'rating of "Bob" must be a whole number of stars from 1 to 5; got an array'],
    [{ Bob: { stars: 5 } }, 'rating of "Bob" must be a whole number of stars from 1 to 5; got an object'],
    [{ Alice: 5, Bob: 9 }, 'rating of "Bob" must be a whole number of stars from 1 to 5; got number 9'],
  ])('refuses %p: %s', (body, message) => {
    expect(errorFor(body)).toEqual({ error: message });
  });

  const badName = (quoted: string) =>
    `reviewer name ${quoted} must be 1 to 64 letters, digits, inner spaces or . _ - ' and start with a letter or digit`;

  it.each([
    ['', '""'],
    [' Bob', '" Bob"'],
    ['Bob ', '"Bob "'],
    ['_hidden', '"_hidden"'],
    ['<script>', '"<script>"'],
    ['a\nb', '"a\\nb"'],
    ['Bob"; DROP TABLE ratings', '"Bob\\"; DROP TABLE ratings"'],
    ['x'.repeat(65), `"${'x'.repeat(40)}…"`],
  ])('refuses reviewer name %p, quoting at most 40 characters of it', (name, quoted) => {
    expect(errorFor({ [name]: 5 })).toEqual({ error: badName(quoted) });
  });
});
