'use strict';
// The benchmark's baseline: Node's bare `http` answering ratings' JSON. No framework, no logging,
// no request context; what a NestJS service costs is measured against this, in the same run.
const http = require('node:http');

const BODY = JSON.stringify({ id: 0, ratings: { Reviewer1: 5, Reviewer2: 4 } });
const READY = JSON.stringify({ status: 'ok' });

const server = http.createServer((request, response) => {
  const body = request.url === '/health/ready' ? READY : BODY;
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
