import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createTestApp } from './support/test-app';

const NOT_NUMERIC = '{"error":"please provide numeric product ID"}';
const INVALID_JSON = '{"error":"please provide valid ratings JSON"}';

describe('ratings v1 (in memory)', () => {
  let app: NestFastifyApplication;
  const server = () => app.getHttpServer();
  const post = (path: string, body: string, contentType = 'application/json') =>
    request(server()).post(path).set('content-type', contentType).send(body);

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('GET /ratings/:id', () => {
    it("answers upstream's default body byte for byte", async () => {
      const response = await request(server()).get('/ratings/0').expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.text).toBe('{"id":0,"ratings":{"Reviewer1":5,"Reviewer2":4}}');
    });

    it.each([
      ['7', 7],
      ['007', 7],
      ['999999999999999', 999999999999999],
    ])('echoes id %s as the number %d', async (raw, id) => {
      const response = await request(server()).get(`/ratings/${raw}`).expect(200);
      expect(response.text).toBe(`{"id":${id},"ratings":{"Reviewer1":5,"Reviewer2":4}}`);
    });

    it('ignores the query string, as upstream', async () => {
      const response = await request(server()).get('/ratings/0?x=1').expect(200);
      expect(response.body).toEqual({ id: 0, ratings: { Reviewer1: 5, Reviewer2: 4 } });
    });

    it.each(['abc', '12abc', '-3', '1.5', '0x1f', '%201', '１'])('refuses id %s with upstream 400 body', async (raw) => {
      const response = await request(server()).get(`/ratings/${raw}`).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.text).toBe(NOT_NUMERIC);
    });

    it.each(['/ratings', '/ratings/'])('refuses %s without an id with the same 400', async (path) => {
      const response = await request(server()).get(path).expect(400);
      expect(response.text).toBe(NOT_NUMERIC);
    });

    it('refuses an id longer than 15 digits, saying why', async () => {
      const response = await request(server()).get('/ratings/1234567890123456').expect(400);
      expect(response.body).toEqual({ error: 'product id must have at most 15 digits' });
    });

    // Fastify refuses path parameters over 100 characters before routing.
    it('refuses a very long id with a JSON 414', async () => {
      const response = await request(server()).get(`/ratings/${'9'.repeat(5000)}`).expect(414);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toMatchObject({ statusCode: 414 });
    });

    it('answers HEAD like GET without a body', async () => {
      const response = await request(server()).head('/ratings/1').expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.text).toBeUndefined();
    });
  });

  describe('POST /ratings/:id', () => {
    it('stores the ratings of one product and echoes them with 200, as upstream', async () => {
      const posted = await post('/ratings/101', '{"Reviewer1":1,"Reviewer2":2}').expect(200);
      expect(posted.headers['content-type']).toMatch(/^application\/json/);
      expect(posted.text).toBe('{"id":101,"ratings":{"Reviewer1":1,"Reviewer2":2}}');

      const read = await request(server()).get('/ratings/101').expect(200);
      expect(read.text).toBe('{"id":101,"ratings":{"Reviewer1":1,"Reviewer2":2}}');
      // Other products keep the defaults.
      await request(server()).get('/ratings/102').expect(200, { id: 102, ratings: { Reviewer1: 5, Reviewer2: 4 } });
    });

    it('replaces the whole set (upstream semantics): reviewers not named again are gone', async () => {
      await post('/ratings/103', '{"Alice":3,"Bob":4}').expect(200);
      await post('/ratings/103', '{"Carol":5}').expect(200, { id: 103, ratings: { Carol: 5 } });
      await request(server()).get('/ratings/103').expect(200, { id: 103, ratings: { Carol: 5 } });
    });

    it('keeps the order in which reviewers were given', async () => {
      await post('/ratings/104', '{"Zed":1,"Amy":2,"Mo":3}').expect(200);
      const response = await request(server()).get('/ratings/104').expect(200);
      expect(response.text).toBe('{"id":104,"ratings":{"Zed":1,"Amy":2,"Mo":3}}');
    });

    it('accepts a charset in the content-type', async () => {
      await post('/ratings/105', '{"Reviewer1":3}', 'application/json; charset=utf-8').expect(200);
    });

    it.each([
      ['abc', NOT_NUMERIC],
      ['-1', NOT_NUMERIC],
    ])('refuses id %s with upstream 400 body', async (raw, body) => {
      const response = await post(`/ratings/${raw}`, '{"Reviewer1":3}').expect(400);
      expect(response.text).toBe(body);
    });

    it.each(['/ratings', '/ratings/'])('refuses %s without an id', async (path) => {
      const response = await post(path, '{"Reviewer1":3}').expect(400);
      expect(response.text).toBe(NOT_NUMERIC);
    });

    it.each(['{bad', '{"Reviewer1":5', "{'Reviewer1':5}", '', '{"__proto__":{"admin":true}}'])(
      'answers invalid JSON %p with upstream 400 body',
      async (body) => {
        const response = await post('/ratings/106', body).expect(400);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.text).toBe(INVALID_JSON);
      },
    );

    it.each([
      ['[1,2,"x"]', 'ratings must be a JSON object of reviewer name to stars, like {"Reviewer1":5}; got an array'],
      ['"Reviewer1"', 'ratings must be a JSON object of reviewer name to stars, like {"Reviewer1":5}; got the string "Reviewer1"'],
      ['5', 'ratings must be a JSON object of reviewer name to stars, like {"Reviewer1":5}; got number 5'],
      ['null', 'ratings must be a JSON object of reviewer name to stars, like {"Reviewer1":5}; got null'],
      ['{}', 'ratings must name at least one reviewer'],
      ['{"Reviewer1":0}', 'rating of "Reviewer1" must be a whole number of stars from 1 to 5; got number 0'],
      ['{"Reviewer1":6}', 'rating of "Reviewer1" must be a whole number of stars from 1 to 5; got number 6'],
      ['{"Reviewer1":1.5}', 'rating of "Reviewer1" must be a whole number of stars from 1 to 5; got number 1.5'],
      ['{"Reviewer1":"5"}', 'rating of "Reviewer1" must be a whole number of stars from 1 to 5; got the string "5"'],
      ['{"Reviewer1":{"stars":5}}', 'rating of "Reviewer1" must be a whole number of stars from 1 to 5; got an object'],
      ['{"Reviewer1":[5]}', 'rating of "Reviewer1" must be a whole number of stars from 1 to 5; got an array'],
      [
        `{"${'x'.repeat(65)}":5}`,
        `reviewer name "${'x'.repeat(40)}…" must be 1 to 64 letters, digits, inner spaces or . _ - ' and start with a letter or digit`,
      ],
      [
        '{"<img src=x>":5}',
        `reviewer name "<img src=x>" must be 1 to 64 letters, digits, inner spaces or . _ - ' and start with a letter or digit`,
      ],
    ])('refuses body %s with a 400 saying what is wrong', async (body, error) => {
      const response = await post('/ratings/107', body).expect(400);
      expect(response.body).toEqual({ error });
      // Nothing was stored.
      await request(server()).get('/ratings/107').expect(200, { id: 107, ratings: { Reviewer1: 5, Reviewer2: 4 } });
    });

    it('refuses more than 50 reviewers', async () => {
      const body = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`Reviewer${i}`, 3]));
      const response = await post('/ratings/108', JSON.stringify(body)).expect(400);
      expect(response.body).toEqual({ error: 'ratings may name at most 50 reviewers; got 51' });
    });

    it('accepts 50 reviewers with 64-character names', async () => {
      const body = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${i}`.padEnd(64, 'x'), 3]));
      const response = await post('/ratings/109', JSON.stringify(body)).expect(200);
      expect(Object.keys(response.body.ratings)).toHaveLength(50);
    });

    it('refuses a body over 16 KiB with a JSON 413 before reading it all', async () => {
      const response = await post('/ratings/110', JSON.stringify({ Reviewer1: 5, padding: 'x'.repeat(16 * 1024) })).expect(413);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({ statusCode: 413, message: 'Request body is too large' });
    });

    it('refuses a body with no content at all with a 400', async () => {
      const response = await request(server()).post('/ratings/111').expect(400);
      expect(response.body).toEqual({
        error: 'ratings must be a JSON object of reviewer name to stars, like {"Reviewer1":5}; got no body',
      });
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x'])(
      'refuses content-type %s with a JSON 415',
      async (contentType) => {
        const response = await post('/ratings/112', '{"Reviewer1":5}', contentType).expect(415);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.body).toEqual({ statusCode: 415, message: 'Unsupported Media Type' });
        await request(server()).get('/ratings/112').expect(200, { id: 112, ratings: { Reviewer1: 5, Reviewer2: 4 } });
      },
    );
  });

  describe('other methods and paths', () => {
    it.each(['put', 'delete', 'patch', 'options'] as const)('answers %s /ratings/:id with 405 and Allow', async (method) => {
      const response = await request(server())[method]('/ratings/1').expect(405);
      expect(response.headers['allow']).toBe('GET, HEAD, POST');
      expect(response.body).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
    });

    it.each(['post', 'put', 'delete', 'options'] as const)('answers %s /health with 405', async (method) => {
      const response = await request(server())[method]('/health').expect(405);
      expect(response.headers['allow']).toBe('GET, HEAD');
    });

    it.each(['/foo', '/ratings/1/2', '/ratingsX/1', '/'])('answers unknown path %s with a JSON 404', async (path) => {
      const response = await request(server()).get(path).expect(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });
  });

  describe('health', () => {
    it.each(['/health', '/health/'])('keeps upstream body on %s', async (path) => {
      const response = await request(server()).get(path).expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.text).toBe('{"status":"Ratings is healthy"}');
    });

    it('answers liveness and readiness without a database check', async () => {
      await request(server()).get('/health/live').expect(200, { status: 'ok', info: {}, error: {}, details: {} });
      await request(server())
        .get('/health/ready')
        .expect(200, {
          status: 'ok',
          info: { shutdown: { status: 'up' } },
          error: {},
          details: { shutdown: { status: 'up' } },
        });
    });
  });
});
