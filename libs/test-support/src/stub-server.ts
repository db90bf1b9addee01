import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The caller's port: requests with the same one came over the same connection. */
  remotePort: number | undefined;
}

export type StubHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A real HTTP server on 127.0.0.1 and an ephemeral port, standing in for an upstream: it records
 * every request it receives and answers with `handler`, which each test sets for itself (`reset`).
 */
export class StubServer {
  readonly requests: RecordedRequest[] = [];
  /** What the next requests get; tests swap it. */
  handler: StubHandler = (_request, response) => response.end();

  private readonly server = http.createServer((request, response) => {
    this.requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      remotePort: request.socket.remotePort,
    });
    this.handler(request, response);
  });

  private readonly openPorts = new Set<number>();

  /** Starts listening; `handler` answers until a test says otherwise (an empty 200 by default). */
  static async start(handler?: StubHandler): Promise<StubServer> {
    const stub = new StubServer();
    if (handler) stub.handler = handler;
    stub.server.on('connection', (socket) => {
      const port = socket.remotePort;
      if (port === undefined) return;
      stub.openPorts.add(port);
      socket.on('close', () => stub.openPorts.delete(port));
    });
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Whether the connection a request came on is still open (a caller that gave up closes its own). */
  isConnectionOpen(request: RecordedRequest): boolean {
    return request.remotePort !== undefined && this.openPorts.has(request.remotePort);
  }

  /** Forgets the requests recorded so far and answers with `handler` from now on. */
  reset(handler: StubHandler): void {
    this.requests.length = 0;
    this.handler = handler;
  }

  /** Stops listening and cuts every open connection, including those a `silent` handler holds. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Answers `status` with `body` as JSON; a string body is sent as it is (e.g. malformed JSON). */
export const json =
  (status: number, body: unknown): StubHandler =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

/** Answers `status` with a body that is not JSON, e.g. an HTML error page. */
export const text =
  (status: number, body: string, contentType = 'text/html'): StubHandler =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  };

/** Never answers and keeps the connection open: the caller's deadline is what ends the call. */
export const silent: StubHandler = () => undefined;

/** Closes the connection without answering. */
export const hangUp: StubHandler = (request) => request.socket.destroy();
