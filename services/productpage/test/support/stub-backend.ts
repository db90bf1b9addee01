import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hit {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** Tells connections apart: the same port means a reused connection. */
  readonly remotePort: number | undefined;
}

type Behaviour = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A real HTTP backend on 127.0.0.1 and an ephemeral port that records every request it gets and
 * answers however the test says: JSON, a status, a broken body, a late answer, or a dropped socket.
 */
export class StubBackend {
  readonly hits: Hit[] = [];
  private behaviour: Behaviour = (_request, response) => json(response, 200, {});
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<StubBackend> {
    const server = http.createServer();
    const stub = new StubBackend(server);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      stub.hits.push({ url: request.url ?? '', headers: request.headers, remotePort: request.socket.remotePort });
      stub.behaviour(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Forget the hits and answer `body` with `status` from now on. */
  respondJson(body: unknown, status = 200): void {
    this.reset((_request, response) => json(response, status, body));
  }

  /** A body that is not JSON, e.g. an HTML error page, with the given status. */
  respondText(text: string, status = 200): void {
    this.reset((_request, response) => {
      response.writeHead(status, { 'content-type': 'text/html' });
      response.end(text);
    });
  }

  /** Answer only after `delayMs` (beyond the client's deadline in the tests). */
  respondLate(delayMs: number, body: unknown): void {
    this.reset((_request, response) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!response.destroyed) json(response, 200, body);
      }, delayMs);
      this.timers.add(timer);
    });
  }

  /** Close the connection without answering. */
  dropConnection(): void {
    this.reset((request) => request.socket.destroy());
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private reset(behaviour: Behaviour): void {
    this.hits.length = 0;
    this.behaviour = behaviour;
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** A port on 127.0.0.1 where nothing listens (connection refused). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
