import { PROPAGATED_HEADERS } from '@bookinfo/service-kit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { freePort, hangUp, json, silent, StubServer } from '@bookinfo/test-support';
import { createTestApp } from './support/test-app';

/** Trimmed from a real answer of www.googleapis.com/books/v1/volumes?q=isbn:0486424618. */
const GOOGLE_ANSWER = {
  kind: 'books#volumes',
  totalItems: 1,
  items: [
    {
      kind: 'books#volume',
      id: 'V2f4GGCj5w4C',
      volumeInfo: {
        title: 'The Comedy of Errors',
        authors: ['William Shakespeare'],
        publisher: 'Courier Corporation',
        publishedDate: '2002-01-01',
        industryIdentifiers: [
          { type: 'ISBN_13', identifier: '9780486424613' },
          { type: 'ISBN_10', identifier: '0486424618' },
        ],
        pageCount: 80,
        printType: 'BOOK',
        language: 'en',
      },
    },
  ],
};

const MAPPED =
  '{"id":7,"author":"William Shakespeare","year":"2002-01-01","type":"paperback","pages":80,' +
  '"publisher":"Courier Corporation","language":"English","ISBN-10":"0486424618","ISBN-13":"9780486424613"}';

/** The deadline of the tests about it; Google's stub is then silent, so only the deadline ends the call. */
const TEST_DEADLINE_MS = 1_000;

/** One distinct value per propagated header, so a mix-up shows. */
const INCOMING = Object.fromEntries(PROPAGATED_HEADERS.map((name, index) => [name, `value-${index}-${name}`]));
INCOMING['traceparent'] = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
INCOMING['x-b3-traceid'] = '80f198ee56343ba864fe8b2a57d3eff7';
INCOMING['x-b3-spanid'] = 'e457b5a2e4d86bd1';
INCOMING['x-b3-sampled'] = '1';

function volumeWith(overrides: Record<string, unknown>) {
  const volumeInfo = { ...GOOGLE_ANSWER.items[0].volumeInfo, ...overrides };
  return { ...GOOGLE_ANSWER, items: [{ ...GOOGLE_ANSWER.items[0], volumeInfo }] };
}

describe('details v2 (Google Books)', () => {
  let google: StubServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    google = await StubServer.start();
    // details' own 5 s deadline: no answer of the stub comes near it.
    app = await createTestApp({ ENABLE_EXTERNAL_BOOK_SERVICE: 'true', BOOK_SERVICE_ORIGIN: google.origin });
  });

  afterAll(async () => {
    await app.close();
    await google.close();
  });

  it('maps items[0].volumeInfo exactly as upstream, keeping the requested id', async () => {
    google.reset(json(200, GOOGLE_ANSWER));
    const response = await request(app.getHttpServer()).get('/details/7').expect(200);
    expect(response.text).toBe(MAPPED);
    expect(google.requests).toHaveLength(1);
    expect(google.requests[0]).toMatchObject({ method: 'GET', url: '/books/v1/volumes?q=isbn:0486424618' });
    expect(google.requests[0].headers['accept']).toBe('application/json');
  });

  it('maps other print types and languages to "unknown", absent optional fields to null', async () => {
    google.reset(
      json(200, volumeWith({ printType: 'MAGAZINE', language: 'fr', publishedDate: undefined, publisher: undefined, pageCount: undefined })),
    );
    const response = await request(app.getHttpServer()).get('/details/1').expect(200);
    // The text itself: key order and the nulls survive the route's response schema.
    expect(response.text).toBe(
      JSON.stringify({
        id: 1,
        author: 'William Shakespeare',
        year: null,
        type: 'unknown',
        pages: null,
        publisher: null,
        language: 'unknown',
        'ISBN-10': '0486424618',
        'ISBN-13': '9780486424613',
      }),
    );
  });

  it('sends Google none of the propagated headers: no credentials, user name or trace ids leave the mesh', async () => {
    google.reset(json(200, GOOGLE_ANSWER));
    await request(app.getHttpServer()).get('/details/1').set(INCOMING).expect(200);
    const received = google.requests[0].headers;
    for (const name of PROPAGATED_HEADERS) {
      expect({ name, value: received[name] }).toEqual({ name, value: undefined });
    }
  });

  it('still validates the id before calling Google', async () => {
    google.reset(json(200, GOOGLE_ANSWER));
    await request(app.getHttpServer()).get('/details/abc').expect(400);
    expect(google.requests).toHaveLength(0);
  });

  it.each([
    ['an error status', json(500, { error: { code: 500 } }), 'Google Books answered HTTP 500'],
    ['a redirect', json(302, ''), 'Google Books answered HTTP 302'],
    ['malformed JSON', json(200, '{"items": [}'), 'Google Books answered with malformed JSON'],
    ['no items', json(200, { kind: 'books#volumes', totalItems: 0 }), 'Google Books returned no volume for this ISBN'],
    ['empty items', json(200, { items: [] }), 'Google Books returned no volume for this ISBN'],
    ['a JSON array', json(200, [1, 2]), 'Google Books returned no volume for this ISBN'],
    ['no authors', json(200, volumeWith({ authors: [] })), 'Google Books volume has no author'],
    [
      'no ISBN-10',
      json(200, volumeWith({ industryIdentifiers: [{ type: 'ISBN_13', identifier: '9780486424613' }] })),
      'Google Books volume has no ISBN_10 identifier',
    ],
    ['pages as text', json(200, volumeWith({ pageCount: '80' })), 'Google Books volume has an invalid pageCount'],
  ])('answers 502 with a JSON error for %s', async (_case, handler, error) => {
    google.reset(handler);
    const response = await request(app.getHttpServer()).get('/details/1').expect(502);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ error });
  });

  it('answers 502 with a JSON error when the connection is cut', async () => {
    google.reset(hangUp);
    const response = await request(app.getHttpServer()).get('/details/1').expect(502);
    expect(response.body).toEqual({ error: 'Google Books request failed: other side closed' });
  });

  it('keeps /health independent of Google', async () => {
    google.reset(json(500, {}));
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.text).toBe('{"status":"Details is healthy"}');
    expect(google.requests).toHaveLength(0);
  });
});

describe('details v2 when Google Books is slower than the deadline', () => {
  let google: StubServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    google = await StubServer.start(silent);
    app = await createTestApp({
      ENABLE_EXTERNAL_BOOK_SERVICE: 'true',
      BOOK_SERVICE_ORIGIN: google.origin,
      BOOK_SERVICE_TIMEOUT_MS: String(TEST_DEADLINE_MS),
    });
  });

  afterAll(async () => {
    await app.close();
    await google.close();
  });

  it('answers 504 with a JSON error when Google is slower than the timeout', async () => {
    google.reset(silent);
    const response = await request(app.getHttpServer()).get('/details/1').expect(504);
    expect(response.body).toEqual({ error: `Google Books did not answer within ${TEST_DEADLINE_MS} ms` });
  });

  it('answers 504 when Google sends headers, then stalls the body', async () => {
    google.reset((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"items": [');
    });
    const response = await request(app.getHttpServer()).get('/details/1').expect(504);
    expect(response.body).toEqual({ error: `Google Books did not answer within ${TEST_DEADLINE_MS} ms` });
  });
});

describe('details v2 with Google Books unreachable', () => {
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    // Nothing listens on a free port, so the connection is refused at once.
    port = await freePort();
    app = await createTestApp({ ENABLE_EXTERNAL_BOOK_SERVICE: 'true', BOOK_SERVICE_ORIGIN: `http://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 502 naming the refused connection', async () => {
    const response = await request(app.getHttpServer()).get('/details/1').expect(502);
    expect(response.body).toEqual({ error: `Google Books request failed: connect ECONNREFUSED 127.0.0.1:${port}` });
  });
});
