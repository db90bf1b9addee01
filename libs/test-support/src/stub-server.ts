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

/** A real HTTP server on 127.0.0.1 standing in for an upstream; records what it receives. */
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

  static async start(): Promise<StubServer> {
    const stub = new StubServer();
    stub.server.on('connection', (socket) => {
      const port = socket.remotePort;
      if (port === undefined) return;
      stub.openPorts.add(port);
      socket.on('close', () => stub.openPorts.delete(port));
    });
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Whether the connection a request came on is still open (a caller that gave up closes its own). */
  isConnectionOpen(request: RecordedRequest): boolean {
    return request.remotePort !== undefined && this.openPorts.has(request.remotePort);
  }

  reset(handler: StubHandler): void {
    this.requests.length = 0;
    this.handler = handler;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export const json =
  (status: number, body: unknown): StubHandler =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
