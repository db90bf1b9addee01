import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { freePorts, StubServer } from '@bookinfo/test-support';
import { planStack, ROOT } from '../../../tools/lib/plan.cjs';
import { launch, sleep, type RunningStack } from '../../../tools/lib/supervisor.cjs';

/**
 * The four services as real processes, exporting their spans over OTLP/HTTP (JSON) to a collector
 * this test runs: every page is one trace, linked parent to child across the services, and a trace
 * started by the caller (B3, as Envoy sends it) is continued.
 */
const LOG_DIR = 'tmp/system-tests/tracing';
/** Ample for spans exported every 100 ms, on a loaded machine. */
const SPANS_WITHIN_MS = 15_000;

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: 'server' | 'client' | number;
  attributes: Record<string, string | number>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpRequest {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: { spans: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: OtlpAttribute[] }[] }[];
  }[];
}

const attributesOf = (list: OtlpAttribute[] = []) =>
  Object.fromEntries(list.map(({ key, value }) => [key, value.stringValue ?? Number(value.intValue)]));

/** A real OTLP/HTTP receiver for the JSON encoding: POST /v1/traces, spans kept in arrival order. */
class OtlpReceiver {
  readonly spans: ExportedSpan[] = [];
  readonly contentTypes = new Set<string>();
  private stub: StubServer | undefined;

  /** Starts listening; resolves to the endpoint (OTEL_EXPORTER_OTLP_ENDPOINT). */
  async start(): Promise<string> {
    this.stub = await StubServer.start((request, response) => this.receive(request, response));
    return this.stub.origin;
  }

  async close(): Promise<void> {
    await this.stub?.close();
  }

  private receive(request: IncomingMessage, response: ServerResponse): void {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      this.contentTypes.add(String(request.headers['content-type']));
      this.accept(JSON.parse(body) as OtlpRequest);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  }

  private accept(body: OtlpRequest): void {
    for (const { resource, scopeSpans } of body.resourceSpans) {
      const service = String(attributesOf(resource.attributes)['service.name']);
      for (const span of scopeSpans.flatMap((scope) => scope.spans)) {
        this.spans.push({
          service,
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || undefined,
          name: span.name,
          // OTLP's SPAN_KIND_SERVER and SPAN_KIND_CLIENT.
          kind: span.kind === 2 ? 'server' : span.kind === 3 ? 'client' : span.kind,
          attributes: attributesOf(span.attributes),
        });
      }
    }
  }

  /** The spans of one trace, once `count` of them have arrived (and a moment more, to catch extras). */
  async trace(traceId: string, count: number): Promise<ExportedSpan[]> {
    const giveUpAt = Date.now() + SPANS_WITHIN_MS;
    const ofTrace = () => this.spans.filter((span) => span.traceId === traceId);
    while (ofTrace().length < count && Date.now() < giveUpAt) await sleep(50);
    await sleep(300);
    return ofTrace();
  }
}

describe('traces of the local stack, exported over OTLP', () => {
  const receiver = new OtlpReceiver();
  let stack: RunningStack;
  let page: string;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    const [productpage, details, reviewsV1, reviewsV2, reviewsV3, ratings] = await freePorts(6);
    const specs = planStack({
      ports: { productpage, details, 'reviews-v1': reviewsV1, 'reviews-v2': reviewsV2, 'reviews-v3': reviewsV3, ratings },
      productpageHost: '127.0.0.1',
      reviewsVersion: 'v2',
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
    }).filter((spec) => !['reviews-v1', 'reviews-v3'].includes(spec.name));
    stack = await launch(specs, { logDir: join(ROOT, LOG_DIR) });
    page = `${stack.url('productpage')}/productpage`;
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver.close();
  });

  /** The page's trace id: the one of productpage's server span that appears for it. */
  async function loadPage(headers: Record<string, string> = {}): Promise<string> {
    const seen = new Set(receiver.spans.map((span) => span.spanId));
    const response = await fetch(page, { headers });
    expect(response.status).toBe(200);
    await response.text();
    const giveUpAt = Date.now() + SPANS_WITHIN_MS;
    for (;;) {
      const root = receiver.spans.find((span) => !seen.has(span.spanId) && span.service === 'productpage' && span.kind === 'server');
      if (root) return root.traceId;
      if (Date.now() > giveUpAt) throw new Error('productpage exported no server span for the page');
      await sleep(50);
    }
  }

  it('makes one trace per page: productpage -> details and reviews, reviews -> ratings, linked parent to child', async () => {
    const first = await loadPage();
    const second = await loadPage();
    expect(second).not.toBe(first);

    const spans = await receiver.trace(first, 7);
    const by = (service: string, kind: 'server' | 'client', port?: number) =>
      spans.filter(
        (span) => span.service === service && span.kind === kind && (port === undefined || String(span.attributes['url.full']).includes(`:${port}/`)),
      );
    const detailsPort = stack.get('details').port;
    const reviewsPort = stack.get('reviews-v2').port;
    const ratingsPort = stack.get('ratings').port;

    const [pageServer] = by('productpage', 'server');
    const [toDetails] = by('productpage', 'client', detailsPort);
    const [toReviews] = by('productpage', 'client', reviewsPort);
    const [detailsServer] = by('details', 'server');
    const [reviewsServer] = by('reviews', 'server');
    const [toRatings] = by('reviews', 'client', ratingsPort);
    const [ratingsServer] = by('ratings', 'server');

    // Seven spans, all of this page's trace, and nothing else in it.
    expect(spans).toHaveLength(7);
    expect(
      [pageServer, toDetails, toReviews, detailsServer, reviewsServer, toRatings, ratingsServer].map((span) => span?.name),
    ).toEqual(['GET /productpage', 'GET', 'GET', 'GET /details/:id', 'GET /reviews/:id', 'GET', 'GET /ratings/:id']);

    const parentOf = (span: ExportedSpan) => span.parentSpanId;
    expect(parentOf(pageServer)).toBeUndefined();
    expect(parentOf(toDetails)).toBe(pageServer.spanId);
    expect(parentOf(toReviews)).toBe(pageServer.spanId);
    expect(parentOf(detailsServer)).toBe(toDetails.spanId);
    expect(parentOf(reviewsServer)).toBe(toReviews.spanId);
    expect(parentOf(toRatings)).toBe(reviewsServer.spanId);
    expect(parentOf(ratingsServer)).toBe(toRatings.spanId);

    expect(pageServer.attributes).toMatchObject({ 'http.route': '/productpage', 'http.request.method': 'GET', 'http.response.status_code': 200 });
    expect(toRatings.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 200 });
    expect([...receiver.contentTypes]).toEqual(['application/json']);
  });

  it('continues the trace of a caller that sends B3 headers, as Envoy does', async () => {
    const traceId = '463ac35c9f6413ad48485a3953bb6124';
    const callerSpan = 'a2fb4a1d1a96d312';
    const pageTrace = await loadPage({ 'x-b3-traceid': traceId, 'x-b3-spanid': callerSpan, 'x-b3-sampled': '1' });
    expect(pageTrace).toBe(traceId);

    const spans = await receiver.trace(traceId, 7);
    expect(spans).toHaveLength(7);
    const pageServer = spans.find((span) => span.service === 'productpage' && span.kind === 'server');
    expect(pageServer?.parentSpanId).toBe(callerSpan);
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['productpage', 'details', 'reviews', 'ratings']));
  });

  // Last: it stops the stack, because the services buffer their logs until they exit.
  it('writes the trace id into every service\'s access line', async () => {
    const traceId = await loadPage({ 'x-request-id': 'tracing-system-test' });
    await stack.stop();
    for (const name of ['productpage', 'details', 'reviews-v2', 'ratings']) {
      const line = readFileSync(join(ROOT, LOG_DIR, `${name}.log`), 'utf8')
        .split('\n')
        .find((candidate) => candidate.includes('"requestId":"tracing-system-test"') && candidate.includes('request completed'));
      expect({ name, traceId: line && (JSON.parse(line) as { traceId?: string }).traceId }).toEqual({ name, traceId });
    }
  });
});
