import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createTestApp } from './support/test-app';

const BOOK =
  '{"id":0,"author":"William Shakespeare","year":1595,"type":"paperback","pages":200,"publisher":"PublisherA",' +
  '"language":"English","ISBN-10":"1234567890","ISBN-13":"123-1234567890"}';
const NOT_NUMERIC = '{"error":"please provide numeric product id"}';

describe('details v1 (built-in book)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers upstream body byte for byte', async () => {
    const response = await request(app.getHttpServer()).get('/details/0').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.text).toBe(BOOK);
  });

  it.each([
    ['1', 1],
    ['42', 42],
    ['010', 10], // decimal, not octal as upstream's Ruby Integer() reads it
    ['999999999999999', 999999999999999],
  ])('echoes id %s as %d', async (raw, id) => {
    const response = await request(app.getHttpServer()).get(`/details/${raw}`).expect(200);
    expect(response.text).toBe(BOOK.replace('"id":0', `"id":${id}`));
  });

  it.each(['abc', '0x1f', '-1', '1.5', '1e3', '%201', '1%20', '+1', '１'])(
    'refuses id %s with upstream 400 body',
    async (raw) => {
      const response = await request(app.getHttpServer()).get(`/details/${raw}`).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.text).toBe(NOT_NUMERIC);
    },
  );

  it.each(['/details', '/details/'])('refuses %s without an id like upstream', async (path) => {
    const response = await request(app.getHttpServer()).get(path).expect(400);
    expect(response.text).toBe(NOT_NUMERIC);
  });

  it('refuses an id longer than 15 digits, saying why', async () => {
    const response = await request(app.getHttpServer()).get('/details/1234567890123456').expect(400);
    expect(response.body).toEqual({ error: 'product id must have at most 15 digits' });
  });

  // Fastify refuses path parameters over 100 characters before routing.
  it('refuses a very long id with a JSON 414', async () => {
    const response = await request(app.getHttpServer()).get(`/details/${'9'.repeat(5000)}`).expect(414);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toMatchObject({ statusCode: 414, code: 'FST_ERR_MAX_PARAM_LENGTH' });
  });

  it('answers HEAD like GET without a body', async () => {
    const response = await request(app.getHttpServer()).head('/details/1').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.text).toBeUndefined();
  });

  it.each(['post', 'put', 'delete', 'patch'] as const)('answers %s with 405 and Allow', async (method) => {
    const response = await request(app.getHttpServer())[method]('/details/1').expect(405);
    expect(response.headers['allow']).toBe('GET, HEAD');
    expect(response.body).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
  });

  it('answers unknown paths with a JSON 404', async () => {
    const response = await request(app.getHttpServer()).get('/detailsX').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });

  it.each(['/health', '/health/'])('keeps upstream body on %s', async (path) => {
    const response = await request(app.getHttpServer()).get(path).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.text).toBe('{"status":"Details is healthy"}');
  });

  it('answers the liveness and readiness probes', async () => {
    const live = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body).toEqual({
      status: 'ok',
      info: { shutdown: { status: 'up' } },
      error: {},
      details: { shutdown: { status: 'up' } },
    });
  });

  it('echoes a given x-request-id and makes one up otherwise', async () => {
    const given = await request(app.getHttpServer()).get('/details/1').set('x-request-id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const generated = await request(app.getHttpServer()).get('/details/1');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
