'use strict';
// The benchmark's OTLP endpoint for `productpage-traced`: accepts every POST (spans in any of
// the OTLP/HTTP encodings), reads and drops the body, answers 200. It counts the requests and
// bytes, so a run can tell that spans did arrive (GET /stats).
const http = require('node:http');

const READY = JSON.stringify({ status: 'ok' });
let posts = 0;
let bytes = 0;

const server = http.createServer((request, response) => {
  if (request.method !== 'POST') {
    const body = request.url === '/stats' ? JSON.stringify({ posts, bytes }) : READY;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
    return;
  }
  request.on('data', (chunk) => {
    bytes += chunk.length;
  });
  request.on('end', () => {
    posts += 1;
    // An empty ExportTraceServiceResponse, in the encoding the exporter sent.
    const json = /json/.test(request.headers['content-type'] ?? '');
    response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
    response.end(json ? '{}' : '');
  });
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
