import { hangUp, json, silent, text } from '@bookinfo/test-support';
import request from 'supertest';
import { DETAILS, RATINGS, REVIEWS_V2 } from './support/fixtures';
import { TEST_DEADLINE_MS, useProductpageWithBackends, withProductpage } from './support/productpage-app';

const PRODUCT_LIST = [
  {
    id: 0,
    title: 'The Comedy of Errors',
    descriptionHtml:
      '<a href="https://en.wikipedia.org/wiki/The_Comedy_of_Errors">Wikipedia Summary</a>: The Comedy of Errors is one of <b>William Shakespeare\'s</b> early plays. It is his shortest and one of his most farcical comedies, with a major part of the humour coming from slapstick and mistaken identity, in addition to puns and word play.',
  },
];

const DETAILS_ERROR = { error: 'Sorry, product details are currently unavailable for this book.' };
const REVIEWS_ERROR = { error: 'Sorry, product reviews are currently unavailable for this book.' };
const RATINGS_ERROR = { error: 'Sorry, product ratings are currently unavailable for this book.' };

/** The value of `request_result_total` for one label pair in a scrape (0 when absent). */
function requestResults(scrape: string, app: string, code: number): number {
  const line = scrape
    .split('\n')
    .find((candidate) =>
      candidate.startsWith(`request_result_total{destination_app="${app}",response_code="${code}"} `),
    );
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('JSON API, health, metrics and the landing page', () => {
  const harness = useProductpageWithBackends();

  const get = (path: string) => request(harness.app.getHttpServer()).get(path);

  describe('/api/v1/products', () => {
    it('lists the one book, as upstream', async () => {
      const response = await get('/api/v1/products').expect(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.body).toEqual(PRODUCT_LIST);
    });

    it('relays details, reviews and ratings JSON for an id', async () => {
      expect((await get('/api/v1/products/0').expect(200)).body).toEqual(DETAILS);
      expect((await get('/api/v1/products/0/reviews').expect(200)).body).toEqual(REVIEWS_V2);
      expect((await get('/api/v1/products/0/ratings').expect(200)).body).toEqual(RATINGS);
      expect(harness.backends.details.requests.map((hit) => hit.url)).toEqual(['/details/0']);
      expect(harness.backends.reviews.requests.map((hit) => hit.url)).toEqual(['/reviews/0']);
      expect(harness.backends.ratings.requests.map((hit) => hit.url)).toEqual(['/ratings/0']);
    });

    it('passes the id on as a plain number', async () => {
      await get('/api/v1/products/007').expect(200);
      await get('/api/v1/products/123456789012345/ratings').expect(200);
      expect(harness.backends.details.requests[0].url).toBe('/details/7');
      expect(harness.backends.ratings.requests[0].url).toBe('/ratings/123456789012345');
    });

    it('passes a backend 4xx/5xx status through with upstream error body', async () => {
      harness.backends.details.reset(json(555, { error: 'aborted' }));
      harness.backends.reviews.reset(json(404, {}));
      harness.backends.ratings.reset(json(503, {}));
      expect((await get('/api/v1/products/0').expect(555)).body).toEqual(DETAILS_ERROR);
      expect((await get('/api/v1/products/0/reviews').expect(404)).body).toEqual(REVIEWS_ERROR);
      expect((await get('/api/v1/products/0/ratings').expect(503)).body).toEqual(RATINGS_ERROR);
    });

    it('answers 500 with the error body when the backend is slow, broken or gone', async () => {
      harness.backends.details.reset(silent);
      harness.backends.reviews.reset(text(200, '<html>Internal Server Error</html>'));
      harness.backends.ratings.reset(hangUp);
      await withProductpage(harness.backends, { DETAILS_TIMEOUT_MS: TEST_DEADLINE_MS }, async (app) => {
        const get = (path: string) => request(app.getHttpServer()).get(path);
        expect((await get('/api/v1/products/0').expect(500)).body).toEqual(DETAILS_ERROR);
        expect((await get('/api/v1/products/0/reviews').expect(500)).body).toEqual(REVIEWS_ERROR);
        expect((await get('/api/v1/products/0/ratings').expect(500)).body).toEqual(RATINGS_ERROR);
      });
    });

    it('answers 500 for a 200 that is JSON but not an object, and for an unexpected status', async () => {
      harness.backends.details.reset(json(200, [1, 2]));
      harness.backends.ratings.reset(json(302, {}));
      expect((await get('/api/v1/products/0').expect(500)).body).toEqual(DETAILS_ERROR);
      expect((await get('/api/v1/products/0/ratings').expect(500)).body).toEqual(RATINGS_ERROR);
    });

    it.each(['abc', '-1', '0x1f', '1.5', '1e3', '%20', '1234567890123456', '０'])(
      'refuses id %s with a 400 and never calls a backend',
      async (id) => {
        for (const suffix of ['', '/reviews', '/ratings']) {
          const response = await get(`/api/v1/products/${id}${suffix}`).expect(400);
          expect(response.body).toEqual({
            statusCode: 400,
            error: 'Bad Request',
            message: 'product id must be a whole decimal number (digits only)',
          });
        }
        expect(harness.backends.details.requests).toHaveLength(0);
        expect(harness.backends.reviews.requests).toHaveLength(0);
        expect(harness.backends.ratings.requests).toHaveLength(0);
      },
    );

    it('answers 404 JSON for unknown paths and a trailing slash', async () => {
      for (const path of ['/api/v1/products/0/', '/api/v1/products/0/other', '/nothing-here']) {
        const response = await get(path).expect(404);
        expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      }
    });

    it('answers wrong methods with 405 and Allow', async () => {
      const response = await request(harness.app.getHttpServer()).post('/api/v1/products/0').expect(405);
      expect(response.headers['allow']).toBe('GET, HEAD');
      await request(harness.app.getHttpServer()).delete('/productpage').expect(405);
      await request(harness.app.getHttpServer()).put('/api/v1/products').expect(405);
    });
  });

  describe('/health', () => {
    it('answers upstream body as text/plain', async () => {
      const response = await get('/health').expect(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.text).toBe('Product page is healthy');
    });

    it('has liveness and readiness probes that do not depend on the backends', async () => {
      harness.backends.details.reset(json(500, {}));
      harness.backends.reviews.reset(json(500, {}));
      expect((await get('/health/live').expect(200)).body).toMatchObject({ status: 'ok' });
      expect((await get('/health/ready').expect(200)).body).toMatchObject({ status: 'ok' });
    });
  });

  describe('/metrics', () => {
    it('is Prometheus text with default process metrics', async () => {
      const response = await get('/metrics').expect(200);
      expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(response.text).toContain('# HELP request_result_total Results of requests');
      expect(response.text).toContain('# TYPE request_result_total counter');
      expect(response.text).toContain('process_cpu_user_seconds_total');
      expect(response.text).toContain('nodejs_eventloop_lag_seconds');
    });

    it('counts one result per backend answer: 200, the backend status, or 500', async () => {
      // Its own productpage, where ratings alone has a short deadline (the ratings stub is silent).
      await withProductpage(harness.backends, { RATINGS_TIMEOUT_MS: TEST_DEADLINE_MS }, async (app) => {
        const get = (path: string) => request(app.getHttpServer()).get(path);
        const before = (await get('/metrics')).text;
        await get('/productpage').expect(200);
        harness.backends.reviews.reset(json(503, {}));
        harness.backends.ratings.reset(silent);
        await get('/api/v1/products/0/reviews').expect(503);
        await get('/api/v1/products/0/ratings').expect(500);
        const after = (await get('/metrics')).text;
        const delta = (backend: string, code: number) =>
          requestResults(after, backend, code) - requestResults(before, backend, code);
        expect(delta('details', 200)).toBe(1);
        expect(delta('reviews', 200)).toBe(1);
        // Two tries, one result.
        expect(delta('reviews', 503)).toBe(1);
        expect(delta('ratings', 500)).toBe(1);
        expect(delta('ratings', 200)).toBe(0);
      });
    });
  });

  describe('landing page, / and /index.html', () => {
    it.each(['/', '/index.html'])('%s shows the service tree and the links', async (path) => {
      const response = await get(path).expect(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      const html = response.text;
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).toContain('<title>Simple Bookstore App</title>');
      expect(html).toContain(
        'Hello! This is a simple bookstore application consisting of three services as shown below',
      );
      expect(html).toMatch(
        /<strong>productpage<\/strong>[\s\S]*<strong>details<\/strong> <code>http:\/\/127\.0\.0\.1:\d+\/details\/&lt;id&gt;<\/code>[\s\S]*<strong>reviews<\/strong>[\s\S]*<strong>ratings<\/strong>/,
      );
      expect(html).toContain('<a href="productpage">');
      expect(html).toContain('<a href="api/v1/products">');
      expect(html).not.toContain('?u=');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    });
  });

  describe('/static', () => {
    it.each([
      ['/static/css/bookinfo.css', 'text/css; charset=utf-8', '.text-red-500'],
      ['/static/js/sign-in.js', 'application/javascript; charset=utf-8', 'showModal'],
      ['/static/img/avatar.svg', 'image/svg+xml', '<svg'],
      ['/static/img/logo.svg', 'image/svg+xml', '<svg'],
    ])('serves %s', async (path, type, content) => {
      const response = await get(path).buffer(true).parse((res, done) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => done(null, body));
      });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(String(response.body)).toContain(content);
    });

    it('answers 404 for a missing file, 403 for paths that climb out and 404 for an encoded slash', async () => {
      await get('/static/img/izzy.png').expect(404);
      // `..` (plain or percent-encoded) is refused outright; `%2f` is no separator, so that name is not found.
      for (const [path, status] of [
        ['/static/../config.ts', 403],
        ['/static/%2e%2e/config.ts', 403],
        ['/static/..%2fviews/index.hbs', 404],
      ] as const) {
        const response = await get(path);
        expect({ path, status: response.status }).toEqual({ path, status });
        expect(response.text).not.toContain('ProductpageConfig');
        expect(response.text).not.toContain('{{');
      }
    });
  });
});
