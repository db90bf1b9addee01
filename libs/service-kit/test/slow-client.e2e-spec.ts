import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { StubServer } from '@bookinfo/test-support';
import { connect, type AddressInfo } from 'node:net';
import { createFastifyAdapter, loadConfig, setupServiceApp } from '../src/index';
import { EchoAppModule, EchoConfig } from './fixtures/echo-app';

/** The bound under test: short, so the test is quick; Node checks every second on top of it. */
const RECEIVE_TIMEOUT_MS = 1000;
/** Far past the bound plus one check: a connection still open then was not cut off. */
const GIVE_UP_MS = 15_000;

/** Writes `text` on a new connection and never sends more; resolves when the server closes it. */
function stall(port: number, text: string): Promise<{ closedAfterMs: number; received: string }> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    let received = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve({ closedAfterMs: performance.now() - startedAt, received }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the connection was still open after ${GIVE_UP_MS} ms`));
    }, GIVE_UP_MS).unref();
  });
}

describe('a client that stalls while sending its request', () => {
  let upstream: StubServer;
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    upstream = await StubServer.start();
    const moduleRef = await Test.createTestingModule({ imports: [EchoAppModule] })
      .overrideProvider(EchoConfig)
      .useValue(
        loadConfig(EchoConfig, {
          LOG_LEVEL: 'silent',
          UPSTREAM_PORT: new URL(upstream.origin).port,
          REQUEST_RECEIVE_TIMEOUT_MS: String(RECEIVE_TIMEOUT_MS),
        }),
      )
      .compile();
    const options = { name: 'echo' };
    app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(options));
    await setupServiceApp(app, options);
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app?.close();
    await upstream?.close();
  });

  it('that promised a body is answered 408 and cut off after REQUEST_RECEIVE_TIMEOUT_MS', async () => {
    const { closedAfterMs, received } = await stall(
      port,
      'POST /call HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"par',
    );
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(RECEIVE_TIMEOUT_MS * 0.9);
  });

  it('that never finishes its headers is cut off too', async () => {
    const { closedAfterMs } = await stall(port, 'GET /slow HTTP/1.1\r\nHost: localhost\r\nX-Partial: ');
    expect(closedAfterMs).toBeGreaterThanOrEqual(RECEIVE_TIMEOUT_MS * 0.9);
  });

  it('does not cut off a request that arrived in time, however long its handler takes', async () => {
    const handlerMs = RECEIVE_TIMEOUT_MS * 3;
    const response = await fetch(`http://127.0.0.1:${port}/slow?ms=${handlerMs}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
  });
});
