#!/usr/bin/env node
// A/B of the productpage chain (productpage, details, reviews v2, ratings) built from two
// checkouts, e.g. main before a change and the branch after it: the two chains run alternately on
// the same machine, and each round prints req/s under saturation and CPU µs per page (user +
// system of the four processes), saturated and at a fixed 200 pages/s. Medians at the end.
//   node tools/bench/ab-chain.mjs <checkout A> <checkout B> [rounds]
// Each checkout must have its services built (dist/services); its own launcher (tools/lib) starts them.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import autocannon from 'autocannon';

const [a, b, roundsArg = '6'] = process.argv.slice(2);
if (!a || !b || !(Number(roundsArg) >= 1)) {
  process.stderr.write('usage: node tools/bench/ab-chain.mjs <checkout A> <checkout B> [rounds]\n');
  process.exit(2);
}
const sides = { A: path.resolve(a), B: path.resolve(b) };
const require = createRequire(import.meta.url);
const { freePorts } = require('../../libs/test-support/src/free-port.cjs');
const { cpuSeconds, median } = require('../lib/proc-stats.cjs');
/** CPU seconds the processes have used so far, together. */
const cpuSecondsOf = (pids) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);

async function measure(checkout) {
  const lib = (name) => require(path.join(checkout, 'tools', 'lib', name));
  // Checkouts from before the launcher's split kept all of it in stack.cjs.
  const { launch, planStack } = existsSync(path.join(checkout, 'tools', 'lib', 'stack.cjs'))
    ? lib('stack.cjs')
    : { ...lib('plan.cjs'), ...lib('supervisor.cjs') };
  const [productpage, details, reviewsV1, reviewsV2, reviewsV3, ratings] = await freePorts(6);
  const specs = planStack({
    ports: { productpage, details, 'reviews-v1': reviewsV1, 'reviews-v2': reviewsV2, 'reviews-v3': reviewsV3, ratings },
    productpageHost: '127.0.0.1',
  }).filter((spec) => !['reviews-v1', 'reviews-v3'].includes(spec.name));
  const stack = await launch(specs, { logDir: path.join(checkout, 'tmp', 'ab-chain-logs'), logsStraightToFile: true });
  try {
    const pids = stack.processes.map((service) => service.pid);
    const url = `${stack.url('productpage')}/productpage`;
    await autocannon({ url, connections: 50, duration: 8 });
    let before = cpuSecondsOf(pids);
    const saturated = await autocannon({ url, connections: 50, duration: 10 });
    const saturatedCpu = ((cpuSecondsOf(pids) - before) * 1e6) / saturated.requests.total;
    before = cpuSecondsOf(pids);
    const fixed = await autocannon({ url, connections: 10, duration: 10, overallRate: 200 });
    const fixedCpu = ((cpuSecondsOf(pids) - before) * 1e6) / fixed.requests.total;
    const errors = saturated.non2xx + saturated.errors + fixed.non2xx + fixed.errors;
    return { reqPerSec: saturated.requests.average, saturatedCpu, fixedCpu, errors };
  } finally {
    await stack.stop();
  }
}

const results = { A: [], B: [] };
for (let round = 0; round < Number(roundsArg); round += 1) {
  for (const side of round % 2 ? ['B', 'A'] : ['A', 'B']) {
    const result = await measure(sides[side]);
    results[side].push(result);
    process.stdout.write(
      `round ${round + 1} ${side}: ${result.reqPerSec.toFixed(0)} req/s, ${result.saturatedCpu.toFixed(0)} CPU µs/page saturated, ` +
        `${result.fixedCpu.toFixed(0)} at 200 pages/s, errors ${result.errors}\n`,
    );
  }
}
for (const key of ['reqPerSec', 'saturatedCpu', 'fixedCpu']) {
  const [medianA, medianB] = ['A', 'B'].map((side) => median(results[side].map((result) => result[key])));
  process.stdout.write(`${key}: A ${medianA.toFixed(0)}, B ${medianB.toFixed(0)}, B/A ${(medianB / medianA).toFixed(3)}\n`);
}
