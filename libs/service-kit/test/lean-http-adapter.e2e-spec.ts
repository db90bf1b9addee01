import axios, { AxiosError, isCancel, type AxiosInstance } from 'axios';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { leanHttpAdapter } from '../src/http';

/** A stub upstream whose behaviour is chosen by path. */
function startStub(): Promise<{ origin: string; close: () => Promise<void>; seen: http.IncomingMessage[] }> {
  const seen: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req);
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      switch (url.pathname) {
        case '/json':
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ query: Object.fromEntries(url.searchParams), method: req.method, body }));
          return;
        case '/status':
          res.statusCode = Number(url.searchParams.get('code'));
          res.end('{"error":"nope"}');
          return;
        case '/slow':
          setTimeout(() => res.end('late'), 1_000);
          return;
        case '/gzip':
          res.setHeader('content-encoding', 'gzip');
          res.end(zlib.gzipSync('{"compressed":true}'));
          return;
        case '/big':
          res.end('x'.repeat(10_000));
          return;
        default:
          res.statusCode = 404;
          res.end();
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

describe('leanHttpAdapter (axios over plain node:http)', () => {
  let stub: Awaited<ReturnType<typeof startStub>>;
  let client: AxiosInstance;

  beforeAll(async () => {
    stub = await startStub();
    client = axios.create({ adapter: leanHttpAdapter, baseURL: stub.origin, maxRedirects: 0 });
  });
  afterAll(() => stub.close());

  it('GETs and parses JSON, with baseURL, params and headers', async () => {
    const response = await client.get('/json', { params: { q: 'isbn:1' }, headers: { 'end-user': 'jason' } });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ query: { q: 'isbn:1' }, method: 'GET', body: '' });
    expect(response.headers['content-type']).toBe('application/json');
    expect(stub.seen.at(-1)?.headers['end-user']).toBe('jason');
  });

  it('sends a JSON body with its length', async () => {
    const response = await client.post('/json', { stars: 5 });
    expect(response.data.body).toBe('{"stars":5}');
    expect(stub.seen.at(-1)?.headers['content-length']).toBe('11');
  });

  it('rejects a non-2xx with an AxiosError carrying the response, unless validateStatus accepts it', async () => {
    const error: AxiosError = await client.get('/status?code=503').catch((e) => e);
    expect(error).toBeInstanceOf(AxiosError);
    expect(error.message).toBe('Request failed with status code 503');
    expect(error.response?.status).toBe(503);
    expect(error.response?.data).toEqual({ error: 'nope' });
    const accepted = await client.get('/status?code=418', { validateStatus: () => true });
    expect(accepted.status).toBe(418);
  });

  it('times out an idle socket like axios does', async () => {
    const error: AxiosError = await client.get('/slow', { timeout: 100 }).catch((e) => e);
    expect(error.code).toBe('ECONNABORTED');
    expect(error.message).toBe('timeout of 100ms exceeded');
  });

  it('cancels through an AbortSignal', async () => {
    const error = await client.get('/slow', { signal: AbortSignal.timeout(100) }).catch((e) => e);
    expect(isCancel(error)).toBe(true);
  });

  it('reports a refused connection with its code', async () => {
    const error: AxiosError = await axios
      .create({ adapter: leanHttpAdapter })
      .get('http://127.0.0.1:1/')
      .catch((e) => e);
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('enforces maxContentLength', async () => {
    const error: AxiosError = await client.get('/big', { maxContentLength: 1_000 }).catch((e) => e);
    expect(error.message).toBe('maxContentLength size of 1000 exceeded');
  });

  it('decompresses gzip bodies', async () => {
    expect((await client.get('/gzip')).data).toEqual({ compressed: true });
  });

  it('returns text untouched when asked to', async () => {
    const response = await client.get('/json', { responseType: 'text', transformResponse: (body: string) => body });
    expect(typeof response.data).toBe('string');
  });
});
