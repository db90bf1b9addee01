import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { json, StubServer } from '@bookinfo/test-support';
import { createTestApp } from './support/test-app';

const REVIEWER1 = 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!';
const REVIEWER2 =
  'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.';

/** Upstream's v1 body (§4.3) with Nest's compact JSON whitespace: same keys, values and order. */
const v1Body = (id: string, podname = 'reviews-test-pod', clustername = 'null') =>
  `{"id":"${id}","podname":"${podname}","clustername":"${clustername}","reviews":[` +
  `{"reviewer":"Reviewer1","text":"${REVIEWER1}"},{"reviewer":"Reviewer2","text":"${REVIEWER2}"}]}`;

describe('reviews v1 (no ratings)', () => {
  let ratings: StubServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    // A reachable ratings, so that "no call" is v1's choice, not a failed connection.
    ratings = await StubServer.start(json(200, { id: 0, ratings: { Reviewer1: 5, Reviewer2: 4 } }));
    app = await createTestApp({ RATINGS_HOSTNAME: '127.0.0.1', RATINGS_SERVICE_PORT: String(ratings.port) });
  });

  afterAll(async () => {
    await app.close();
    await ratings.close();
  });

  it('answers upstream body without ratings and never calls ratings', async () => {
    const response = await request(app.getHttpServer()).get('/reviews/0').set('end-user', 'jason').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.text).toBe(v1Body('0'));
    await request(app.getHttpServer()).get('/reviews/1').expect(200);
    expect(ratings.requests).toHaveLength(0);
  });

  it.each([
    ['007', '7'],
    ['-1', '-1'],
    ['-0', '0'],
    ['2147483647', '2147483647'],
    ['-2147483648', '-2147483648'],
  ])('reads id %s as the integer %s, like JAX-RS', async (raw, id) => {
    const response = await request(app.getHttpServer()).get(`/reviews/${raw}`).expect(200);
    expect(response.text).toBe(v1Body(id));
  });

  it.each(['abc', '1.5', '0x1f', '+1', '%201', '1e3', '2147483648', '-2147483649', '99999999999999999999', '-'])(
    'refuses id %s with a JSON 400 saying what an id is',
    async (raw) => {
      const response = await request(app.getHttpServer()).get(`/reviews/${raw}`).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({ error: 'product id must be a whole number from -2147483648 to 2147483647' });
    },
  );

  it.each(['/reviews', '/reviews/', '/reviews/1/2', '/review/1'])('answers %s with a JSON 404', async (path) => {
    const response = await request(app.getHttpServer()).get(path).expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers HEAD like GET, without a body', async () => {
    const response = await request(app.getHttpServer()).head('/reviews/1').expect(200);
    expect(response.text).toBeUndefined();
  });

  it.each(['post', 'put', 'delete', 'patch', 'options'] as const)('answers %s with 405 and Allow', async (method) => {
    const response = await request(app.getHttpServer())[method]('/reviews/1').expect(405);
    expect(response.headers['allow']).toBe('GET, HEAD');
    expect(response.body).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
  });

  it('keeps upstream /health text as JSON', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ status: 'Reviews is healthy' });
  });

  it('answers liveness and readiness without asking ratings', async () => {
    const live = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { shutdown: { status: 'up' } } });
    expect(ratings.requests).toHaveLength(0);
  });
});

describe('reviews pod and cluster names', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp({ HOSTNAME: 'reviews-v1-5fd6d4f8f8-66j45', CLUSTER_NAME: 'cluster-east' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('shows HOSTNAME as podname and CLUSTER_NAME as clustername', async () => {
    const response = await request(app.getHttpServer()).get('/reviews/3').expect(200);
    expect(response.text).toBe(v1Body('3', 'reviews-v1-5fd6d4f8f8-66j45', 'cluster-east'));
  });
});
