'use strict';
// The framework's own floor: one NestJS controller on the Fastify adapter answering ratings' JSON,
// with the id parsed by Nest's ParseIntPipe; no logging, no request id, no hooks, default Node
// options. What a Bookinfo leaf costs beyond this is what the service adds (access log, request
// id, validation, its own flags). Plain CommonJS with the decorators applied by hand, so the
// benchmark runs it without a build.
require('reflect-metadata');
const { Controller, Get, Module, Param, ParseIntPipe } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');

class BareController {
  ratings(id) {
    return { id, ratings: { Reviewer1: 5, Reviewer2: 4 } };
  }

  ready() {
    return { status: 'ok' };
  }
}
const proto = BareController.prototype;
Param('id', ParseIntPipe)(proto, 'ratings', 0);
Get('ratings/:id')(proto, 'ratings', Object.getOwnPropertyDescriptor(proto, 'ratings'));
Get('health/ready')(proto, 'ready', Object.getOwnPropertyDescriptor(proto, 'ready'));
Controller()(BareController);

class BareModule {}
Module({ controllers: [BareController] })(BareModule);

async function main() {
  const app = await NestFactory.create(BareModule, new FastifyAdapter(), { logger: false });
  await app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}
void main();
