/**
 * What a reader of the HTML (Istio's docs and test scripts grep it) can tell from /productpage.
 * Plain string and regex work on purpose: those scripts do the same.
 */
export type ReviewsVersion = 'v1' | 'v2' | 'v3';

export const REVIEW_TEXTS = {
  Reviewer1: 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!',
  Reviewer2:
    'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.',
} as const;

/** The ratings every local and Compose ratings serves for product 0. */
export const EXPECTED_STARS = { Reviewer1: 5, Reviewer2: 4 } as const;

const FILLED_STAR = 'id="glyphicon glyphicon-star"';

export function countOccurrences(html: string, needle: string): number {
  return html.split(needle).length - 1;
}

/** The reviews pod named after `Reviews served by:`, and the version its name says. */
export function reviewsPod(html: string): { pod: string; version: ReviewsVersion } | undefined {
  const match = /Reviews served by:(?:\s|<[^>]*>)*(reviews-(v[123])[\w.-]*)/.exec(html);
  return match ? { pod: match[1], version: match[2] as ReviewsVersion } : undefined;
}

export interface RenderedReview {
  reviewer: string;
  text: string;
  filledStars: number;
  colourClass: string | undefined;
  ratingError: boolean;
}

/** One entry per review on the page, in page order. */
export function renderedReviews(html: string): RenderedReview[] {
  return html
    .split(/<article\b/)
    .slice(1)
    .map((chunk) => chunk.slice(0, chunk.indexOf('</article>')))
    .map((chunk) => ({
      reviewer: /Reviewer\d+/.exec(chunk)?.[0] ?? '',
      text: /<blockquote[^>]*>"([^"]*)"<\/blockquote>/.exec(chunk)?.[1] ?? '',
      filledStars: countOccurrences(chunk, FILLED_STAR),
      colourClass: /\btext-(?:black|red)-500\b/.exec(chunk)?.[0],
      ratingError: chunk.includes('Ratings service is currently unavailable'),
    }));
}

/** Stars as each reviews version renders them: none (v1), 5 + 4 black (v2), 5 + 4 red (v3). */
export function expectedReviews(version: ReviewsVersion): RenderedReview[] {
  const colourClass = { v1: undefined, v2: 'text-black-500', v3: 'text-red-500' }[version];
  return (['Reviewer1', 'Reviewer2'] as const).map((reviewer) => ({
    reviewer,
    text: REVIEW_TEXTS[reviewer],
    filledStars: version === 'v1' ? 0 : EXPECTED_STARS[reviewer],
    colourClass,
    ratingError: false,
  }));
}

export function filledStarCount(html: string): number {
  return countOccurrences(html, FILLED_STAR);
}
