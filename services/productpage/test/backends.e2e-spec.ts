import { PROPAGATED_HEADERS } from '@bookinfo/service-kit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { freePort, json, silent } from '@bookinfo/test-support';
import request from 'supertest';
import { DETAILS, REVIEWS_V2 } from './support/fixtures';
import {
  type Backends,
  startBackends,
  stopBackends,
  TEST_DEADLINE_MS,
  useProductpageWithBackends,
  withProductpage,
} from './support/productpage-app';

/** Every propagated header with a distinct, realistic value (end-user is set from the session only). */
const INCOMING_HEADERS: Record<string, string> = {
  'x-request-id': '5b4f3a2e-8c1d-4e6f-9a0b-1c2d3e4f5a6b',
  'x-ot-span-context': 'lightstep-span-context',
  'x-datadog-trace-id': '1234567890123456789',
  'x-datadog-parent-id': '987654321',
  'x-datadog-sampling-priority': '1',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  tracestate: 'congo=t61rcWkgMzE',
  'x-cloud-trace-context': '105445aa7843bc8bf206b12000100000/1;o=1',
  'grpc-trace-bin': 'AABL+S81d7NNpqPOkp0ODkc2AQDwZ6oLqQK3AgE',
  'x-b3-traceid': '80f198ee56343ba864fe8b2a57d3eff7',
  'x-b3-spanid': 'e457b5a2e4d86bd1',
  'x-b3-parentspanid': '05e3ac9a4f6e3b90',
  'x-b3-sampled': '1',
  'x-b3-flags': '0',
  sw8: '1-MWYyZDRiZjQ3YmY3MTFlYWI3OTRhY2RlNDgwMDExMjI=-1-1-1-1-1-1',
  'end-user': 'mallory',
  'user-agent': 'bookinfo-e2e/1.0',
  cookie: 'theme=dark',
  authorization: 'Bearer abc.def.ghi',
  jwt: 'eyJhbGciOiJub25lIn0.e30.',
};

describe('calls to the backends', () => {
  const harness = useProductpageWithBackends();

  const get = (path: string) => request(harness.app.getHttpServer()).get(path);

  describe('tries', () => {
    it('reviews: exactly two tries when the first fails, one when it works', async () => {
      harness.backends.reviews.reset(json(500, {}));
      await get('/productpage').expect(200);
      expect(harness.backends.reviews.requests).toHaveLength(2);

      harness.backends.reviews.reset(silent);
      await withProductpage(harness.backends, { REVIEWS_TIMEOUT_MS: TEST_DEADLINE_MS }, async (app) => {
        const slow = await request(app.getHttpServer()).get('/api/v1/products/0/reviews').expect(500);
        expect(slow.body).toEqual({ error: 'Sorry, product reviews are currently unavailable for this book.' });
        expect(harness.backends.reviews.requests).toHaveLength(2);
      });

      harness.backends.reviews.reset(json(200, REVIEWS_V2));
      await get('/productpage').expect(200);
      expect(harness.backends.reviews.requests).toHaveLength(1);
    });

    it('details and ratings: exactly one try', async () => {
      harness.backends.details.reset(json(500, {}));
      harness.backends.ratings.reset(silent);
      await withProductpage(harness.backends, { RATINGS_TIMEOUT_MS: TEST_DEADLINE_MS }, async (app) => {
        const get = (path: string) => request(app.getHttpServer()).get(path);
        await get('/productpage').expect(200);
        await get('/api/v1/products/0').expect(500);
        await get('/api/v1/products/0/ratings').expect(500);
        expect(harness.backends.details.requests).toHaveLength(2);
        expect(harness.backends.ratings.requests).toHaveLength(1);
      });
    });

    it('the page never calls ratings itself (reviews does)', async () => {
      await get('/productpage').expect(200);
      expect(harness.backends.ratings.requests).toHaveLength(0);
    });
  });

  describe('propagated headers', () => {
    const expected = Object.fromEntries(Object.entries(INCOMING_HEADERS).filter(([name]) => name !== 'end-user'));

    function expectForwarded(headers: Record<string, string | string[] | undefined>) {
      for (const name of PROPAGATED_HEADERS) {
        expect([name, headers[name]]).toEqual([name, expected[name]]);
      }
      expect(headers['x-unrelated']).toBeUndefined();
    }

    it('covers all 20 names of the upstream list', () => {
      expect(Object.keys(INCOMING_HEADERS).sort()).toEqual([...PROPAGATED_HEADERS].sort());
    });

    it('forwards every header, with its exact value, on each call of the page', async () => {
      await get('/productpage').set(INCOMING_HEADERS).set('x-unrelated', 'no').expect(200);
      expectForwarded(harness.backends.details.requests[0].headers);
      expectForwarded(harness.backends.reviews.requests[0].headers);
    });

    it('forwards them on both reviews tries', async () => {
      harness.backends.reviews.reset(json(503, {}));
      await get('/api/v1/products/0/reviews').set(INCOMING_HEADERS).expect(503);
      expect(harness.backends.reviews.requests).toHaveLength(2);
      harness.backends.reviews.requests.forEach((hit) => expectForwarded(hit.headers));
    });

    it('forwards them from the API routes', async () => {
      await get('/api/v1/products/0').set(INCOMING_HEADERS).expect(200);
      await get('/api/v1/products/0/ratings').set(INCOMING_HEADERS).expect(200);
      expectForwarded(harness.backends.details.requests[0].headers);
      expectForwarded(harness.backends.ratings.requests[0].headers);
    });

    it('forwards upstream unit-test set (x-request-id, b3, sw8) to reviews and ratings', async () => {
      const headers = {
        'x-request-id': '34eeb41d-d267-9e49-8b84-dde403fc5b72',
        'x-b3-traceid': '80f198ee56343ba864fe8b2a57d3eff7',
        'x-b3-spanid': 'e457b5a2e4d86bd1',
        'x-b3-sampled': '1',
        sw8: '40c7fdf104e3de8c',
      };
      await get('/api/v1/products/0/reviews').set(headers).expect(200);
      await get('/api/v1/products/0/ratings').set(headers).expect(200);
      for (const hit of [harness.backends.reviews.requests[0], harness.backends.ratings.requests[0]]) {
        expect(hit.headers).toMatchObject(headers);
      }
    });

    it('makes up an x-request-id when none came in, the same for every call of one request', async () => {
      const response = await get('/productpage').expect(200);
      const requestId = response.headers['x-request-id'];
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(harness.backends.details.requests[0].headers['x-request-id']).toBe(requestId);
      expect(harness.backends.reviews.requests[0].headers['x-request-id']).toBe(requestId);
    });

    it('keeps concurrent requests apart', async () => {
      const ids = Array.from({ length: 20 }, (_, index) => `request-${index}`);
      await Promise.all(ids.map((id) => get('/productpage').set('x-request-id', id).expect(200)));
      const seen = (hits: typeof harness.backends.details.requests) => hits.map((hit) => hit.headers['x-request-id']).sort();
      expect(seen(harness.backends.details.requests)).toEqual([...ids].sort());
      expect(seen(harness.backends.reviews.requests)).toEqual([...ids].sort());
    });
  });

  it('reuses connections to a backend (HTTP_KEEP_ALIVE defaults to true)', async () => {
    for (let call = 0; call < 6; call++) await get('/api/v1/products/0').expect(200);
    // At most two: undici may open a second one when a call starts just as the last one ends.
    expect(new Set(harness.backends.details.requests.map((hit) => hit.remotePort)).size).toBeLessThanOrEqual(2);
    expect(harness.backends.details.requests[0].headers['connection']).toBe('keep-alive');
  });
});

describe('calls to the backends, other settings', () => {
  let backends: Backends;

  beforeAll(async () => {
    backends = await startBackends();
  });

  afterAll(async () => {
    await stopBackends(backends);
  });

  beforeEach(() => {
    backends.details.reset(json(200, DETAILS));
    backends.reviews.reset(json(200, REVIEWS_V2));
  });

  const withApp = (env: Record<string, string>, test: (app: NestFastifyApplication) => Promise<void>) =>
    withProductpage(backends, env, test);

  it('HTTP_KEEP_ALIVE=false opens one connection per call, as upstream', async () => {
    await withApp({ HTTP_KEEP_ALIVE: 'false' }, async (app) => {
      for (let call = 0; call < 3; call++) await request(app.getHttpServer()).get('/api/v1/products/0').expect(200);
      expect(new Set(backends.details.requests.map((hit) => hit.remotePort)).size).toBe(3);
      expect(backends.details.requests[0].headers['connection']).toBe('close');
    });
  });

  it('FLOOD_FACTOR sends that many extra reviews calls per page, without waiting for them', async () => {
    await withApp({ FLOOD_FACTOR: '3' }, async (app) => {
      await request(app.getHttpServer()).get('/productpage').expect(200);
      // The page may answer before the flood calls land; give them up to 5 s.
      for (let wait = 0; wait < 250 && backends.reviews.requests.length < 4; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(backends.reviews.requests).toHaveLength(4);
      expect(backends.reviews.requests.every((hit) => hit.url === '/reviews/0')).toBe(true);
      expect(backends.details.requests).toHaveLength(1);
    });
  });

  it('SERVICES_DOMAIN is appended to every backend host', async () => {
    await withApp({ DETAILS_HOSTNAME: '127', SERVICES_DOMAIN: '0.0.1' }, async (app) => {
      await request(app.getHttpServer()).get('/api/v1/products/0').expect(200);
      expect(backends.details.requests[0].headers['host']).toBe(`127.0.0.1:${backends.details.port}`);
    });
  });

  it('a backend that is down: the page shows both errors, the API answers 500', async () => {
    const port = String(await freePort());
    await withApp({ DETAILS_SERVICE_PORT: port, REVIEWS_SERVICE_PORT: port }, async (app) => {
      const html = (await request(app.getHttpServer()).get('/productpage').expect(200)).text;
      expect(html).toContain('Error fetching product details');
      expect(html).toContain('Sorry, product details are currently unavailable for this book.');
      expect(html).toContain('Error fetching product reviews');
      expect(html).toContain('Sorry, product reviews are currently unavailable for this book.');
      await request(app.getHttpServer()).get('/api/v1/products/0').expect(500);
      await request(app.getHttpServer()).get('/api/v1/products/0/reviews').expect(500);
    });
  });
});
