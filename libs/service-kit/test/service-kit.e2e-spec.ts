import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createFastifyAdapter, loadConfig, PROPAGATED_HEADERS, setupServiceApp, type ServiceAppOptions } from '../src/index';
import { EchoAppModule, EchoConfig } from './fixtures/echo-app';
import { StubServer } from '@bookinfo/test-support';

/** The echo fixture app, set up as a service would be, and the stub upstream it calls. */
async function startEchoApp(options: ServiceAppOptions): Promise<{ app: NestFastifyApplication; upstream: StubServer }> {
  // Answers with the headers it received.
  const upstream = await StubServer.start((request, response) => response.end(JSON.stringify(request.headers)));
  const moduleRef = await Test.createTestingModule({ imports: [EchoAppModule] })
    .overrideProvider(EchoConfig)
    .useValue(loadConfig(EchoConfig, { LOG_LEVEL: 'silent', UPSTREAM_PORT: String(upstream.port) }))
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(options));
  await setupServiceApp(app, options);
  return { app, upstream };
}

describe('a service built on the kit (over HTTP)', () => {
  let upstream: StubServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    ({ app, upstream } = await startEchoApp({ name: 'echo' }));
  });

  afterAll(async () => {
    await app.close();
    await upstream.close();
  });

  beforeEach(() => upstream.requests.splice(0));

  it('forwards all 20 Bookinfo headers to the upstream with their exact values', async () => {
    const sent = Object.fromEntries(PROPAGATED_HEADERS.map((name, i) => [name, `value-${i}-${name}`]));
    const response = await request(app.getHttpServer()).get('/call').set(sent).expect(200);
    expect(PROPAGATED_HEADERS).toHaveLength(20);
    for (const name of PROPAGATED_HEADERS) {
      expect(upstream.requests[0].headers[name]).toBe(sent[name]);
    }
    expect(response.body.requestId).toBe(sent['x-request-id']);
    expect(response.headers['x-request-id']).toBe(sent['x-request-id']);
  });

  it('does not forward headers outside the list', async () => {
    await request(app.getHttpServer()).get('/call').set({ 'x-forwarded-for': '10.0.0.1', b3: '1-2-1', baggage: 'a=b' });
    expect(upstream.requests[0].headers).not.toHaveProperty('x-forwarded-for');
    expect(upstream.requests[0].headers).not.toHaveProperty('b3');
    expect(upstream.requests[0].headers).not.toHaveProperty('baggage');
  });

  it('makes up a request id when none arrives, answers with it and sends it downstream', async () => {
    const response = await request(app.getHttpServer()).get('/call').expect(200);
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(upstream.requests[0].headers['x-request-id']).toBe(id);
    // The call's own headers go out beside the propagated ones.
    expect(upstream.requests[0].headers['accept']).toBe('application/json');
  });

  it('replaces an unusable incoming request id: spaces, quotes, backslashes, over 200 characters', async () => {
    for (const unusable of ['bad id with spaces', 'a"b', 'a\\b', 'x'.repeat(201)]) {
      const response = await request(app.getHttpServer()).get('/call').set('x-request-id', unusable).expect(200);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.body.requestId).toBe(response.headers['x-request-id']);
    }
    const longest = 'y'.repeat(200);
    const kept = await request(app.getHttpServer()).get('/call').set('x-request-id', longest).expect(200);
    expect(kept.headers['x-request-id']).toBe(longest);
  });

  it('keeps each request in its own context under concurrency', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `req-${i}`);
    const responses = await Promise.all(
      ids.map((id) => request(app.getHttpServer()).get(`/call?user=user-${id}`).set('x-request-id', id)),
    );
    responses.forEach((response, i) => {
      expect(response.body.requestId).toBe(ids[i]);
      expect(response.body.upstreamSaw['x-request-id']).toBe(ids[i]);
      expect(response.body.upstreamSaw['end-user']).toBe(`user-${ids[i]}`);
    });
  });

  it('answers 405 with Allow for a known path and an unserved method', async () => {
    const response = await request(app.getHttpServer()).delete('/call').expect(405);
    expect(response.headers['allow']).toBe('GET, HEAD, POST');
    expect(response.body).toEqual({
      statusCode: 405,
      error: 'Method Not Allowed',
      message: 'DELETE is not allowed on /call; allowed: GET, HEAD, POST',
    });
    await request(app.getHttpServer()).put('/health/ready').expect(405);
  });

  it('answers 404 JSON for unknown paths', async () => {
    const response = await request(app.getHttpServer()).get('/nowhere').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('serves liveness and readiness', async () => {
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
});

describe('a service that says it calls nobody (callsOtherServices: () => false)', () => {
  let upstream: StubServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    ({ app, upstream } = await startEchoApp({ name: 'echo', callsOtherServices: () => false }));
  });

  afterAll(async () => {
    await app.close();
    await upstream.close();
  });

  beforeEach(() => upstream.requests.splice(0));

  it('still answers with the incoming request id, or one it makes up', async () => {
    const given = await request(app.getHttpServer()).get('/call').set('x-request-id', 'abc-123').expect(200);
    expect(given.headers['x-request-id']).toBe('abc-123');
    const madeUp = await request(app.getHttpServer()).get('/call').expect(200);
    expect(madeUp.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unusable = await request(app.getHttpServer()).get('/call').set('x-request-id', 'has spaces');
    expect(unusable.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('enters no request context, so nothing is propagated (the price of opting out)', async () => {
    const response = await request(app.getHttpServer()).get('/call').set({ 'x-request-id': 'r-1', 'x-b3-traceid': 't' });
    expect(response.body.requestId).toBeUndefined();
    expect(upstream.requests[0].headers).not.toHaveProperty('x-b3-traceid');
    expect(upstream.requests[0].headers).not.toHaveProperty('x-request-id');
  });
});
