'use strict';
// The idiom's own floor for a chain: Bookinfo's call graph as bare NestJS + Fastify apps that call
// each other through HttpService from @nestjs/axios (axios's own Node adapter, keep-alive agent),
// with no logging, no request context, no metrics, no validation beyond ParseIntPipe. ROLE and the
// upstream addresses are those of raw-chain-server.cjs; the page is a string of PAGE_BYTES.
require('reflect-metadata');
const http = require('node:http');
const { Controller, Get, Module, Param, ParseIntPipe, Header } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const { HttpModule, HttpService } = require('@nestjs/axios');
const { firstValueFrom } = require('rxjs');
const { detailsBody, pageHtml, ratingsBody, reviewsBody } = require('./chain-bodies.cjs');

const ROLE = process.env.ROLE;
const TIMEOUT_MS = 3000;

class ChainController {
  constructor(http) {
    this.http = http;
  }

  async get(url) {
    return (await firstValueFrom(this.http.get(url, { timeout: TIMEOUT_MS }))).data;
  }

  ratings(id) {
    return ratingsBody(id);
  }

  details(id) {
    return detailsBody(id);
  }

  async reviews(id) {
    return reviewsBody(id, await this.get(`${process.env.RATINGS_URL}/ratings/${id}`), 'bare-nest');
  }

  async productpage() {
    const [details, reviews] = await Promise.all([this.get(`${process.env.DETAILS_URL}/details/0`), this.get(`${process.env.REVIEWS_URL}/reviews/0`)]);
    return pageHtml(details, reviews, Number(process.env.PAGE_BYTES || 0));
  }

  ready() {
    return { status: 'ok' };
  }
}

// Decorators applied by hand, so the benchmark runs this without a build.
const proto = ChainController.prototype;
const route = (path, method) => Get(path)(proto, method, Object.getOwnPropertyDescriptor(proto, method));
for (const method of ['ratings', 'details', 'reviews']) {
  Param('id', ParseIntPipe)(proto, method, 0);
  route(`${method}/:id`, method);
}
Header('content-type', 'text/html; charset=utf-8')(proto, 'productpage', Object.getOwnPropertyDescriptor(proto, 'productpage'));
route('productpage', 'productpage');
route('health/ready', 'ready');
Controller()(ChainController);
Reflect.defineMetadata('design:paramtypes', [HttpService], ChainController);

class ChainModule {}
Module({
  imports: [HttpModule.register({ httpAgent: new http.Agent({ keepAlive: true }) })],
  controllers: [ChainController],
})(ChainModule);

async function main() {
  if (!['ratings', 'details', 'reviews', 'productpage'].includes(ROLE)) throw new Error(`ROLE must be ratings, details, reviews or productpage; got ${ROLE}`);
  const app = await NestFactory.create(ChainModule, new FastifyAdapter(), { logger: false });
  await app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}
void main();
