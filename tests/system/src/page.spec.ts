import request from 'supertest';
import type { RunningStack } from '../../../tools/lib/supervisor.cjs';
import { startTestStack } from '../../../tools/lib/test-stack.cjs';
import {
  EXPECTED_STARS,
  REVIEW_TEXTS,
  expectedReviews,
  filledStarCount,
  renderedReviews,
  reviewsPod,
  type ReviewsVersion,
} from './support/page';
import { bookinfoUrlFromEnv } from './support/target';

/**
 * What a user and Istio's scripts see of the whole app: the page, the sign-in, the JSON API.
 * Locally: the real built services, started as `npm start` starts them. With BOOKINFO_URL: any
 * running Bookinfo (Docker Compose), where reviews may rotate between v1, v2 and v3; this is the
 * one suite that runs then (tests/system/jest.config.cts).
 */
const external = bookinfoUrlFromEnv();

const DETAILS = {
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

describe(`Bookinfo over HTTP (${external ?? 'services started by this test'})`, () => {
  let stack: RunningStack | undefined;
  let baseUrl: string;
  let productpageByVersion: Record<ReviewsVersion, string>;

  beforeAll(async () => {
    if (external) {
      baseUrl = external;
      return;
    }
    const started = await startTestStack({ logDir: 'tmp/system-tests/page' });
    stack = started.stack;
    productpageByVersion = started.productpageByVersion;
    baseUrl = productpageByVersion.v2;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('serves the product page: title, book, details table and both reviews', async () => {
    const response = await request(baseUrl).get('/productpage').expect(200);

    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const html = response.text;
    expect(html).toContain('<title>Simple Bookstore App</title>');
    expect(html).toContain('The Comedy of Errors');
    for (const heading of ['ISBN-10', 'Publisher', 'Pages', 'Type', 'Language']) {
      expect(html).toContain(`>${heading}</th>`);
    }
    for (const cell of ['1234567890', 'PublisherA', '200', 'paperback', 'English']) {
      expect(html).toContain(`<td>${cell}</td>`);
    }
    expect(html).not.toContain('Error fetching product details');
    expect(html).not.toContain('Error fetching product reviews');
    expect(renderedReviews(html).map(({ reviewer, text }) => ({ reviewer, text }))).toEqual([
      { reviewer: 'Reviewer1', text: REVIEW_TEXTS.Reviewer1 },
      { reviewer: 'Reviewer2', text: REVIEW_TEXTS.Reviewer2 },
    ]);
    expect(reviewsPod(html)).toBeDefined();
  });

  it('sends the page with a strict Content-Security-Policy, and answers HEAD', async () => {
    const response = await request(baseUrl).get('/productpage').expect(200);

    const policy = String(response.headers['content-security-policy'] ?? '');
    const scriptSources = /(?:^|;)\s*script-src ([^;]*)/.exec(policy)?.[1] ?? '';
    expect(scriptSources).toContain("'self'");
    expect(scriptSources).not.toContain('unsafe-inline');
    expect(policy).toMatch(/frame-ancestors/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    await request(baseUrl).head('/productpage').expect(200);
  });

  it('shows the stars of whichever reviews version served the page', async () => {
    // Behind a load balancer each request may reach another version: check several.
    const versionsSeen = new Set<ReviewsVersion>();
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const html = (await request(baseUrl).get('/productpage').expect(200)).text;
      const served = reviewsPod(html);
      expect(served).toBeDefined();
      const version = (served as { version: ReviewsVersion }).version;
      versionsSeen.add(version);
      expect({ pod: served?.pod, reviews: renderedReviews(html) }).toEqual({
        pod: served?.pod,
        reviews: expectedReviews(version),
      });
      expect(filledStarCount(html)).toBe(version === 'v1' ? 0 : 9);
    }
    if (!external) expect([...versionsSeen]).toEqual(['v2']);
  });

  it('signs jason in with a session cookie, shows his name, and signs him out', async () => {
    const signedOut = (await request(baseUrl).get('/productpage').expect(200)).text;
    expect(signedOut).toContain('id="sign-in-button"');
    expect(signedOut).not.toContain('id="signed-in-user"');

    const login = await request(baseUrl)
      .post('/login')
      .set('Referer', `${baseUrl}/productpage`)
      .type('form')
      .send({ username: 'jason', passwd: 'anything' })
      .expect(302);
    expect(new URL(login.headers['location'], baseUrl).pathname).toBe('/productpage');
    const cookies = [login.headers['set-cookie'] ?? []].flat();
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.join('\n')).toMatch(/HttpOnly/i);
    const cookieHeader = cookies.map((cookie) => cookie.split(';')[0]).join('; ');

    const signedIn = await request(baseUrl).get('/productpage').set('Cookie', cookieHeader).expect(200);
    expect(signedIn.text).toMatch(/id="signed-in-user"[^>]*>\s*jason\s*</);
    expect(signedIn.text).toContain('id="sign-out"');
    // The page depends on the session: shared caches must not serve jason's page to others.
    expect(signedIn.headers['vary'] ?? '').toMatch(/cookie/i);

    const logout = await request(baseUrl)
      .get('/logout')
      .set('Cookie', cookieHeader)
      .set('Referer', `${baseUrl}/productpage`)
      .expect(302);
    const cleared = [logout.headers['set-cookie'] ?? []].flat().map((cookie) => cookie.split(';')[0]).join('; ');
    const afterLogout = await request(baseUrl).get('/productpage').set('Cookie', cleared).expect(200);
    expect(afterLogout.text).toContain('id="sign-in-button"');
    expect(afterLogout.text).not.toContain('id="signed-in-user"');
  });

  it('treats a tampered session cookie as signed out', async () => {
    const login = await request(baseUrl).post('/login').type('form').send({ username: 'jason' }).expect(302);
    const [name, value] = [login.headers['set-cookie'] ?? []].flat()[0].split(';')[0].split('=');
    const tampered = `${name}=${value.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'))}`;

    const page = await request(baseUrl).get('/productpage').set('Cookie', tampered).expect(200);
    expect(page.text).not.toContain('id="signed-in-user"');
  });

  it('answers the JSON API with upstream bodies', async () => {
    const products = await request(baseUrl).get('/api/v1/products').expect(200).expect('content-type', /json/);
    expect(products.body).toEqual([
      expect.objectContaining({ id: 0, title: 'The Comedy of Errors', descriptionHtml: expect.stringContaining('Wikipedia Summary') }),
    ]);

    const details = await request(baseUrl).get('/api/v1/products/0').expect(200).expect('content-type', /json/);
    expect(details.body).toEqual(DETAILS);

    const reviews = await request(baseUrl).get('/api/v1/products/0/reviews').expect(200).expect('content-type', /json/);
    expect(reviews.body).toMatchObject({ id: '0', podname: expect.stringMatching(/^reviews-v[123]/) });
    expect(reviews.body.reviews.map((review: { reviewer: string; text: string }) => [review.reviewer, review.text])).toEqual(
      Object.entries(REVIEW_TEXTS),
    );

    const ratings = await request(baseUrl).get('/api/v1/products/0/ratings').expect(200).expect('content-type', /json/);
    expect(ratings.body).toEqual({ id: 0, ratings: EXPECTED_STARS });
  });

  it('rejects a non-numeric product id with a 400 JSON error', async () => {
    const response = await request(baseUrl).get('/api/v1/products/abc').expect(400).expect('content-type', /json/);
    expect(response.body).toEqual(expect.objectContaining({ error: expect.any(String) }));
  });

  it('answers /health with upstream body and the probes', async () => {
    const health = await request(baseUrl).get('/health').expect(200);
    expect(health.text).toBe('Product page is healthy');
    await request(baseUrl).get('/health/live').expect(200);
    await request(baseUrl).get('/health/ready').expect(200);
  });
});
