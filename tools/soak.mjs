#!/usr/bin/env node
// `npm run soak`: minutes of load on productpage while each backend is stopped, killed and paused
// in turn, printing page outcomes, latency and memory as it goes. Not a test: it measures and
// reports; the summary sets the figures beside the goals of issue 17. See --help.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'undici';
import plan from './lib/plan.cjs';
import portLayout from './lib/ports.cjs';
import supervisor from './lib/supervisor.cjs';
import soak from './lib/soak.cjs';

const { ROOT, SERVICE_PROJECTS, buildProjects, planStack } = plan;
const { freeBasePort, resolvePorts } = portLayout;
const { describeExit, launch, sleep } = supervisor;
const { FALLBACKS, HELP, classifyPage, faultSchedule, parseSoakArgs, perMinuteMedians, quantile, rssGrowth, vmRssKb } = soak;

let options;
try {
  options = parseSoakArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`soak: ${error.message}\n\n${HELP}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

const LOG_DIR = path.join(ROOT, 'tmp', 'soak-logs');
const totalMs = Math.round(options.minutes * 60_000);
const intervalMs = options.intervalS * 1000;
const reviewsName = `reviews-${options.reviewsVersion}`;
/** The processes whose RSS is watched: the page and the three backends it depends on. */
const WATCHED = ['productpage', 'details', reviewsName, 'ratings'];
const RSS_SAMPLE_MS = 1000;

if (!options.skipBuild) {
  process.stdout.write('Building the services (Nx cache makes this quick when nothing changed)... ');
  buildProjects(SERVICE_PROJECTS, { quiet: true });
  process.stdout.write('done\n');
}

// Only the reviews version productpage calls: the other two would sit idle and take memory.
const ports = resolvePorts({ basePort: await freeBasePort({ host: '127.0.0.1' }) });
const specs = planStack({
  ports,
  productpageHost: '127.0.0.1',
  reviewsVersion: options.reviewsVersion,
  env: { LOG_LEVEL: options.logLevel },
}).filter((spec) => spec.project !== 'reviews' || spec.name === reviewsName);
const stack = await launch(specs, { logDir: LOG_DIR, logsStraightToFile: true });

const t0 = performance.now();
const now = () => performance.now() - t0;
const clock = (ms) => {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
};
const event = (text) => process.stdout.write(`  ${clock(now())}  ${text}\n`);

let aborted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (aborted) process.exit(130);
    aborted = true;
    event(`${signal}: ending the run early (again to quit at once)`);
  });
}
stack.onUnexpectedExit((service, status) => event(`!!! ${service.name} (pid ${service.pid}) exited on its own: ${describeExit(status)}`));

// ---- what is recorded ----------------------------------------------------------------------------

/** One interval's counters; `all` accumulates the whole run. */
const newCounters = () => ({ requests: 0, full: 0, other: 0, errors: 0, non2xx: 0, fallbacks: Object.fromEntries(FALLBACKS.map((name) => [name, 0])), latencies: [] });
let interval = newCounters();
const all = { requests: 0, full: 0, other: 0, errors: 0, non2xx: 0, fallbacks: Object.fromEntries(FALLBACKS.map((name) => [name, 0])) };
/** @type {number[]} every latency of the run, ms */
const allLatencies = [];
/** Listeners that see each outcome (the faults' observers). */
const outcomeListeners = new Set();
const errorSamples = new Map();

function record(outcome, latencyMs) {
  for (const counters of [interval, all]) {
    counters.requests += 1;
    if (outcome.error) counters.errors += 1;
    else if (outcome.status < 200 || outcome.status > 299) counters.non2xx += 1;
    else if (outcome.page.kind === 'full') counters.full += 1;
    else if (outcome.page.kind === 'other') counters.other += 1;
    else for (const name of outcome.page.fallbacks) counters.fallbacks[name] += 1;
  }
  if (!outcome.error) {
    interval.latencies.push(latencyMs);
    allLatencies.push(latencyMs);
  }
  for (const listener of outcomeListeners) listener(outcome);
}

/** RSS samples per process life: name -> [{ pid, startedMs, samples: [{ atMs, kb }] }] */
const lives = new Map(WATCHED.map((name) => [name, []]));
function sampleRss() {
  const atMs = now();
  for (const name of WATCHED) {
    const service = stack.get(name);
    const history = lives.get(name);
    let life = history[history.length - 1];
    if (!life || life.pid !== service.pid) {
      life = { pid: service.pid, startedMs: history.length === 0 ? 0 : atMs, samples: [] };
      history.push(life);
    }
    if (!service.running) continue;
    try {
      const kb = vmRssKb(readFileSync(`/proc/${service.pid}/status`, 'utf8'));
      if (Number.isFinite(kb)) life.samples.push({ atMs, kb });
    } catch {
      // exited between the check and the read
    }
  }
}
const latestRssMb = (name) => {
  const service = stack.get(name);
  const history = lives.get(name);
  const life = history[history.length - 1];
  const last = life?.samples[life.samples.length - 1];
  if (!service.running || !last || life.pid !== service.pid) return '-';
  return (last.kb / 1024).toFixed(0);
};

// ---- load --------------------------------------------------------------------------------------

const pool = new Pool(stack.url('productpage'), {
  connections: options.connections,
  pipelining: 1,
  // Longer than productpage's worst case (reviews 2 x 3 s, details 3 s, in parallel): a client
  // timeout here would be the soak's own failure, not the page's.
  headersTimeout: 30_000,
  bodyTimeout: 30_000,
});
let loadRunning = true;
async function worker() {
  while (loadRunning) {
    const started = performance.now();
    try {
      const response = await pool.request({ path: '/productpage', method: 'GET' });
      const body = await response.body.text();
      const status = response.statusCode;
      const page = status >= 200 && status <= 299 ? classifyPage(body) : undefined;
      record({ status, page, atMs: now() }, performance.now() - started);
    } catch (error) {
      const key = error.code ?? error.message;
      errorSamples.set(key, (errorSamples.get(key) ?? 0) + 1);
      record({ error: key, atMs: now() }, performance.now() - started);
      // Connection refused is instant: do not spin.
      await sleep(50);
    }
  }
}

// ---- faults ------------------------------------------------------------------------------------

const schedule = faultSchedule({ totalMs, reviewsVersion: options.reviewsVersion });
const FAULT_LABEL = { stop: 'SIGTERM', kill: 'SIGKILL', pause: 'SIGSTOP' };
/** Results per fault, for the summary. */
const faultResults = [];

async function runFault(fault) {
  const result = { ...fault, startedMs: now(), backMs: NaN, recoveryMs: NaN, seen: Object.fromEntries(FALLBACKS.map((name) => [name, 0])), full: 0, non2xx: 0, errors: 0, other: 0 };
  faultResults.push(result);
  let phase = 'down';
  let firstFull;
  const observe = (outcome) => {
    if (phase === 'down') {
      if (outcome.error) result.errors += 1;
      else if (outcome.status < 200 || outcome.status > 299) result.non2xx += 1;
      else if (outcome.page.kind === 'full') result.full += 1;
      else if (outcome.page.kind === 'other') result.other += 1;
      else for (const name of outcome.page.fallbacks) result.seen[name] += 1;
    } else if (phase === 'back' && !outcome.error && outcome.page?.kind === 'full') {
      phase = 'recovered';
      firstFull?.(outcome.atMs);
    }
  };
  outcomeListeners.add(observe);
  const service = stack.get(fault.target);
  event(`fault: ${fault.target} (pid ${service.pid}) ${FAULT_LABEL[fault.kind]}, for ${(fault.holdMs / 1000).toFixed(0)} s`);
  service.kill(FAULT_LABEL[fault.kind]);
  await sleep(fault.holdMs);

  const recovered = new Promise((resolve) => (firstFull = resolve));
  if (fault.kind === 'pause') {
    service.kill('SIGCONT');
    result.backMs = now();
    phase = 'back';
    event(`${fault.target} SIGCONT`);
  } else {
    const restartedAt = now();
    const fresh = await stack.restart(fault.target);
    result.backMs = now();
    phase = 'back';
    event(`${fault.target} restarted (pid ${fresh.pid}), ready after ${((result.backMs - restartedAt) / 1000).toFixed(1)} s`);
  }
  // Wait for the first full page, but not beyond the next fault (or 30 s).
  const firstFullAt = await Promise.race([recovered, sleep(30_000).then(() => NaN)]);
  result.recoveryMs = firstFullAt - result.backMs;
  outcomeListeners.delete(observe);
  event(
    Number.isFinite(result.recoveryMs)
      ? `${fault.target}: first full page ${(result.recoveryMs / 1000).toFixed(2)} s after it came back`
      : `${fault.target}: no full page within 30 s of it coming back`,
  );
}

async function runSchedule() {
  for (const fault of schedule.faults) {
    const wait = fault.atMs - now();
    if (wait > 0) await sleepUnlessAborted(wait);
    if (aborted) return;
    // Its hold must end before the quiet tail (a restart may run into it).
    if (now() + fault.holdMs > totalMs - schedule.tailMs) {
      faultResults.push({ ...fault, skipped: true });
      event(`not run (no time left): ${fault.target} ${FAULT_LABEL[fault.kind]}`);
      continue;
    }
    await runFault(fault);
  }
}

async function sleepUnlessAborted(ms) {
  const until = performance.now() + ms;
  while (!aborted && performance.now() < until) await sleep(Math.min(250, until - performance.now()));
}

// ---- rows --------------------------------------------------------------------------------------

const fixed = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const columns = [
  ['time', 5], ['req/s', 6], ['full', 6], ['no details', 10], ['no reviews', 10], ['no ratings', 10], ['other', 5],
  ['errors', 6], ['non-2xx', 7], ['p50 ms', 7], ['p99 ms', 7], ...WATCHED.map((name) => [`${name} MB`, Math.max(8, name.length + 3)]),
];
const row = (cells) => `  ${cells.map((cell, index) => String(cell).padStart(columns[index][1])).join(' ')}`;

function printRow(elapsedMs) {
  const latencies = Float64Array.from(interval.latencies).sort();
  process.stdout.write(
    `${row([
      clock(now()),
      fixed(interval.requests / (elapsedMs / 1000)),
      interval.full,
      interval.fallbacks.details,
      interval.fallbacks.reviews,
      interval.fallbacks.ratings,
      interval.other,
      interval.errors,
      interval.non2xx,
      fixed(quantile(latencies, 0.5), 1),
      fixed(quantile(latencies, 0.99), 1),
      ...WATCHED.map(latestRssMb),
    ])}\n`,
  );
  interval = newCounters();
}

// ---- run ---------------------------------------------------------------------------------------

process.stdout.write(
  [
    '',
    `Soak: ${options.minutes} min, ${options.connections} connections on ${stack.url('productpage')}/productpage (reviews ${options.reviewsVersion}), a row every ${options.intervalS} s.`,
    `Warm-up ${clock(schedule.warmupMs)} (no faults; RSS growth is measured from its end), then ${schedule.faults.length} faults, then a quiet ${clock(schedule.tailMs)}.`,
    `Services log at ${options.logLevel} into ${path.relative(process.cwd(), LOG_DIR)}/. Ctrl-C ends the run early, with the summary.`,
    '',
    row(columns.map(([name]) => name)),
  ].join('\n') + '\n',
);

const rssTimer = setInterval(sampleRss, RSS_SAMPLE_MS);
sampleRss();
let lastRowAt = now();
const rowTimer = setInterval(() => {
  const at = now();
  printRow(at - lastRowAt);
  lastRowAt = at;
}, intervalMs);

const workers = Array.from({ length: options.connections }, () => worker());
const scheduleDone = runSchedule();
await sleepUnlessAborted(totalMs);
aborted = true;
await scheduleDone.catch((error) => event(`fault schedule failed: ${error.message}`));
loadRunning = false;
await Promise.all(workers);
clearInterval(rowTimer);
clearInterval(rssTimer);
sampleRss();
// The last, partial interval, unless it is too short for a rate to mean anything.
if (now() - lastRowAt >= 1000) printRow(now() - lastRowAt);
const endedMs = now();
await pool.close();

// ---- summary -----------------------------------------------------------------------------------

const lines = [''];
const sortedAll = Float64Array.from(allLatencies).sort();
lines.push(
  `Summary (${clock(endedMs)}): ${all.requests} requests, ${fixed(all.requests / (endedMs / 1000))} req/s; full ${all.full}; ` +
    `degraded: no details ${all.fallbacks.details}, no reviews ${all.fallbacks.reviews}, no ratings ${all.fallbacks.ratings}; other ${all.other}; ` +
    `p50 ${fixed(quantile(sortedAll, 0.5), 1)} ms, p99 ${fixed(quantile(sortedAll, 0.99), 1)} ms.`,
  `Non-2xx responses: ${all.non2xx}. Errors (no response): ${all.errors}${errorSamples.size > 0 ? ` (${[...errorSamples].map(([key, count]) => `${key} ${count}`).join(', ')})` : ''}.`,
  '',
  'Faults:',
  '  fault                  held   seen meanwhile (fallback pages; full, non-2xx, errors)          expected    back -> first full page',
);
for (const result of faultResults) {
  const name = `${result.target} ${FAULT_LABEL[result.kind]}`.padEnd(22);
  if (result.skipped) {
    lines.push(`  ${name} not run: no time left (a longer --minutes runs every fault)`);
    continue;
  }
  const seen = FALLBACKS.filter((fallback) => result.seen[fallback] > 0).map((fallback) => `no ${fallback} ${result.seen[fallback]}`);
  const meanwhile = `${seen.join(', ') || 'no fallback page'}; full ${result.full}, non-2xx ${result.non2xx}, errors ${result.errors}`;
  const expectedSeen = result.seen[result.expected] > 0 ? 'seen' : 'NOT seen';
  lines.push(
    `  ${name} ${`${(result.holdMs / 1000).toFixed(0)} s`.padStart(5)}  ${meanwhile.padEnd(62)} no ${result.expected.padEnd(7)} ${expectedSeen.padEnd(8)} ${Number.isFinite(result.recoveryMs) ? `${(result.recoveryMs / 1000).toFixed(2)} s` : 'none'}`,
  );
}

lines.push('', 'RSS per service (VmRSS, MB; baseline: median of the 10 s before the warm-up ended; final: median of the last 10 s):');
lines.push('  process       baseline   peak  final  growth  restarted at');
const growths = [];
for (const name of WATCHED) {
  const history = lives.get(name);
  const { baselineKb, peakKb, finalKb, growth } = rssGrowth(history, { warmupMs: schedule.warmupMs, endedMs, running: stack.get(name).running });
  if (Number.isFinite(growth)) growths.push({ name, growth });
  const restarts = history.slice(1).map((life) => clock(life.startedMs)).join(', ') || '-';
  lines.push(
    `  ${name.padEnd(13)} ${fixed(baselineKb / 1024, 1).padStart(8)} ${fixed(peakKb / 1024, 1).padStart(6)} ${fixed(finalKb / 1024, 1).padStart(6)} ${(Number.isFinite(growth) ? `${(growth * 100).toFixed(1)} %` : '-').padStart(7)}  ${restarts}`,
  );
}

const trends = WATCHED.map((name) => [name, perMinuteMedians(lives.get(name).flatMap((life) => life.samples), endedMs)]);
lines.push('', 'RSS per minute (median of the minute, MB; - while the process was down):');
lines.push(`  ${'minute'.padEnd(13)} ${trends[0][1].map((_, index) => String(index + 1).padStart(5)).join('')}`);
for (const [name, medians] of trends) lines.push(`  ${name.padEnd(13)} ${medians.map((kb) => fixed(kb / 1024).padStart(5)).join('')}`);

const ran = faultResults.filter((result) => !result.skipped);
const slowest = Math.max(...ran.map((result) => (Number.isFinite(result.recoveryMs) ? result.recoveryMs : Infinity)));
lines.push(
  '',
  "Against issue 17's goals:",
  `  non-2xx from productpage: ${all.non2xx} (goal 0)`,
  `  each fault's documented fallback seen: ${ran.filter((result) => result.seen[result.expected] > 0).length} of ${ran.length} faults run (${faultResults.length - ran.length} not run)`,
  `  slowest recovery after a backend came back: ${Number.isFinite(slowest) ? `${(slowest / 1000).toFixed(2)} s` : 'not every fault recovered'} (goal within 2 s)`,
  `  RSS growth after warm-up, per service: ${growths.map(({ name, growth }) => `${name} ${(growth * 100).toFixed(1)} %`).join(', ') || 'none measured'} (goal under 10 %)`,
  '',
);
process.stdout.write(`${lines.join('\n')}\n`);

const stopped = await stack.stop();
for (const { name, status } of stopped) {
  if (status.code !== 0) process.stderr.write(`soak: ${name} stopped with ${describeExit(status)}\n`);
}
