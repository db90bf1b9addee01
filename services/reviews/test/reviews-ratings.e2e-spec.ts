import { PROPAGATED_HEADERS } from '@bookinfo/service-kit';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { freePort, hangUp, json, silent, type StubHandler, StubServer } from '@bookinfo/test-support';
import { createTestApp } from './support/test-app';

/** The deadline of the tests about it; the ratings stub is then silent, so only the deadline ends the call. */
const TEST_DEADLINE_MS = 1_000;
const UNAVAILABLE = { error: 'Ratings service is currently unavailable' };
const REVIEWER1 = 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!';
const REVIEWER2 =
  'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.';

const withStars = (ratings: Record<string, unknown>): StubHandler => json(200, { id: 0, ratings });
const DEFAULT_RATINGS = withStars({ Reviewer1: 5, Reviewer2: 4 });

/** One distinct value per propagated header, so a mix-up or a missing one shows. */
const INCOMING: Record<string, string> = Object.fromEntries(
  PROPAGATED_HEADERS.map((name, index) => [name, `value-${index}-${name}`]),
);
Object.assign(INCOMING, {
  'x-request-id': '3a4c6c2a-1f0e-4d6b-9a53-0e6c1f3b2d11',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  'x-b3-traceid': '80f198ee56343ba864fe8b2a57d3eff7',
  'x-b3-spanid': 'e457b5a2e4d86bd1',
  'x-b3-parentspanid': '05e3ac9a4f6e3b90',
  'x-b3-sampled': '1',
  'x-b3-flags': '0',
  'end-user': 'jason',
  'user-agent': 'Mozilla/5.0 (bookinfo-test)',
  cookie: 'session=abc; theme=dark',
  authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
});

const ratingsOf = (body: { reviews: { rating?: unknown }[] }) => body.reviews.map((review) => review.rating);

function ratingsEnv(stub: StubServer, env: Record<string, string>): Record<string, string> {
  return { RATINGS_HOSTNAME: '127.0.0.1', RATINGS_SERVICE_PORT: String(stub.port), ...env };
}

/**
 * The jest hooks of a `describe`: a ratings stub answering `handler`, and a reviews app started
 * with `env` and pointed at it. Read `ratings` and `app` inside tests (they exist once `beforeAll` ran).
 */
function useReviewsWithRatings(handler: StubHandler, env: Record<string, string>) {
  const harness = {} as { ratings: StubServer; app: NestFastifyApplication };
  beforeAll(async () => {
    harness.ratings = await StubServer.start(handler);
    harness.app = await createTestApp(ratingsEnv(harness.ratings, env));
  });
  afterAll(async () => {
    await harness.app?.close();
    await harness.ratings?.close();
  });
  return harness;
}

describe('reviews v2 (black stars)', () => {
  // v2's own ratings deadline (10 s): no answer of the stub comes near it.
  const harness = useReviewsWithRatings(DEFAULT_RATINGS, { ENABLE_RATINGS: 'true', STAR_COLOR: 'black' });

  const getReviews = (path = '/reviews/0') => request(harness.app.getHttpServer()).get(path).expect(200);

  it('adds black stars 5 and 4 from ratings, in upstream key order', async () => {
    harness.ratings.reset(DEFAULT_RATINGS);
    const response = await getReviews();
    expect(response.text).toBe(
      '{"id":"0","podname":"reviews-test-pod","clustername":"null","reviews":[' +
        `{"reviewer":"Reviewer1","text":"${REVIEWER1}","rating":{"stars":5,"color":"black"}},` +
        `{"reviewer":"Reviewer2","text":"${REVIEWER2}","rating":{"stars":4,"color":"black"}}]}`,
    );
    expect(harness.ratings.requests).toHaveLength(1);
    expect(harness.ratings.requests[0]).toMatchObject({ method: 'GET', url: '/ratings/0' });
    expect(harness.ratings.requests[0].headers['accept']).toBe('application/json');
  });

  it('asks ratings for the normalised id', async () => {
    harness.ratings.reset(DEFAULT_RATINGS);
    const response = await getReviews('/reviews/007');
    expect(response.body.id).toBe('7');
    expect(harness.ratings.requests.map((seen) => seen.url)).toEqual(['/ratings/7']);
  });

  it('passes all 20 propagated headers to ratings with their exact values', async () => {
    harness.ratings.reset(DEFAULT_RATINGS);
    await request(harness.app.getHttpServer()).get('/reviews/1').set(INCOMING).expect(200);
    const received = harness.ratings.requests[0].headers;
    expect(PROPAGATED_HEADERS).toHaveLength(20);
    for (const name of PROPAGATED_HEADERS) {
      expect({ name, value: received[name] }).toEqual({ name, value: INCOMING[name] });
    }
  });

  it('keeps concurrent requests apart (each call carries its own request headers)', async () => {
    harness.ratings.reset(DEFAULT_RATINGS);
    const users = Array.from({ length: 25 }, (_, index) => `user-${index}`);
    await Promise.all(
      users.map((user, index) =>
        request(harness.app.getHttpServer())
          .get(`/reviews/${index}`)
          .set({ 'end-user': user, 'x-request-id': `id-${index}` })
          .expect(200),
      ),
    );
    expect(harness.ratings.requests).toHaveLength(users.length);
    for (const seen of harness.ratings.requests) {
      const index = seen.url.replace('/ratings/', '');
      expect(seen.headers).toMatchObject({ 'end-user': `user-${index}`, 'x-request-id': `id-${index}` });
    }
  });

  it('tolerates 0 stars and ignores reviewers it does not show', async () => {
    harness.ratings.reset(json(200, { id: 0, ratings: { Reviewer1: 0, Reviewer2: 3, Reviewer3: 'x' } }));
    const response = await getReviews();
    expect(ratingsOf(response.body)).toEqual([
      { stars: 0, color: 'black' },
      { stars: 3, color: 'black' },
    ]);
  });

  /** A failure that costs both reviewers their stars. */
  const whole = (handler: StubHandler) => [handler, UNAVAILABLE, UNAVAILABLE] as const;

  it.each([
    ['status 500', ...whole(json(500, { error: 'boom' }))],
    ['status 503 (ratings v-unavailable)', ...whole(json(503, { error: 'Service unavailable' }))],
    ['status 404', ...whole(json(404, { error: 'Not found' }))],
    ['status 302', ...whole(json(302, ''))],
    ['malformed JSON', ...whole(json(200, '{"ratings": {"Reviewer1": 5'))],
    ['an HTML page', ...whole(json(200, '<html>oops</html>'))],
    ['an empty body', ...whole(json(200, ''))],
    ['a JSON array', ...whole(json(200, [5, 4]))],
    ['no ratings key', ...whole(json(200, { id: 0 }))],
    ['ratings as a string', ...whole(json(200, { id: 0, ratings: 'five' }))],
    ['ratings as an array', ...whole(json(200, { id: 0, ratings: [5, 4] }))],
    ['ratings null', ...whole(json(200, { id: 0, ratings: null }))],
    ['Reviewer2 missing', withStars({ Reviewer1: 5 }), { stars: 5, color: 'black' }, UNAVAILABLE],
    ['Reviewer1 stars as text', withStars({ Reviewer1: '5', Reviewer2: 4 }), UNAVAILABLE, { stars: 4, color: 'black' }],
    ['Reviewer1 stars 4.5', withStars({ Reviewer1: 4.5, Reviewer2: 4 }), UNAVAILABLE, { stars: 4, color: 'black' }],
    ['Reviewer2 stars 6', withStars({ Reviewer1: 5, Reviewer2: 6 }), { stars: 5, color: 'black' }, UNAVAILABLE],
    ['Reviewer2 stars -1', withStars({ Reviewer1: 5, Reviewer2: -1 }), { stars: 5, color: 'black' }, UNAVAILABLE],
    ['stars null and an object', withStars({ Reviewer1: null, Reviewer2: { stars: 4 } }), UNAVAILABLE, UNAVAILABLE],
    ['an empty ratings object', withStars({}), UNAVAILABLE, UNAVAILABLE],
    ['a cut connection', ...whole(hangUp)],
  ])('answers 200 and degrades per reviewer when ratings gives %s', async (_case, handler, rating1, rating2) => {
    harness.ratings.reset(handler);
    const response = await getReviews();
    // The text itself: key order and every field survive the route's response schema.
    expect(response.text).toBe(
      JSON.stringify({
        id: '0',
        podname: 'reviews-test-pod',
        clustername: 'null',
        reviews: [
          { reviewer: 'Reviewer1', text: REVIEWER1, rating: rating1 },
          { reviewer: 'Reviewer2', text: REVIEWER2, rating: rating2 },
        ],
      }),
    );
    expect(harness.ratings.requests).toHaveLength(1); // no retry
  });

  it('logs why ratings was unusable', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      harness.ratings.reset(json(503, {}));
      await getReviews('/reviews/5');
      expect(warn).toHaveBeenCalledWith({
        msg: 'unable to contact ratings: got status 503',
        url: `${harness.ratings.origin}/ratings/5`,
      });
    } finally {
      warn.mockRestore();
    }
  });
});

describe('reviews v2 when ratings is slower than the deadline', () => {
  const harness = useReviewsWithRatings(silent, {
    ENABLE_RATINGS: 'true',
    STAR_COLOR: 'black',
    RATINGS_TIMEOUT_MS: String(TEST_DEADLINE_MS),
  });

  const getReviews = () => request(harness.app.getHttpServer()).get('/reviews/0').expect(200);

  it('answers 200 with both reviews unavailable when ratings does not answer in time', async () => {
    harness.ratings.reset(silent);
    const response = await getReviews();
    expect(ratingsOf(response.body)).toEqual([UNAVAILABLE, UNAVAILABLE]);
    expect(harness.ratings.requests).toHaveLength(1);
  });

  it('gives up on a ratings that sends headers and then stalls the body', async () => {
    harness.ratings.reset((_incoming, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"ratings": {');
    });
    const response = await getReviews();
    expect(ratingsOf(response.body)).toEqual([UNAVAILABLE, UNAVAILABLE]);
  });
});

describe('reviews v3 (red stars)', () => {
  const harness = useReviewsWithRatings(DEFAULT_RATINGS, { ENABLE_RATINGS: 'true', STAR_COLOR: 'red' });

  it('colours the stars red', async () => {
    const response = await request(harness.app.getHttpServer()).get('/reviews/0').expect(200);
    expect(ratingsOf(response.body)).toEqual([
      { stars: 5, color: 'red' },
      { stars: 4, color: 'red' },
    ]);
    expect(harness.ratings.requests).toHaveLength(1);
  });
});

describe('reviews v2 with ratings down', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    // Nothing listens on a free port, so the connection is refused at once.
    const port = await freePort();
    app = await createTestApp({ ENABLE_RATINGS: 'true', RATINGS_HOSTNAME: '127.0.0.1', RATINGS_SERVICE_PORT: String(port) });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 200 with every reviewer marked unavailable', async () => {
    const response = await request(app.getHttpServer()).get('/reviews/0').expect(200);
    expect(response.body.reviews).toEqual([
      { reviewer: 'Reviewer1', text: REVIEWER1, rating: UNAVAILABLE },
      { reviewer: 'Reviewer2', text: REVIEWER2, rating: UNAVAILABLE },
    ]);
  });

  it('stays healthy and ready: ratings is optional for reviews', async () => {
    await request(app.getHttpServer()).get('/health').expect(200, { status: 'Reviews is healthy' });
    await request(app.getHttpServer()).get('/health/ready').expect(200);
  });
});
