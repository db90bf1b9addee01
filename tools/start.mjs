#!/usr/bin/env node
// `npm start`: build the services, run the whole Bookinfo app on this machine, stop it on Ctrl-C.
// A service that exits on its own is reported loudly and the others keep running (the page degrades).
// No Docker, no database: ratings runs v1 (in memory). See --help.
import { parseArgs } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import plan from './lib/plan.cjs';
import ports from './lib/ports.cjs';
import supervisor from './lib/supervisor.cjs';
import logFormat from './lib/log-format.cjs';

const { ROOT, REVIEWS_VERSIONS, SERVICE_PROJECTS, availableProjects, buildProjects, missingBuilds, pageWithout, planStack } =
  plan;
const { assertPortsFree } = ports;
const { describeExit, launch } = supervisor;

const HELP = `Usage: npm start [-- options]

Builds and runs productpage, details, reviews v1/v2/v3 and ratings as local processes. A service
that exits is reported and the others keep running: \`kill\` a backend's pid (listed at start) to
watch the page degrade. Ctrl-C stops everything.

Options:
  --reviews v1|v2|v3   reviews version productpage calls (env BOOKINFO_REVIEWS_VERSION; default v2:
                       black stars; v1: no stars; v3: red stars)
  --base-port N        productpage's port; the others use N+1..N+5 (env BOOKINFO_BASE_PORT; default 9080)
  --host ADDR          productpage's bind address (env HOST; default :: = IPv4 and IPv6)
  --skip-build         run what is already in dist/ (env BOOKINFO_SKIP_BUILD=1)
  --log-dir DIR        raw JSON logs of each service (default tmp/logs)
  --quiet              terminal shows warnings, errors and start/stop lines only
  -h, --help`;

function fail(message) {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      reviews: { type: 'string' },
      'base-port': { type: 'string' },
      host: { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      'log-dir': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (error) {
  fail(`${error.message}\n\n${HELP}`);
}
if (args.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

const reviewsVersion = args.reviews ?? process.env.BOOKINFO_REVIEWS_VERSION ?? 'v2';
if (!REVIEWS_VERSIONS.includes(reviewsVersion)) {
  fail(`reviews version must be one of ${REVIEWS_VERSIONS.join(', ')}; got "${reviewsVersion}"`);
}
const basePortText = args['base-port'] ?? process.env.BOOKINFO_BASE_PORT ?? '9080';
const basePort = Number(basePortText);
if (!/^\d+$/.test(basePortText) || basePort < 1 || basePort > 65530) {
  fail(`base port must be an integer from 1 to 65530; got "${basePortText}"`);
}
const productpageHost = args.host ?? process.env.HOST ?? '::';
const skipBuild = args['skip-build'] || process.env.BOOKINFO_SKIP_BUILD === '1';
const logDir = path.resolve(ROOT, args['log-dir'] ?? path.join('tmp', 'logs'));

const projects = availableProjects();
const absent = SERVICE_PROJECTS.filter((project) => !projects.includes(project));
if (projects.length === 0) fail('no services found under services/');
if (absent.length > 0) {
  process.stderr.write(`npm start: not in this checkout yet, so not started: ${absent.join(', ')}\n`);
}

if (skipBuild) {
  const unbuilt = missingBuilds(projects);
  if (unbuilt.length > 0) fail(`--skip-build, but these are not built: ${unbuilt.join(', ')}`);
} else {
  // Nx's own output (the compiler's, and a ts-node notice per project) is shown only when a build fails.
  process.stdout.write(
    `Building ${projects.join(', ')} (under a minute the first time, then Nx's cache makes it quick)... `,
  );
  const started = Date.now();
  try {
    buildProjects(projects, { quiet: true });
  } catch (error) {
    process.stdout.write('failed\n');
    fail(error.message);
  }
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const specs = planStack({ basePort, reviewsVersion, productpageHost, projects });
const formatter = logFormat.createLogFormatter({
  names: specs.map((spec) => spec.name),
  colour: process.stdout.isTTY === true,
  quiet: args.quiet,
});
const onLine = (name, line) => {
  const short = formatter(name, line);
  if (short !== undefined) process.stdout.write(`${short}\n`);
};

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
// Until every service is ready, a signal just exits: the stack's exit hook kills what was already
// started (the services run in their own process groups, so nothing else would stop them).
const exitDuringStartup = (signal) => process.exit(128 + os.constants.signals[signal]);
for (const signal of STOP_SIGNALS) process.on(signal, exitDuringStartup);

let stack;
try {
  await assertPortsFree(specs);
  stack = await launch(specs, { logDir, onLine });
} catch (error) {
  process.stderr.write(`npm start: ${error.message}\n`);
  process.exit(1);
}

const pad = Math.max(...specs.map((spec) => spec.name.length)) + 2;
// productpage first: it is the one URL most people want.
const listed = [...specs].sort((a, b) => a.stopTier - b.stopTier);
const lines = listed.map((spec) => {
  const service = stack.get(spec.name);
  const url =
    spec.project === 'productpage'
      ? `http://localhost:${spec.port}/productpage`
      : `${service.url}/${spec.project}/0`;
  const extra = spec.project === 'productpage' ? ` (reviews ${reviewsVersion})` : '';
  return `  ${spec.name.padEnd(pad)}${url}${extra}  pid ${service.pid}`;
});
const ratings = specs.find((spec) => spec.name === 'ratings');
process.stdout.write(
  [
    '',
    'Bookinfo is running:',
    ...lines,
    `Logs (JSON): ${path.relative(process.cwd(), logDir) || '.'}/<service>.log. Ctrl-C stops everything.`,
    ...(ratings
      ? [`To watch the page degrade as in Istio's demos, stop a backend: kill ${stack.get('ratings').pid} (ratings).`]
      : []),
    '',
  ].join('\n') + '\n',
);

let stopping = false;

// A service that exits on its own (a crash, or a user's `kill`) is reported and left down; the
// others keep serving, so the page shows its fallback instead of going away.
const loud = process.stderr.isTTY === true ? (text) => `\x1b[1;31m${text}\x1b[0m` : (text) => text;
stack.onUnexpectedExit((service, status) => {
  if (stopping) return;
  const crashed = status.signal === null && status.code !== 0;
  const report = [
    '',
    loud(`!!! ${service.name} (pid ${service.pid}) exited: ${describeExit(status)}. The other services keep running.`),
    loud(`!!! ${pageWithout(service.spec, specs)}`),
    ...(crashed ? [`Its last lines:\n${service.describeTail(15)}`] : []),
  ];
  const left = stack.running;
  if (left.length === 0) {
    process.stderr.write(`${report.join('\n')}\n`);
    void stopAll(1, 'every service has exited');
    return;
  }
  report.push(`    Still running: ${left.map((other) => other.name).join(', ')}. Ctrl-C stops them; npm start again brings ${service.name} back.`, '');
  process.stderr.write(`${report.join('\n')}\n`);
});

async function stopAll(exitCode, reason) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${reason}: stopping all services...\n`);
  const alreadyDown = new Set(stack.unexpectedExits.map(({ name }) => name));
  const results = await stack.stop();
  const unclean = results.filter(({ name, status }) => status.code !== 0 && !alreadyDown.has(name));
  for (const { name, status } of unclean) {
    process.stderr.write(`  ${name} stopped with ${describeExit(status)}\n`);
  }
  process.stdout.write('Stopped.\n');
  process.exit(exitCode);
}

// SIGHUP too: the services run in their own process groups, so a closed terminal would otherwise
// leave them running and holding the ports.
// Writing to a closed terminal fails (EIO/EPIPE); that must not kill the launcher before it stops them.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
for (const signal of STOP_SIGNALS) {
  process.off(signal, exitDuringStartup);
  process.on(signal, () => {
    if (stopping) {
      // A second Ctrl-C: the user does not want to wait for the drain.
      for (const service of stack.processes) service.kill('SIGKILL');
      process.exit(130);
    }
    // Exit 0 even when a service went down earlier: that was reported when it happened, and a
    // user who stopped ratings to watch the page degrade should not then get npm's failure lines.
    void stopAll(0, signal);
  });
}
