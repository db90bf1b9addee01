'use strict';
// What one outgoing call costs through each layer of the kit's call path, in CPU per call: undici's
// `request()` alone, axios on the kit's undici adapter, and `HttpService.get` as the services call
// it. Pairs of GETs against a local node:http server in the same process (so the figure includes
// the server's share, the same for every layer), alternating layers over several rounds.
//   npx nx build service-kit && node tools/bench/call-cost.cjs [calls per round] [rounds]
require('reflect-metadata');
const http = require('node:http');
const { Test } = require('@nestjs/testing');
const { HttpService } = require('@nestjs/axios');
const { firstValueFrom } = require('rxjs');
const { Agent, request } = require('undici');
const { MeshHttpModule } = require('@bookinfo/service-kit/http');

const CALLS = Number(process.argv[2] ?? 8000);
const ROUNDS = Number(process.argv[3] ?? 5);
const BODY = JSON.stringify({ id: 0, ratings: { Reviewer1: 5, Reviewer2: 4 } });
const CONFIG = { timeout: 3000, maxContentLength: 1_000_000, validateStatus: null };

async function main() {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length });
    response.end(BODY);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/ratings/0`;
  const module = await Test.createTestingModule({ imports: [MeshHttpModule.register()] }).compile();
  await module.init();
  const httpService = module.get(HttpService);
  const agent = new Agent();

  const layers = {
    'undici request()': async () => (await request(url, { dispatcher: agent })).body.json(),
    'axios on the undici adapter': async () => (await httpService.axiosRef.get(url, CONFIG)).data,
    'HttpService.get + firstValueFrom': async () => (await firstValueFrom(httpService.get(url, CONFIG))).data,
  };
  const results = Object.fromEntries(Object.keys(layers).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, call] of Object.entries(layers)) {
      for (let i = 0; i < 500; i += 1) await call(); // warm-up
      const before = process.cpuUsage();
      for (let i = 0; i < CALLS / 2; i += 1) await Promise.all([call(), call()]);
      const used = process.cpuUsage(before);
      results[name].push((used.user + used.system) / CALLS);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  process.stdout.write(`| call through | CPU µs per call (median of ${ROUNDS} rounds; lowest–highest) |\n|---|---:|\n`);
  for (const [name, values] of Object.entries(results)) {
    process.stdout.write(`| ${name} | ${median(values).toFixed(0)} (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}) |\n`);
  }
  await module.close();
  await agent.close();
  server.close();
}
void main();
