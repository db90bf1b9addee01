import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { json, StubServer } from '@bookinfo/test-support';
import request from 'supertest';
import { createFastifyAdapter, loadConfig, setupServiceApp } from '../src/index';
import { EchoAppModule, EchoConfig } from './fixtures/echo-app';

async function startEchoApp(upstream: StubServer, env: Record<string, string> = {}): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [EchoAppModule] })
    .overrideProvider(EchoConfig)
    .useValue(loadConfig(EchoConfig, { LOG_LEVEL: 'silent', UPSTREAM_PORT: new URL(upstream.origin).port, ...env }))
    .compile();
  const options = { name: 'echo' };
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(options));
  await setupServiceApp(app, options);
  return app;
}

/** The value of one series in Prometheus text, 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const INCOMING_TRACE = {
  traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
  tracestate: 'vendor=value',
  'x-b3-traceid': TRACE_ID,
  'x-b3-spanid': '00f067aa0ba902b7',
  'x-b3-parentspanid': '1111111111111111',
  'x-b3-sampled': '1',
};

describe('metrics of a service built on the kit', () => {
  let upstream: StubServer;
  let app: NestFastifyApplication;
  const metrics = async () => (await request(app.getHttpServer()).get('/metrics').expect(200)).text;

  beforeAll(async () => {
    upstream = await StubServer.start();
    app = await startEchoApp(upstream);
  });

  afterAll(async () => {
    await app?.close();
    await upstream?.close();
  });

  it('serves Prometheus text with the request histogram and the process metrics', async () => {
    await request(app.getHttpServer()).get('/slow?ms=1').expect(200);
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(response.text).toContain('# TYPE http_requests_total counter');
    expect(response.text).toContain('# TYPE http_client_requests_total counter');
    expect(response.text).toContain('process_cpu_user_seconds_total');
    expect(sample(response.text, 'http_request_duration_seconds_bucket{le="+Inf",route="/slow",method="GET",status="200"}')).toBe(1);
  });

  it('labels requests by route pattern, one label for every unknown URL, and leaves probes and scrapes out', async () => {
    const before = await metrics();
    await request(app.getHttpServer()).get('/slow?ms=1').expect(200);
    await request(app.getHttpServer()).post('/call').expect(201);
    await request(app.getHttpServer()).delete('/call').expect(405);
    await request(app.getHttpServer()).get('/no/such/path').expect(404);
    await request(app.getHttpServer()).get('/other-unknown-1234').expect(404);
    await request(app.getHttpServer()).get('/health/ready').expect(200);
    const after = await metrics();
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('http_requests_total{route="/slow",method="GET",status="200"}')).toBe(1);
    expect(delta('http_requests_total{route="/call",method="POST",status="201"}')).toBe(1);
    expect(delta('http_requests_total{route="/call",method="DELETE",status="405"}')).toBe(1);
    expect(delta('http_requests_total{route="unmatched",method="GET",status="404"}')).toBe(2);
    expect(after).not.toContain('/no/such/path');
    expect(after).not.toContain('route="/health/ready"');
    expect(after).not.toContain('route="/metrics"');
  });

  it('counts each outgoing call by target and outcome', async () => {
    const target = new URL(upstream.origin).host;
    const before = await metrics();
    upstream.reset(json(200, {}));
    await request(app.getHttpServer()).get('/call').expect(200);
    upstream.reset(json(503, {}));
    await request(app.getHttpServer()).get('/call').expect(500);
    const after = await metrics();
    const delta = (outcome: string) =>
      sample(after, `http_client_requests_total{target="${target}",outcome="${outcome}"}`) -
      sample(before, `http_client_requests_total{target="${target}",outcome="${outcome}"}`);
    expect([delta('2xx'), delta('5xx')]).toEqual([1, 1]);
    expect(sample(after, `http_client_request_duration_seconds_count{target="${target}",outcome="2xx"}`)).toBeGreaterThanOrEqual(1);
  });
});

/**
 * The headers a traced service sends. The spans themselves are checked by the system test
 * (tests/system/src/tracing.spec.ts), on real processes: the OTLP exporter loads Node's `http`
 * with a dynamic import, which jest's module sandbox refuses, so in here nothing reaches a collector.
 */
describe('trace headers of a service built on the kit', () => {
  let upstream: StubServer;

  beforeAll(async () => {
    upstream = await StubServer.start();
    upstream.handler = json(200, {});
  });

  afterAll(async () => {
    await upstream?.close();
  });

  it('with tracing off, sends the incoming trace headers on unchanged', async () => {
    const app = await startEchoApp(upstream);
    try {
      upstream.requests.length = 0;
      await request(app.getHttpServer()).get('/call').set(INCOMING_TRACE).expect(200);
      expect(upstream.requests[0].headers).toMatchObject(INCOMING_TRACE);
    } finally {
      await app.close();
    }
  });

  it('with an OTLP endpoint, continues the incoming trace and sends its own client span downstream, W3C and B3', async () => {
    const app = await startEchoApp(upstream, {
      // Nothing listens there; a failed export must not disturb the service.
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    const otherVendors = { 'x-datadog-trace-id': '123', 'x-cloud-trace-context': 'abc/1;o=1', 'end-user': 'jason' };
    try {
      upstream.requests.length = 0;
      await request(app.getHttpServer()).get('/call').set({ ...INCOMING_TRACE, ...otherVendors }).expect(200);
      const sent = upstream.requests[0].headers;
      const [, traceId, spanId, flags] = /^00-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/.exec(String(sent['traceparent'])) ?? [];
      expect({ traceId, flags }).toEqual({ traceId: TRACE_ID, flags: '01' });
      // A span of its own (the client span), not the caller's passed through.
      expect(spanId).not.toBe(INCOMING_TRACE['x-b3-spanid']);
      expect(sent).toMatchObject({ 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': spanId, 'x-b3-sampled': '1', tracestate: 'vendor=value' });
      expect(sent).not.toHaveProperty('x-b3-parentspanid');
      expect(sent).toMatchObject(otherVendors);
    } finally {
      await app.close();
    }
  });

  it('starts a new trace when none comes in', async () => {
    const app = await startEchoApp(upstream, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    try {
      upstream.requests.length = 0;
      await request(app.getHttpServer()).get('/call').expect(200);
      const sent = upstream.requests[0].headers;
      expect(sent['traceparent']).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
      expect(sent['x-b3-traceid']).toBe(String(sent['traceparent']).slice(3, 35));
    } finally {
      await app.close();
    }
  });
});
