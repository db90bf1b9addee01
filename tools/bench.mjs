#!/usr/bin/env node
// `npm run bench`: throughput, latency, memory and start-up time of each service next to three
// yardsticks measured in the same run: a bare Node `http` server answering the same JSON, a bare
// NestJS route, and the same call chain as bare `http` processes. Not a test: machines are noisy,
// so it prints medians of alternating rounds and leaves judging to the reader.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import plan from './lib/plan.cjs';
import portLayout from './lib/ports.cjs';
import procStats from './lib/proc-stats.cjs';
import supervisor from './lib/supervisor.cjs';

const { ROOT, SERVICE_PROJECTS, buildProjects, planStack } = plan;
const { assertPortsFree, freeBasePort, resolvePorts } = portLayout;
const { describeExit, launch, sleep } = supervisor;
const { cpuSeconds, median, peakRssMb } = procStats;

const HELP = `Usage: npm run bench [-- options]

Options:
  --duration S      seconds of measured load per target and round (default 10)
  --warmup S        seconds of load before measuring a single process (default 3)
  --chain-warmup S  the same for a chain of services (default 10: each process in a chain sees
                    only part of the load, so V8 takes longer to optimise its hot paths)
  --rounds N        alternating rounds; medians are reported (default 3)
  --connections N   concurrent connections (default 50)
  --tool T          wrk | autocannon (default: wrk when installed, else autocannon)
  --threads N       wrk threads (default 2, wrk's own default: the setting behind the issues'
                    reference figures; 1 leaves the server a core of its own)
  --targets LIST    comma-separated subset of: ${'raw,nest,ratings,details,reviews-v1,reviews-v2,productpage,productpage-traced'}
                    (raw and nest are always measured, and the raw chain of reviews-v2 and
                    productpage with them: every ratio is to one of these)
  --skip-build      use what is already in dist/
  -h, --help`;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    'chain-warmup': { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    tool: { type: 'string' },
    threads: { type: 'string', default: '2' },
    targets: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

function positiveInteger(name) {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`bench: --${name} must be a positive integer; got "${args[name]}"\n`);
    process.exit(2);
  }
  return value;
}
const duration = positiveInteger('duration');
const warmup = positiveInteger('warmup');
const chainWarmup = positiveInteger('chain-warmup');
const rounds = positiveInteger('rounds');
const connections = positiveInteger('connections');
const threads = positiveInteger('threads');
const wrkInstalled = spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).status === 0;
const tool = args.tool ?? (wrkInstalled ? 'wrk' : 'autocannon');
if (!['wrk', 'autocannon'].includes(tool) || (tool === 'wrk' && !wrkInstalled)) {
  process.stderr.write(`bench: --tool must be autocannon${wrkInstalled ? ' or wrk' : ' (wrk is not installed)'}\n`);
  process.exit(2);
}

const LOG_DIR = path.join(ROOT, 'tmp', 'bench-logs');
const RAW_SERVER = path.join(ROOT, 'tools', 'bench', 'raw-server.cjs');
const BARE_NEST_SERVER = path.join(ROOT, 'tools', 'bench', 'bare-nest-server.cjs');
const RAW_CHAIN_SERVER = path.join(ROOT, 'tools', 'bench', 'raw-chain-server.cjs');
const BARE_NEST_CHAIN_SERVER = path.join(ROOT, 'tools', 'bench', 'bare-nest-chain-server.cjs');
const OTLP_SINK = path.join(ROOT, 'tools', 'bench', 'otlp-sink.cjs');

/**
 * What each target runs (the measured process first, then what it calls), the yardstick its ratio
 * goal is judged against, and the goal the issues set for it. The services run with their default
 * LOG_LEVEL (info: one access-log line per request) into a file: the logging cost is part of the
 * price. `pageBytes` is the real page's size, which the raw chain's page matches.
 */
function targets(ports, pageBytes) {
  const specs = Object.fromEntries(planStack({ ports, productpageHost: '127.0.0.1', reviewsVersion: 'v2' }).map((spec) => [spec.name, spec]));
  // The same chain with tracing on: every service exports its spans (OTLP's default protocol,
  // http/protobuf, at the SDK's default batching) to a sink that reads and drops them.
  const sink = { name: 'otlp-sink', project: 'ratings', script: OTLP_SINK, host: '127.0.0.1', port: ports.sink, env: {}, stopTier: 3 };
  const tracingEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.sink}` };
  const traced = Object.fromEntries(
    planStack({ ports, productpageHost: '127.0.0.1', reviewsVersion: 'v2', env: tracingEnv }).map((spec) => [spec.name, spec]),
  );
  const raw = { name: 'raw-node-http', project: 'ratings', script: RAW_SERVER, host: '127.0.0.1', port: ports.ratings, env: {}, stopTier: 0 };
  const bareNest = { ...raw, name: 'bare-nestjs', script: BARE_NEST_SERVER };
  const urlOf = (port) => `http://127.0.0.1:${port}`;
  const rawPart = (role, port, env = {}) => ({ ...raw, name: `raw-${role}`, script: RAW_CHAIN_SERVER, port, env: { ROLE: role, ...env } });
  const rawRatings = rawPart('ratings', ports.ratings);
  const rawDetails = rawPart('details', ports.details);
  const rawReviews = rawPart('reviews', ports['reviews-v2'], { RATINGS_URL: urlOf(ports.ratings) });
  const rawPage = rawPart('productpage', ports.productpage, {
    DETAILS_URL: urlOf(ports.details),
    REVIEWS_URL: urlOf(ports['reviews-v2']),
    PAGE_BYTES: String(pageBytes),
  });
  // The same chain as bare NestJS apps calling each other through HttpService: what the stack the
  // brief prescribes costs before any of our own code.
  const nestPart = (part) => ({ ...part, name: part.name.replace('raw-', 'nest-'), script: BARE_NEST_CHAIN_SERVER });
  // A leaf is judged against the framework's own floor (what NestJS costs is not ours to win back),
  // with the backends issue's latency and memory bounds.
  const leafGoal = { ratio: 0.75, yardstick: 'nest', p99: 15, rssMb: 120 };
  return [
    { name: 'raw', label: 'raw node:http (same JSON)', path: '/ratings/0', specs: [raw] },
    // Not a goal: the framework's own cost, so the table shows what the services add to it.
    { name: 'nest', label: 'bare NestJS + Fastify route (same JSON)', path: '/ratings/0', specs: [bareNest] },
    { name: 'ratings', label: 'ratings v1 GET /ratings/0', path: '/ratings/0', specs: [specs.ratings], goal: leafGoal },
    { name: 'details', label: 'details GET /details/0', path: '/details/0', specs: [specs.details], goal: leafGoal },
    { name: 'reviews-v1', label: 'reviews v1 GET /reviews/0', path: '/reviews/0', specs: [specs['reviews-v1']], goal: leafGoal },
    {
      name: 'raw-chain-reviews',
      label: 'raw node:http chain: reviews -> ratings',
      path: '/reviews/0',
      specs: [rawReviews, rawRatings],
      yardstickOf: 'reviews-v2',
    },
    {
      name: 'nest-chain-reviews',
      label: 'bare NestJS + @nestjs/axios chain: reviews -> ratings',
      path: '/reviews/0',
      specs: [nestPart(rawReviews), nestPart(rawRatings)],
      yardstickOf: 'reviews-v2',
      chainYardstick: 'raw-chain-reviews',
    },
    {
      name: 'reviews-v2',
      label: 'reviews v2 GET /reviews/0 (-> ratings)',
      path: '/reviews/0',
      specs: [specs['reviews-v2'], specs.ratings],
      goal: { ratio: 0.6, yardstick: 'raw-chain-reviews', p99: leafGoal.p99, rssMb: leafGoal.rssMb },
    },
    {
      name: 'raw-chain-productpage',
      label: 'raw node:http chain: productpage -> details, reviews -> ratings',
      path: '/productpage',
      specs: [rawPage, rawDetails, rawReviews, rawRatings],
      yardstickOf: 'productpage',
    },
    {
      name: 'nest-chain-productpage',
      label: 'bare NestJS + @nestjs/axios chain: productpage -> details, reviews -> ratings',
      path: '/productpage',
      specs: [nestPart(rawPage), nestPart(rawDetails), nestPart(rawReviews), nestPart(rawRatings)],
      yardstickOf: 'productpage',
      chainYardstick: 'raw-chain-productpage',
    },
    {
      name: 'productpage',
      label: 'productpage GET /productpage (-> details, reviews v2 -> ratings)',
      path: '/productpage',
      specs: [specs.productpage, specs.details, specs['reviews-v2'], specs.ratings],
      goal: { ratio: 0.45, yardstick: 'raw-chain-productpage', p99: 60 },
    },
    {
      name: 'productpage-traced',
      label: 'productpage with tracing on (every service exports spans over OTLP to a local sink)',
      path: '/productpage',
      specs: [traced.productpage, traced.details, traced['reviews-v2'], traced.ratings],
      // Runs beside the chain but is not measured: the collector's work is not the app's.
      support: [sink],
    },
  ];
}

async function loadWithAutocannon(url, seconds) {
  const result = await autocannon({ url, connections, duration: seconds });
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
    failureDetail: `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
  };
}

function wrkMs(text) {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!match) return NaN;
  return Number(match[1]) * { us: 0.001, ms: 1, s: 1000 }[match[2]];
}

async function loadWithWrk(url, seconds) {
  const run = spawnSync('wrk', [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency', url], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr}`);
  const out = run.stdout;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    reqPerSec: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50: wrkMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? ''),
    p99: wrkMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? ''),
    failures: non2xx + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
    failureDetail: `non-2xx ${non2xx}${socketErrors ? `, socket errors ${socketErrors[0].replace('Socket errors: ', '')}` : ''}`,
  };
}

const load = tool === 'wrk' ? loadWithWrk : loadWithAutocannon;

/** Seconds of load before measuring: longer for a chain, whose processes each see part of the load. */
function warmupFor(target) {
  return target.specs.length > 1 ? chainWarmup : warmup;
}

async function measure(target) {
  // What the target calls starts first, so its own time-to-ready is not inflated by others
  // starting on the same cores.
  const [measuredSpec, ...upstreamSpecs] = target.specs;
  const support = target.support ? await launch(target.support, { logDir: LOG_DIR, logsStraightToFile: true }) : undefined;
  try {
    return await measureChain(target, measuredSpec, upstreamSpecs);
  } finally {
    await support?.stop();
  }
}

async function measureChain(target, measuredSpec, upstreamSpecs) {
  const upstreams = upstreamSpecs.length > 0 ? await launch(upstreamSpecs, { logDir: LOG_DIR, logsStraightToFile: true }) : undefined;
  try {
    const stack = await launch([measuredSpec], { logDir: LOG_DIR, logsStraightToFile: true });
    try {
      const measured = stack.processes[0];
      const url = `${measured.url}${target.path}`;
      await load(url, warmupFor(target));
      const processes = [measured, ...(upstreams?.processes ?? [])];
      const cpuBefore = processes.map((service) => cpuSeconds(service.pid));
      const result = await load(url, duration);
      const cpuUsed = processes.reduce((sum, service, index) => sum + cpuSeconds(service.pid) - cpuBefore[index], 0);
      // A process that died (or was killed from outside) under load makes the round meaningless.
      const died = processes.filter((service) => !service.running).map((service) => `${service.name} (${describeExit(service.exitStatus)})`);
      return {
        died,
        ...result,
        cpuUsPerRequest: (cpuUsed * 1e6) / (result.reqPerSec * duration),
        readyMs: measured.readyMs,
        rss: processes.map((service) => ({ name: service.name, mb: peakRssMb(service.pid) })),
      };
    } finally {
      await stack.stop();
    }
  } finally {
    await upstreams?.stop();
  }
}

const YARDSTICK_NAMES = { nest: 'NestJS', 'raw-chain-reviews': 'raw chain', 'raw-chain-productpage': 'raw chain' };

function describeGoal(goal) {
  return [
    goal.ratio !== undefined && `≥${goal.ratio}× ${YARDSTICK_NAMES[goal.yardstick]}`,
    `p99 ≤${goal.p99} ms`,
    goal.rssMb !== undefined && `RSS <${goal.rssMb} MB`,
  ]
    .filter(Boolean)
    .join(', ');
}

const fixed = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

if (!args['skip-build']) {
  process.stdout.write('Building the services (Nx cache makes this quick when nothing changed)...\n');
  buildProjects(SERVICE_PROJECTS, { quiet: true });
}
rmSync(LOG_DIR, { recursive: true, force: true });

/** The real page's size in bytes, so that the raw chain writes as much. */
async function realPageBytes(ports, allSpecs) {
  const chain = allSpecs.find((target) => target.name === 'productpage').specs;
  const stack = await launch([...chain].reverse(), { logDir: LOG_DIR, logsStraightToFile: true });
  try {
    const response = await fetch(`${stack.processes.at(-1).url}/productpage`);
    if (response.status !== 200) throw new Error(`productpage answered ${response.status}`);
    return Buffer.byteLength(await response.text());
  } finally {
    await stack.stop();
  }
}

const basePort = await freeBasePort();
// The OTLP sink of the traced target takes the port after the six services'.
const sink = { name: 'otlp-sink', host: '127.0.0.1', port: basePort + 6 };
await assertPortsFree([sink]);
const ports = { ...resolvePorts({ basePort }), sink: sink.port };
// Tracing's cost is read against the same chain untraced, so asking for one brings the other.
const wanted = args.targets?.split(',').flatMap((name) => (name === 'productpage-traced' ? [name, 'productpage'] : [name]));
let allTargets = targets(ports, 0);
const unknown = wanted?.filter((name) => !allTargets.some((target) => target.name === name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown target(s) ${unknown.join(', ')}; see --help\n`);
  process.exit(2);
}
const isWanted = (name) => !wanted || wanted.includes(name);
const YARDSTICKS = ['raw', 'nest'];
const isChosen = (target) => YARDSTICKS.includes(target.name) || isWanted(target.yardstickOf ?? target.name);
if (isWanted('productpage')) allTargets = targets(ports, await realPageBytes(ports, allTargets));
const chosen = allTargets.filter(isChosen);

const toolLabel = tool === 'wrk' ? `wrk -t${threads}` : tool;
// Each target and round: its warm-up, the measured load, and ~2 s to start and stop processes.
const estimatedMinutes = Math.ceil((rounds * chosen.reduce((sum, target) => sum + warmupFor(target) + duration + 2, 0)) / 60);
process.stdout.write(
  `${toolLabel}, ${connections} connections, ${warmup} s warm-up (${chainWarmup} s for chains) + ${duration} s per ` +
    `target, ${rounds} rounds (${chosen.length} targets, about ${estimatedMinutes} min). ` +
    `Service logs at LOG_LEVEL=info go to ${path.relative(process.cwd(), LOG_DIR)}/.\n`,
);

/** results[target][round] */
const results = new Map(chosen.map((target) => [target.name, []]));
for (let round = 0; round < rounds; round += 1) {
  // Alternate the order so no target always runs on a warmer (or more tired) machine.
  const order = round % 2 === 0 ? chosen : [...chosen].reverse();
  for (const target of order) {
    const result = await measure(target);
    results.get(target.name).push(result);
    process.stdout.write(
      `  round ${round + 1} ${target.name.padEnd(12)} ${fixed(result.reqPerSec).padStart(7)} req/s  ` +
        `p50 ${fixed(result.p50, 1)} ms  p99 ${fixed(result.p99, 1)} ms  ready ${fixed(result.readyMs)} ms` +
        `${result.failures ? `  FAILURES ${result.failures} (${result.failureDetail})` : ''}` +
        `${result.died.length ? `  DIED: ${result.died.join(', ')}` : ''}\n`,
    );
    await sleep(500);
  }
}

/** A target's req/s over a yardstick's, round by round (same machine state); medians come after. */
const ratiosTo = (yardstick, perRound) =>
  perRound.map((result, round) => result.reqPerSec / results.get(yardstick)[round].reqPerSec);

const rows = chosen.map((target) => {
  const perRound = results.get(target.name);
  const ratios = ratiosTo('raw', perRound);
  const ratio = median(ratios);
  const nestRatio = median(ratiosTo('nest', perRound));
  const goal = target.goal;
  const chainYardstick = goal?.yardstick.startsWith('raw-chain') ? goal.yardstick : target.chainYardstick;
  const chainRatio = chainYardstick ? median(ratiosTo(chainYardstick, perRound)) : NaN;
  const goalRatio = goal?.yardstick === 'nest' ? nestRatio : chainRatio;
  const reqPerSec = median(perRound.map((result) => result.reqPerSec));
  const p50 = median(perRound.map((result) => result.p50));
  const p99 = median(perRound.map((result) => result.p99));
  const ownRss = median(perRound.map((result) => result.rss[0].mb));
  const chainRss = median(perRound.map((result) => result.rss.reduce((sum, entry) => sum + entry.mb, 0)));
  const perProcess = target.specs.map((spec, index) => `${spec.name} ${fixed(median(perRound.map((result) => result.rss[index].mb)))}`);
  const readyMs = median(perRound.map((result) => result.readyMs));
  const cpuUs = median(perRound.map((result) => result.cpuUsPerRequest));
  const failures = perRound.reduce((sum, result) => sum + result.failures, 0);
  const roundsWithDeaths = perRound.filter((result) => result.died.length > 0).length;
  // Targets without a goal are the yardsticks: the raw server, the bare NestJS route, the raw chains.
  let meets = target.name === 'raw' ? '(baseline)' : '(reference)';
  if (goal) {
    const met = [
      goalRatio >= goal.ratio,
      p99 <= goal.p99,
      readyMs < 1000,
      goal.rssMb === undefined || ownRss < goal.rssMb,
      failures === 0,
      roundsWithDeaths === 0,
    ].every(Boolean);
    meets = met ? 'yes' : 'NO';
  }
  return {
    name: target.name,
    label: target.label,
    reqPerSec,
    ratio,
    // The spread says how far one round's figure can be trusted on this machine today.
    ratioRange: rounds > 1 && target.name !== 'raw' ? ` (${fixed(Math.min(...ratios), 2)}–${fixed(Math.max(...ratios), 2)})` : '',
    nestRatio: goal ? fixed(nestRatio, 2) : '',
    chainRatio: chainYardstick ? fixed(chainRatio, 2) : '',
    p50,
    p99,
    rss: target.specs.length > 1 ? `${fixed(chainRss)} (${perProcess.join(' + ')})` : fixed(ownRss),
    readyMs,
    cpuUs,
    failures: roundsWithDeaths ? `${failures}; a process died in ${roundsWithDeaths} round(s)` : String(failures),
    goal: goal ? describeGoal(goal) : '',
    meets,
  };
});

const table = [
  '| target | req/s | × raw | × NestJS | × raw chain | p50 ms | p99 ms | CPU µs/req | peak RSS MB | ready ms | errors | goal | meets |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---|',
  ...rows.map(
    (row) =>
      `| ${row.label} | ${fixed(row.reqPerSec)} | ${fixed(row.ratio, 2)}${row.ratioRange} | ${row.nestRatio} | ${row.chainRatio} | ${fixed(row.p50, 1)} | ${fixed(row.p99, 1)} | ${fixed(row.cpuUs)} | ` +
      `${row.rss} | ${fixed(row.readyMs)} | ${row.failures} | ${row.goal} | ${row.meets} |`,
  ),
];
/** What tracing costs productpage's chain: the traced chain's req/s over the untraced one's, round by round. */
function tracingCostLine() {
  if (!results.has('productpage-traced') || !results.has('productpage')) return '';
  const traced = results.get('productpage-traced');
  const untraced = results.get('productpage');
  const ratio = median(traced.map((result, round) => result.reqPerSec / untraced[round].reqPerSec));
  const cpuRatio = median(traced.map((result, round) => result.cpuUsPerRequest / untraced[round].cpuUsPerRequest));
  const sink = rows.find((row) => row.name === 'productpage-traced');
  return (
    `\nTracing on (spans of all four services exported over OTLP http/protobuf to a local sink): ` +
    `${fixed(ratio * 100)} % of the untraced chain's req/s and ${fixed(cpuRatio * 100)} % of its CPU per page ` +
    `(medians of per-round ratios); p99 ${fixed(sink.p99, 1)} ms.\n`
  );
}

process.stdout.write(
  `\nMedians of ${rounds} rounds (${toolLabel}, ${connections} connections, ${duration} s, Node ${process.version}, ` +
    `${cpus().length} CPUs). × raw = median of per-round ratios to the raw server's req/s (lowest–highest round); ` +
    `× NestJS = the same to the bare NestJS route's, i.e. what a service keeps of the framework's own throughput; ` +
    `× raw chain = the same to the same call chain as bare node:http processes with keep-alive agents. ` +
    `CPU µs/req = user + system CPU of the measured process(es) per request served: steadier than req/s on a ` +
    `shared machine. Peak RSS = VmHWM of the measured process; for chains, the sum (each process listed). ` +
    `"ready" = spawn to first 200 from /health/ready; every goal includes ready < 1000 ms.\n\n` +
    `${table.join('\n')}\n${tracingCostLine()}`,
);
