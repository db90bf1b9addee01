import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { runWithRequestContext } from '../src/context/request-context';
import { MeshHttp, MeshHttpError, type MeshEndpoint, type MeshHttpOptions } from '../src/http';

/** A stub upstream whose behaviour is chosen by path; it records each request and its connection. */
async function startStub() {
  const seen: { url: string; headers: http.IncomingHttpHeaders; socket: Socket }[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers, socket: req.socket });
    const url = new URL(req.url ?? '/', 'http://stub');
    switch (url.pathname) {
      case '/echo':
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ query: url.search, headers: req.headers }));
        return;
      case '/status':
        res.statusCode = Number(url.searchParams.get('code'));
        res.end('{"error":"nope"}');
        return;
      case '/not-json':
        res.end('<html>oops</html>');
        return;
      case '/silent':
        return; // never answers
      case '/stalls':
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"partial":'); // and nothing more
        return;
      case '/trickle': {
        // Ten bytes, one every 60 ms: never silent for long, but 600 ms in all.
        let sent = 0;
        const timer = setInterval(() => {
          if (res.destroyed || ++sent === 10) {
            clearInterval(timer);
            res.end(res.destroyed ? undefined : 'x');
          } else {
            res.write('x');
          }
        }, 60);
        return;
      }
      case '/big':
        res.end('x'.repeat(10_000));
        return;
      default:
        res.statusCode = 404;
        res.end();
    }
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}

async function failureOf(call: Promise<unknown>): Promise<MeshHttpError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MeshHttpError);
  return error as MeshHttpError;
}

describe('MeshEndpoint (undici pool to one upstream)', () => {
  let stub: Awaited<ReturnType<typeof startStub>>;
  let mesh: MeshHttp;
  let upstream: MeshEndpoint;

  const meshWith = (options: MeshHttpOptions) => {
    const made = new MeshHttp(options);
    meshes.push(made);
    return made;
  };
  const meshes: MeshHttp[] = [];

  beforeAll(async () => {
    stub = await startStub();
    mesh = meshWith({});
    upstream = mesh.endpoint(stub.origin, { timeoutMs: 300, maxBodyBytes: 1_000 });
  });

  afterAll(async () => {
    await Promise.all(meshes.map((made) => made.onApplicationShutdown()));
    await stub.close();
  });

  beforeEach(() => stub.seen.splice(0));

  it('GETs a path with its query and the call headers, and hands back status and body as sent', async () => {
    const response = await upstream.get('/echo?q=isbn:123', { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.query).toBe('?q=isbn:123');
    expect(body.headers.accept).toBe('application/json');
    expect(body.headers.host).toBe(new URL(stub.origin).host);
    expect(upstream.origin).toBe(stub.origin);
  });

  it('answers an error status or a body that is not JSON as it is: the caller judges', async () => {
    await expect(upstream.get('/status?code=503')).resolves.toEqual({ status: 503, body: '{"error":"nope"}' });
    await expect(upstream.get('/not-json')).resolves.toEqual({ status: 200, body: '<html>oops</html>' });
  });

  it('adds the propagated headers of the current request; they win over the call headers', async () => {
    const context = { requestId: 'r-1', headers: { 'x-request-id': 'r-1', 'end-user': 'jason', 'x-b3-traceid': 'abc' } };
    await runWithRequestContext(context, () => upstream.get('/echo', { headers: { 'end-user': 'mallory', accept: '*/*' } }));
    expect(stub.seen[0].headers).toMatchObject({ 'x-request-id': 'r-1', 'end-user': 'jason', 'x-b3-traceid': 'abc', accept: '*/*' });
  });

  it('sends no propagated header outside a request', async () => {
    await upstream.get('/echo');
    expect(stub.seen[0].headers).not.toHaveProperty('x-request-id');
  });

  it('never sends an excluded header (credentials to a third party)', async () => {
    const thirdParty = meshWith({ excludeHeaders: ['cookie', 'authorization'] }).endpoint(stub.origin, {
      timeoutMs: 300,
      maxBodyBytes: 1_000,
    });
    const context = { requestId: 'r-2', headers: { 'x-request-id': 'r-2', cookie: 'session=secret', authorization: 'Bearer t' } };
    await runWithRequestContext(context, () => thirdParty.get('/echo'));
    expect(stub.seen[0].headers['x-request-id']).toBe('r-2');
    expect(stub.seen[0].headers).not.toHaveProperty('cookie');
    expect(stub.seen[0].headers).not.toHaveProperty('authorization');
  });

  it('gives up on a silent upstream after timeoutMs', async () => {
    const error = await failureOf(upstream.get('/silent'));
    expect(error.failure).toBe('timeout');
    expect(error.message).toBe('no answer within 300 ms');
    // The call is really abandoned: its connection is closed, not left waiting for the answer.
    const socket = stub.seen[0].socket;
    for (let wait = 0; wait < 50 && !socket.destroyed; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(socket.destroyed).toBe(true);
  });

  it('gives up on a body that stops arriving for timeoutMs', async () => {
    const error = await failureOf(upstream.get('/stalls'));
    expect(error.failure).toBe('timeout');
  });

  it('fails a call made with an already cancelled signal without sending it', async () => {
    const error = await failureOf(upstream.get('/echo', { signal: AbortSignal.abort(new Error('gone')) }));
    expect(error.message).toBe('cancelled: gone');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stub.seen).toHaveLength(0);
  });

  it('fails a call to a malformed address with a clear reason, and only that call', async () => {
    const malformed = mesh.endpoint('http://reviews.0.0.1:9080', { timeoutMs: 300, maxBodyBytes: 1_000 });
    const error = await failureOf(malformed.get('/reviews/0'));
    expect(error.failure).toBe('failed');
    expect(error.message).toMatch(/invalid url/i);
  });

  it('lets a trickling upstream finish under an idle deadline, and ends it under a total one', async () => {
    await expect(upstream.get('/trickle')).resolves.toEqual({ status: 200, body: 'x'.repeat(10) });
    const total = mesh.endpoint(stub.origin, { timeoutMs: 300, deadline: 'total', maxBodyBytes: 1_000 });
    const error = await failureOf(total.get('/trickle'));
    expect(error.failure).toBe('timeout');
    expect(error.message).toBe('no answer within 300 ms');
  });

  it('refuses a body larger than maxBodyBytes', async () => {
    const error = await failureOf(upstream.get('/big'));
    expect(error.failure).toBe('too-large');
    expect(error.message).toBe('answer larger than 1000 bytes');
  });

  it('reports a refused connection with its code', async () => {
    const closedPort = mesh.endpoint('http://127.0.0.1:9', { timeoutMs: 300, maxBodyBytes: 1_000 });
    const error = await failureOf(closedPort.get('/anything'));
    expect(error.failure).toBe('failed');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('is cancelled by its signal, e.g. a total deadline', async () => {
    const patient = mesh.endpoint(stub.origin, { timeoutMs: 5_000, maxBodyBytes: 1_000 });
    const error = await failureOf(patient.get('/silent', { signal: AbortSignal.timeout(100) }));
    expect(error.failure).toBe('aborted');
    expect(error.message).toMatch(/^cancelled: /);
    const socket = stub.seen[0].socket;
    for (let wait = 0; wait < 50 && !socket.destroyed; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(socket.destroyed).toBe(true);
  });

  it('reuses connections for calls one after the other (keep-alive, the default)', async () => {
    for (let call = 0; call < 6; call++) await upstream.get('/echo');
    // undici may open a second connection when the next call starts before it has filed the last
    // answer as complete; both are then reused.
    expect(new Set(stub.seen.map((request) => request.socket)).size).toBeLessThanOrEqual(2);
    expect(stub.seen[0].headers.connection).toBe('keep-alive');
  });

  it('opens one connection per call with keepAlive: false, saying connection: close', async () => {
    const oneShot = meshWith({ keepAlive: false }).endpoint(stub.origin, { timeoutMs: 300, maxBodyBytes: 1_000 });
    for (let call = 0; call < 3; call++) await oneShot.get('/echo');
    expect(new Set(stub.seen.map((request) => request.socket)).size).toBe(3);
    expect(stub.seen.every((request) => request.headers.connection === 'close')).toBe(true);
  });
});
