'use strict';
// The chain's yardstick: Bookinfo's call graph as bare Node `http` processes with keep-alive agents,
// no framework, no logging, no validation. ROLE picks the part a process plays:
//   ratings      answers ratings' JSON
//   details      answers details' JSON
//   reviews      GET /reviews/:id calls ratings, then answers the reviews with their stars
//   productpage  GET /productpage calls details and reviews at once, then writes a page of
//                PAGE_BYTES (the real page's size, measured by the bench)
// Upstream addresses come from DETAILS_URL, REVIEWS_URL and RATINGS_URL.
const http = require('node:http');
const { detailsBody, pageHtml, ratingsBody, reviewsBody } = require('./chain-bodies.cjs');

const ROLE = process.env.ROLE;
const agent = new http.Agent({ keepAlive: true });
const READY = JSON.stringify({ status: 'ok' });

function getJson(base, path) {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { agent }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          try {
            resolve(JSON.parse(text));
          } catch (error) {
            reject(error);
          }
        });
      })
      .on('error', reject);
  });
}

function send(response, status, type, body) {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const answer = {
  ratings: async (id) => ratingsBody(id),
  details: async (id) => detailsBody(id),
  reviews: async (id) => reviewsBody(id, await getJson(process.env.RATINGS_URL, `/ratings/${id}`), 'raw'),
};

async function productPage() {
  const [details, reviews] = await Promise.all([
    getJson(process.env.DETAILS_URL, '/details/0'),
    getJson(process.env.REVIEWS_URL, '/reviews/0'),
  ]);
  return pageHtml(details, reviews, Number(process.env.PAGE_BYTES || 0));
}

const server = http.createServer((request, response) => {
  if (request.url === '/health/ready') return send(response, 200, 'application/json', READY);
  const failed = (error) => send(response, 500, 'application/json', JSON.stringify({ error: String(error) }));
  if (ROLE === 'productpage') {
    productPage().then((page) => send(response, 200, 'text/html; charset=utf-8', page), failed);
    return;
  }
  const id = Number(request.url.split('/')[2]);
  answer[ROLE](id).then((body) => send(response, 200, 'application/json', JSON.stringify(body)), failed);
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
