/** Backend answers shaped like the real details and reviews services (upstream's data). */
export const DETAILS = {
  id: 0,
  author: 'William Shakespeare',
  year: 1595,
  type: 'paperback',
  pages: 200,
  publisher: 'PublisherA',
  language: 'English',
  'ISBN-10': '1234567890',
  'ISBN-13': '123-1234567890',
};

const REVIEW_TEXTS = {
  Reviewer1: 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!',
  Reviewer2:
    'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.',
};

type Rating = { stars: number; color: string } | { error: string } | undefined;

export function reviewsBody(podname: string, ratings: [Rating, Rating], clustername = 'null') {
  return {
    id: '0',
    podname,
    clustername,
    reviews: (['Reviewer1', 'Reviewer2'] as const).map((reviewer, index) => ({
      reviewer,
      text: REVIEW_TEXTS[reviewer],
      ...(ratings[index] ? { rating: ratings[index] } : {}),
    })),
  };
}

export const REVIEWS_V1 = reviewsBody('reviews-v1-5c4b7d9f8-abcde', [undefined, undefined]);
export const REVIEWS_V2 = reviewsBody('reviews-v2-6f8d9c7b5-fghij', [
  { stars: 5, color: 'black' },
  { stars: 4, color: 'black' },
]);
export const REVIEWS_V3 = reviewsBody(
  'reviews-v3-7d9c8b6f4-klmno',
  [
    { stars: 5, color: 'red' },
    { stars: 4, color: 'red' },
  ],
  'east-1',
);
export const REVIEWS_RATINGS_DOWN = reviewsBody('reviews-v2-6f8d9c7b5-fghij', [
  { error: 'Ratings service is currently unavailable' },
  { error: 'Ratings service is currently unavailable' },
]);

export const RATINGS = { id: 0, ratings: { Reviewer1: 5, Reviewer2: 4 } };

/** Counts `needle` in `haystack`. */
export function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}
