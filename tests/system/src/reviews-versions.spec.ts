import request from 'supertest';
import type { RunningStack } from '../../../tools/lib/supervisor.cjs';
import { startTestStack } from '../../../tools/lib/test-stack.cjs';
import { EXPECTED_STARS, expectedReviews, filledStarCount, renderedReviews, reviewsPod, type ReviewsVersion } from './support/page';

/**
 * Each reviews version behind its own productpage, as the local stack runs them: the stars Istio's
 * tasks count for v1, v2 and v3, and the ratings passed through reviews into the JSON API.
 */
describe('the three reviews versions through the page and the API', () => {
  let stack: RunningStack | undefined;
  let productpageByVersion: Record<ReviewsVersion, string>;

  beforeAll(async () => {
    const started = await startTestStack({ logDir: 'tmp/system-tests/reviews-versions' });
    stack = started.stack;
    productpageByVersion = started.productpageByVersion;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(['v1', 'v2', 'v3'] as const)('reviews %s: the stars Istio tasks count', async (version) => {
    const html = (await request(productpageByVersion[version]).get('/productpage').expect(200)).text;

    expect(reviewsPod(html)).toEqual({ pod: `reviews-${version}-local`, version });
    expect(renderedReviews(html)).toEqual(expectedReviews(version));
    // Istio's docs and scripts grep for this marker: 5 + 4 filled stars, none for v1.
    expect(filledStarCount(html)).toBe(version === 'v1' ? 0 : EXPECTED_STARS.Reviewer1 + EXPECTED_STARS.Reviewer2);
    expect(html).not.toContain(version === 'v3' ? 'text-black-500' : 'text-red-500');
  });

  it('passes the ratings through reviews v2 into the reviews API', async () => {
    const reviews = await request(productpageByVersion.v2).get('/api/v1/products/0/reviews').expect(200);
    expect(reviews.body.podname).toBe('reviews-v2-local');
    expect(reviews.body.reviews.map((review: { rating: unknown }) => review.rating)).toEqual([
      { stars: 5, color: 'black' },
      { stars: 4, color: 'black' },
    ]);
  });
});
