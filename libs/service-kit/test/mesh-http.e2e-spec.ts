import { HttpService } from '@nestjs/axios';
import { Test, type TestingModule } from '@nestjs/testing';
import { freePort, json, silent, StubServer } from '@bookinfo/test-support';
import { AxiosError, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { runWithRequestContext } from '../src/context/request-context';
import { MeshHttpModule, type MeshHttpOptions } from '../src/http';

/** A deadline no happy-path call comes near on a loaded machine. */
const GENEROUS_MS = 3_000;
/** The deadline of the timeout tests: their stubs are silent, and it is far from GENEROUS_MS. */
const TIMEOUT_MS = 500;

/** Sends headers promising `length` bytes, then the first `sent` of them, then nothing. */
const stallingBody =
  (length = 100, sent = '{"partial":') =>
  (_request: unknown, response: import('node:http').ServerResponse) => {
    response.writeHead(200, { 'content-length': String(length) });
    response.write(sent);
  };

/** `count` bytes, one every `everyMs`: never silent for long, but slow in all. */
const trickle =
  (count: number, everyMs: number) =>
  (_request: unknown, response: import('node:http').ServerResponse) => {
    let sent = 0;
    const timer = setInterval(() => {
      if (response.destroyed) return clearInterval(timer);
      sent += 1;
      if (sent < count) return response.write('x');
      clearInterval(timer);
      response.end('x');
    }, everyMs);
  };

async function until(condition: () => boolean, withinMs = GENEROUS_MS): Promise<boolean> {
  const giveUpAt = Date.now() + withinMs;
  while (Date.now() < giveUpAt) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

describe('MeshHttpModule: HttpService from @nestjs/axios over undici', () => {
  let stub: StubServer;
  const modules: TestingModule[] = [];

  async function httpServiceWith(options: MeshHttpOptions = {}): Promise<{ http: HttpService; module: TestingModule }> {
    const module = await Test.createTestingModule({ imports: [MeshHttpModule.register(options)] }).compile();
    await module.init();
    modules.push(module);
    return { http: module.get(HttpService), module };
  }

  function get(http: HttpService, path: string, config: AxiosRequestConfig = {}): Promise<AxiosResponse<unknown>> {
    return firstValueFrom(http.get<unknown>(stub.origin + path, { timeout: GENEROUS_MS, ...config }));
  }

  async function failureOf(call: Promise<unknown>): Promise<AxiosError> {
    const error = await call.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AxiosError);
    return error as AxiosError;
  }

  let http: HttpService;

  beforeAll(async () => {
    stub = await StubServer.start();
    ({ http } = await httpServiceWith());
  });

  afterAll(async () => {
    await Promise.all(modules.map((module) => module.close()));
    await stub.close();
  });

  describe('answers', () => {
    it('GETs a URL with its query and headers, and hands back status, headers and the parsed JSON body', async () => {
      stub.reset(json(200, { books: 1 }));
      const response = await get(http, '/volumes?q=isbn:123', { headers: { accept: 'application/json' } });
      expect(response.status).toBe(200);
      expect(response.data).toEqual({ books: 1 });
      expect(response.headers['content-type']).toBe('application/json');
      expect(stub.requests[0]).toMatchObject({ method: 'GET', url: '/volumes?q=isbn:123' });
      expect(stub.requests[0].headers.accept).toBe('application/json');
    });

    it('keeps a body that is not JSON as the text it came as', async () => {
      stub.reset((_request, response) => response.end('<html>oops</html>'));
      await expect(get(http, '/page')).resolves.toMatchObject({ status: 200, data: '<html>oops</html>' });
    });

    it('rejects an error status by default, with the answer attached', async () => {
      stub.reset(json(503, { error: 'nope' }));
      const error = await failureOf(get(http, '/down'));
      expect(error.message).toBe('Request failed with status code 503');
      expect(error.response?.status).toBe(503);
      expect(error.response?.data).toEqual({ error: 'nope' });
    });

    it('hands back any status when validateStatus is null: the caller judges', async () => {
      stub.reset(json(404, { error: 'Not found' }));
      await expect(get(http, '/missing', { validateStatus: null })).resolves.toMatchObject({ status: 404 });
    });
  });

  describe('header propagation', () => {
    const context = {
      requestId: 'r-1',
      headers: { 'x-request-id': 'r-1', 'end-user': 'jason', 'x-b3-traceid': 'abc', cookie: 'session=s' },
    };

    it("adds the current request's propagated headers; they win over headers the caller set", async () => {
      stub.reset(json(200, {}));
      await runWithRequestContext(context, () => get(http, '/echo', { headers: { 'end-user': 'mallory', accept: '*/*' } }));
      expect(stub.requests[0].headers).toMatchObject({
        'x-request-id': 'r-1',
        'end-user': 'jason',
        'x-b3-traceid': 'abc',
        cookie: 'session=s',
        accept: '*/*',
      });
    });

    it('sends no propagated header outside a request', async () => {
      stub.reset(json(200, {}));
      await get(http, '/echo');
      expect(stub.requests[0].headers).not.toHaveProperty('x-request-id');
    });

    it('sends none of them with propagateHeaders: false (a third party such as Google Books)', async () => {
      const { http: thirdParty } = await httpServiceWith({ propagateHeaders: false });
      stub.reset(json(200, {}));
      await runWithRequestContext(context, () => get(thirdParty, '/echo'));
      for (const name of Object.keys(context.headers)) expect(stub.requests[0].headers).not.toHaveProperty(name);
    });
  });

  describe('deadlines and cancellation', () => {
    it('gives up on a silent upstream after `timeout`, and closes the connection', async () => {
      stub.reset(silent);
      const error = await failureOf(get(http, '/silent', { timeout: TIMEOUT_MS }));
      expect(error.code).toBe('ECONNABORTED');
      expect(error.message).toBe(`timeout of ${TIMEOUT_MS}ms exceeded`);
      expect(await until(() => !stub.isConnectionOpen(stub.requests[0]))).toBe(true);
    });

    it('gives up on a body that stops arriving for `timeout`', async () => {
      stub.reset(stallingBody());
      const error = await failureOf(get(http, '/stalls', { timeout: TIMEOUT_MS }));
      expect(error.message).toBe(`timeout of ${TIMEOUT_MS}ms exceeded`);
    });

    it('lets a slow but steady upstream finish: `timeout` is an idle deadline, as in axios and upstream', async () => {
      // 12 bytes, 200 ms apart: 2.4 s in all, never silent for long next to the 2 s deadline.
      stub.reset(trickle(12, 200));
      await expect(get(http, '/trickle', { timeout: 2_000 })).resolves.toMatchObject({ data: 'x'.repeat(12) });
    });

    it('is aborted when its subscriber leaves, e.g. an RxJS total deadline, and closes the connection', async () => {
      stub.reset(silent);
      const call = http.get(`${stub.origin}/silent`, { timeout: GENEROUS_MS }).pipe(timeout(TIMEOUT_MS));
      await expect(lastValueFrom(call)).rejects.toThrow('Timeout has occurred');
      expect(await until(() => !stub.isConnectionOpen(stub.requests[0]))).toBe(true);
    });

    it('fails a call made with an already cancelled signal without sending it', async () => {
      stub.reset(json(200, {}));
      const error = await failureOf(get(http, '/never', { signal: AbortSignal.abort() }));
      expect(error.code).toBe('ERR_CANCELED');
      expect(stub.requests).toHaveLength(0);
    });

    it('aborts the calls in flight when the application shuts down, instead of waiting for their deadline', async () => {
      const { http: closing, module } = await httpServiceWith();
      stub.reset(silent);
      const inFlight = get(closing, '/silent', { timeout: GENEROUS_MS });
      expect(await until(() => stub.requests.length === 1)).toBe(true);
      const startedClosing = Date.now();
      await module.close();
      const error = await failureOf(inFlight);
      expect(Date.now() - startedClosing).toBeLessThan(GENEROUS_MS);
      expect(error.message).not.toMatch(/timeout/);
      expect(await until(() => !stub.isConnectionOpen(stub.requests[0]))).toBe(true);
    });
  });

  describe('failures', () => {
    it('refuses a body larger than maxContentLength, and closes the connection', async () => {
      // The body is still arriving when it is refused, so the connection cannot go back to the pool.
      // (A body that had arrived whole would leave it there for reuse, which is fine.)
      stub.reset(stallingBody(100_000, 'x'.repeat(10_000)));
      const error = await failureOf(get(http, '/big', { maxContentLength: 1_000 }));
      expect(error.code).toBe('ERR_BAD_RESPONSE');
      expect(error.message).toBe('maxContentLength size of 1000 exceeded');
      expect(await until(() => !stub.isConnectionOpen(stub.requests[0]))).toBe(true);
    });

    it('reports a refused connection with its code', async () => {
      // Nothing listens on a free port.
      const port = await freePort();
      const error = await failureOf(firstValueFrom(http.get(`http://127.0.0.1:${port}/anything`, { timeout: GENEROUS_MS })));
      expect(error.code).toBe('ECONNREFUSED');
      expect(error.message).toContain('ECONNREFUSED');
    });

    it('fails a call to a malformed address with a clear reason, and only that call', async () => {
      const error = await failureOf(firstValueFrom(http.get('http://reviews.0.0.1:9080/reviews/0')));
      expect(error.message).toMatch(/invalid url/i);
      stub.reset(json(200, {}));
      await expect(get(http, '/still-fine')).resolves.toMatchObject({ status: 200 });
    });
  });

  describe('connections', () => {
    it('reuses connections for calls one after the other (keep-alive, the default)', async () => {
      stub.reset(json(200, {}));
      for (let call = 0; call < 6; call++) await get(http, '/echo');
      // undici may open a second connection when the next call starts before it has filed the last
      // answer as complete; both are then reused.
      expect(new Set(stub.requests.map((request) => request.remotePort)).size).toBeLessThanOrEqual(2);
      expect(stub.requests[0].headers.connection).toBe('keep-alive');
    });

    it('opens one connection per call with keepAlive: false, saying connection: close', async () => {
      const { http: oneShot } = await httpServiceWith({ keepAlive: false });
      stub.reset(json(200, {}));
      for (let call = 0; call < 3; call++) await get(oneShot, '/echo');
      expect(new Set(stub.requests.map((request) => request.remotePort)).size).toBe(3);
      expect(stub.requests.every((request) => request.headers.connection === 'close')).toBe(true);
    });
  });
});
