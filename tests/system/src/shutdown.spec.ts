import { delayed, freePort, json, StubServer } from '@bookinfo/test-support';
import request from 'supertest';
import { productpageSpec, reviewsSpec } from '../../../tools/lib/plan.cjs';
import { launch, probe, sleep, type RunningStack } from '../../../tools/lib/supervisor.cjs';

/**
 * SIGTERM while a request is in flight (its upstream is slow): readiness turns 503 at once, the
 * request still completes with its full answer, and the process exits 0. Run on the real builds,
 * against a slow stub upstream, so the request is reliably in flight when the signal arrives.
 */
const UPSTREAM_DELAY_MS = 2000;
const SHUTDOWN_DELAY_MS = '1000';

/**
 * The signal is handled asynchronously by the child: poll readiness until it reports draining
 * (well within SHUTDOWN_DELAY_MS, while the listener still accepts connections).
 */
async function expectReadinessToFail(url: string): Promise<void> {
  const deadline = Date.now() + Number(SHUTDOWN_DELAY_MS) / 2;
  let status = await probe(`${url}/health/ready`, 500);
  while (status !== 503 && Date.now() < deadline) {
    await sleep(20);
    status = await probe(`${url}/health/ready`, 500);
  }
  expect(status).toBe(503);
}

describe('graceful shutdown of the built services', () => {
  const stubs: StubServer[] = [];
  let stack: RunningStack | undefined;

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
    await Promise.all(stubs.splice(0).map((stub) => stub.close()));
  });

  it('reviews v2 finishes a request waiting on a slow ratings, then exits 0', async () => {
    const ratings = await StubServer.start(delayed(UPSTREAM_DELAY_MS, json(200, { id: 0, ratings: { Reviewer1: 5, Reviewer2: 4 } })));
    stubs.push(ratings);
    const port = await freePort();
    stack = await launch(
      [
        reviewsSpec('v2', {
          host: '127.0.0.1',
          port,
          ratings: { host: '127.0.0.1', port: ratings.port },
          env: { SHUTDOWN_DELAY_MS, LOG_LEVEL: 'warn' },
        }),
      ],
      { logDir: 'tmp/system-tests/shutdown' },
    );
    const reviews = stack.get('reviews-v2');

    const arrived = ratings.nextRequest();
    const inFlight = request(reviews.url).get('/reviews/0').then((response) => response);
    await arrived;
    reviews.kill('SIGTERM');
    await expectReadinessToFail(reviews.url);

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.body.reviews.map((review: { rating: unknown }) => review.rating)).toEqual([
      { stars: 5, color: 'black' },
      { stars: 4, color: 'black' },
    ]);
    expect(await reviews.exited).toEqual({ code: 0, signal: null });
  });

  it('productpage finishes a page waiting on a slow details, then exits 0', async () => {
    const details = await StubServer.start(
      delayed(
        UPSTREAM_DELAY_MS,
        json(200, { id: 0, author: 'William Shakespeare', year: 1595, type: 'paperback', pages: 200, publisher: 'PublisherA', language: 'English', 'ISBN-10': '1234567890', 'ISBN-13': '123-1234567890' }),
      ),
    );
    const reviews = await StubServer.start(
      json(200, { id: '0', podname: 'reviews-v1-stub', clustername: 'null', reviews: [{ reviewer: 'Reviewer1', text: 'Fine.' }] }),
    );
    stubs.push(details, reviews);
    const port = await freePort();
    stack = await launch(
      [
        productpageSpec({
          host: '127.0.0.1',
          port,
          details: { host: '127.0.0.1', port: details.port },
          reviews: { host: '127.0.0.1', port: reviews.port },
          ratings: { host: '127.0.0.1', port: reviews.port },
          env: { SHUTDOWN_DELAY_MS, LOG_LEVEL: 'warn' },
        }),
      ],
      { logDir: 'tmp/system-tests/shutdown' },
    );
    const productpage = stack.get('productpage');

    const arrived = details.nextRequest();
    const inFlight = request(productpage.url).get('/productpage').then((response) => response);
    await arrived;
    productpage.kill('SIGTERM');
    await expectReadinessToFail(productpage.url);

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.text).toContain('<td>PublisherA</td>');
    expect(response.text).toContain('reviews-v1-stub');
    expect(await productpage.exited).toEqual({ code: 0, signal: null });
  });
});
