import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { MAIN_SCRIPT, NODE_ENV_FILE, ROOT } from '../../../tools/lib/plan.cjs';
import type { RunningStack } from '../../../tools/lib/supervisor.cjs';
import { startTestStack } from '../../../tools/lib/test-stack.cjs';

/** Each service of `npm start` on its own, and the request id joining their logs. */
const LOG_DIR = 'tmp/system-tests/services';

describe('every service of the local stack', () => {
  let stack: RunningStack;

  beforeAll(async () => {
    // A NODE_OPTIONS in the caller's environment would win over each service's node.env: the
    // launcher must drop it (checked below).
    const callers = process.env['NODE_OPTIONS'];
    process.env['NODE_OPTIONS'] = '--max-semi-space-size=1';
    try {
      ({ stack } = await startTestStack({ logDir: LOG_DIR, reviewsVersions: ['v2'] }));
    } finally {
      if (callers === undefined) delete process.env['NODE_OPTIONS'];
      else process.env['NODE_OPTIONS'] = callers;
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each([
    ['details', { status: 'Details is healthy' }],
    ['reviews-v1', { status: 'Reviews is healthy' }],
    ['reviews-v2', { status: 'Reviews is healthy' }],
    ['reviews-v3', { status: 'Reviews is healthy' }],
    ['ratings', { status: 'Ratings is healthy' }],
  ])('%s answers /health with upstream body and its probes', async (name, body) => {
    const url = stack.url(name);
    const health = await request(url).get('/health').expect(200).expect('content-type', /json/);
    expect(health.body).toEqual(body);
    await request(url).get('/health/live').expect(200);
    await request(url).get('/health/ready').expect(200);
  });

  it.each([
    ['productpage', '/productpage', '/productpage'],
    ['details', '/details/0', '/details/:id'],
    ['reviews-v2', '/reviews/0', '/reviews/:id'],
    ['ratings', '/ratings/0', '/ratings/:id'],
  ])('%s answers /metrics with the request histogram by route pattern', async (name, path, route) => {
    const url = stack.url(name);
    await request(url).get(path).expect(200);
    const metrics = await request(url).get('/metrics').expect(200).expect('content-type', /^text\/plain; version=0\.0\.4/);
    expect(metrics.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(metrics.text).toMatch(new RegExp(`^http_request_duration_seconds_bucket\\{le="\\+Inf",route="${route}",method="GET",status="200"\\} [1-9]`, 'm'));
    expect(metrics.text).toContain('# TYPE http_client_requests_total counter');
  });

  it("starts every service as `node --env-file=<its node.env> <its build>`, with no inherited NODE_OPTIONS", () => {
    for (const service of stack.processes) {
      const { name, spec } = service;
      const argv = readFileSync(`/proc/${service.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const environment = readFileSync(`/proc/${service.pid}/environ`, 'utf8').split('\0');
      expect({ name, args: argv.slice(1), nodeOptions: environment.filter((entry) => entry.startsWith('NODE_OPTIONS=')) }).toEqual({
        name,
        args: [`--env-file=${NODE_ENV_FILE.replace('<project>', spec.project)}`, MAIN_SCRIPT.replace('<project>', spec.project)],
        nodeOptions: [],
      });
    }
  });

  it('productpage answers /health with upstream text and its probes', async () => {
    const url = stack.url('productpage');
    expect((await request(url).get('/health').expect(200)).text).toBe('Product page is healthy');
    await request(url).get('/health/live').expect(200);
    await request(url).get('/health/ready').expect(200);
  });

  it('serves the backends at the wired ports with upstream bodies', async () => {
    await request(stack.url('details')).get('/details/0').expect(200, {
      id: 0,
      author: 'William Shakespeare',
      year: 1595,
      type: 'paperback',
      pages: 200,
      publisher: 'PublisherA',
      language: 'English',
      'ISBN-10': '1234567890',
      'ISBN-13': '123-1234567890',
    });
    await request(stack.url('ratings')).get('/ratings/0').expect(200, { id: 0, ratings: { Reviewer1: 5, Reviewer2: 4 } });
    const v1 = await request(stack.url('reviews-v1')).get('/reviews/0').expect(200);
    expect(v1.body).toMatchObject({ id: '0', podname: 'reviews-v1-local', clustername: 'null' });
    expect(v1.body.reviews.every((review: object) => !('rating' in review))).toBe(true);
    const v3 = await request(stack.url('reviews-v3')).get('/reviews/0').expect(200);
    expect(v3.body.reviews.map((review: { rating: unknown }) => review.rating)).toEqual([
      { stars: 5, color: 'red' },
      { stars: 4, color: 'red' },
    ]);
  });

  // Last on purpose: it stops the stack, because the services buffer their logs until they exit.
  it('carries one x-request-id through the chain, then every service stops cleanly on SIGTERM', async () => {
    const requestId = `system-test-${randomUUID()}`;
    // Tracing is off here: each service logs the trace id the request came with.
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const page = await request(stack.url('productpage'))
      .get('/productpage')
      .set({ 'x-request-id': requestId, traceparent: `00-${traceId}-00f067aa0ba902b7-01` })
      .expect(200);
    expect(page.headers['x-request-id']).toBe(requestId);

    const stopped = await stack.stop();
    expect(stopped).toEqual(
      ['productpage', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'ratings', 'details'].map((name) => ({
        name,
        status: { code: 0, signal: null },
      })),
    );
    // Each service logged the request it served with the ids it received.
    const logged = ['productpage', 'details', 'reviews-v2', 'ratings'].filter((name) =>
      readFileSync(join(ROOT, LOG_DIR, `${name}.log`), 'utf8')
        .split('\n')
        .some((line) => line.includes(`"requestId":"${requestId}","traceId":"${traceId}"`)),
    );
    expect(logged).toEqual(['productpage', 'details', 'reviews-v2', 'ratings']);
  });
});
