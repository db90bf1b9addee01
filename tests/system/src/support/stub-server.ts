import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real upstream on 127.0.0.1 that the test controls: it records requests and answers as told. */
export interface StubServer {
  port: number;
  requests: IncomingMessage[];
  /** Resolves when the next request arrives. */
  nextRequest(): Promise<IncomingMessage>;
  close(): Promise<void>;
}

export async function startStubServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<StubServer> {
  const requests: IncomingMessage[] = [];
  const waiting: Array<(request: IncomingMessage) => void> = [];
  const server: Server = createServer((request, response) => {
    requests.push(request);
    waiting.splice(0).forEach((resolve) => resolve(request));
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers `body` as JSON after `delayMs`: a slow upstream keeps a request in flight. */
export function delayedJson(body: unknown, delayMs: number) {
  return (_request: IncomingMessage, response: ServerResponse) => {
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    }, delayMs);
  };
}
