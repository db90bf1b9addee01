import request from 'supertest';
import { classifyPage } from '../../../tools/lib/soak.cjs';
import type { RunningStack } from '../../../tools/lib/supervisor.cjs';
import { startTestStack } from '../../../tools/lib/test-stack.cjs';
import { filledStarCount, renderedReviews } from './support/page';

/**
 * Backends going away one by one under the real productpage: the page keeps answering 200 with
 * upstream's fallback texts (what Istio's fault-injection task shows), never an error page.
 */

describe('the page when backends stop', () => {
  let stack: RunningStack;
  let page: () => Promise<string>;

  beforeAll(async () => {
    ({ stack } = await startTestStack({ logDir: 'tmp/system-tests/degradation', reviewsVersions: ['v2'] }));
    page = async () => (await request(stack.url('productpage')).get('/productpage').expect(200)).text;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('ratings down: both reviews still shown, each saying ratings are unavailable', async () => {
    await stack.get('ratings').stop();

    const html = await page();
    expect(renderedReviews(html).map(({ reviewer, ratingError, filledStars }) => ({ reviewer, ratingError, filledStars }))).toEqual([
      { reviewer: 'Reviewer1', ratingError: true, filledStars: 0 },
      { reviewer: 'Reviewer2', ratingError: true, filledStars: 0 },
    ]);
    // Upstream answers 500 when the backend cannot be reached (503 is allowed as the clearer code).
    expect(classifyPage(html)).toEqual({ kind: 'degraded', fallbacks: ['ratings'] });
    const api = await request(stack.url('productpage')).get('/api/v1/products/0/ratings');
    expect([500, 503]).toContain(api.status);
    expect(api.body).toEqual({ error: 'Sorry, product ratings are currently unavailable for this book.' });
  });

  it('reviews down too: the reviews error, with the book details still shown', async () => {
    await stack.get('reviews-v2').stop();

    const html = await page();
    expect(html).toContain('Error fetching product reviews');
    expect(html).toContain('<td>PublisherA</td>');
    expect(filledStarCount(html)).toBe(0);
    expect(classifyPage(html)).toEqual({ kind: 'degraded', fallbacks: ['reviews'] });
  });

  it('details down too: the details error, and still a 200 page with the book title', async () => {
    await stack.get('details').stop();

    const html = await page();
    expect(html).toContain('Error fetching product details');
    expect(html).toContain('Error fetching product reviews');
    expect(html).toContain('The Comedy of Errors');
    expect(classifyPage(html)).toEqual({ kind: 'degraded', fallbacks: ['details', 'reviews'] });
  });

  it('each backend started again: the full page, and none of the stops counted as a crash', async () => {
    for (const name of ['details', 'reviews-v2', 'ratings']) await stack.restart(name);

    const html = await page();
    expect(html).toContain('<td>PublisherA</td>');
    expect(filledStarCount(html)).toBe(9);
    expect(classifyPage(html)).toEqual({ kind: 'full', fallbacks: [] });
    expect(stack.unexpectedExits).toEqual([]);
  });
});
