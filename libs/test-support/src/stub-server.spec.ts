import http from 'node:http';
import { hangUp, json, silent, StubServer, text } from './index';

interface Answer {
  status: number;
  type: string | undefined;
  body: string;
}

/** A GET on its own connection, or the error code when there is no answer within `timeoutMs`. */
function get(url: string, timeoutMs = 5_000): Promise<Answer | string> {
  return new Promise((resolve) => {
    const call = http.get(url, { agent: false, headers: { 'x-test': 'yes' } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], body }));
    });
    call.setTimeout(timeoutMs, () => call.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
    call.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Polls `condition` for up to 5 s; whether it became true. */
async function until(condition: () => boolean): Promise<boolean> {
  for (let wait = 0; wait < 250 && !condition(); wait++) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
}

describe('StubServer', () => {
  let stub: StubServer;

  beforeAll(async () => {
    stub = await StubServer.start();
  });

  afterAll(async () => {
    await stub.close();
  });

  it('listens on 127.0.0.1 and an ephemeral port', () => {
    expect(stub.port).toBeGreaterThan(0);
    expect(stub.origin).toBe(`http://127.0.0.1:${stub.port}`);
  });

  it('records method, URL, headers and the caller port of each request; reset forgets them', async () => {
    stub.reset(json(200, {}));
    await get(`${stub.origin}/a?b=1`);
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({ method: 'GET', url: '/a?b=1', headers: { 'x-test': 'yes' } });
    expect(stub.requests[0].remotePort).toEqual(expect.any(Number));
    stub.reset(json(200, {}));
    expect(stub.requests).toHaveLength(0);
  });

  it('answers with the handler of the moment', async () => {
    stub.reset(json(503, { error: 'down' }));
    expect(await get(stub.origin)).toEqual({ status: 503, type: 'application/json', body: '{"error":"down"}' });
    stub.reset(json(200, '{"broken":'));
    expect(await get(stub.origin)).toEqual({ status: 200, type: 'application/json', body: '{"broken":' });
    stub.reset(text(500, '<html>oops</html>'));
    expect(await get(stub.origin)).toEqual({ status: 500, type: 'text/html', body: '<html>oops</html>' });
  });

  it('hangUp closes the connection without an answer', async () => {
    stub.reset(hangUp);
    expect(await get(stub.origin)).toBe('ECONNRESET');
  });

  it('silent never answers and holds the connection open until the caller gives up', async () => {
    stub.reset(silent);
    const call = get(stub.origin, 1_000);
    expect(await until(() => stub.requests.length === 1)).toBe(true);
    expect(stub.isConnectionOpen(stub.requests[0])).toBe(true);
    expect(await call).toBe('TIMEOUT');
    expect(await until(() => !stub.isConnectionOpen(stub.requests[0]))).toBe(true);
  });

  it('close() cuts the connections a silent handler holds, so the callers see it at once', async () => {
    const other = await StubServer.start(silent);
    const call = get(other.origin, 10_000);
    expect(await until(() => other.requests.length === 1)).toBe(true);
    await other.close();
    expect(await call).toBe('ECONNRESET');
  });
});
