// @ts-check
'use strict';
/**
 * The whole Bookinfo app as local processes: which services run, on which ports, wired with which
 * environment variables, and how they are started, awaited and stopped. `npm start`, the
 * whole-system test, the browser test and the benchmark all use this module, so what the tests
 * check is exactly what a user runs.
 *
 * CommonJS on purpose: the CLI scripts (ESM, plain `node`) and the jest suites (ts-jest, CommonJS)
 * can both load it without a build step.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** Nx projects that make up the app; each builds to `dist/services/<project>/main.js`. */
const SERVICE_PROJECTS = /** @type {const} */ (['productpage', 'details', 'reviews', 'ratings']);
const REVIEWS_VERSIONS = /** @type {const} */ (['v1', 'v2', 'v3']);

/** @typedef {(typeof SERVICE_PROJECTS)[number]} Project */
/** @typedef {(typeof REVIEWS_VERSIONS)[number]} ReviewsVersion */
/** @typedef {'productpage' | 'details' | 'reviews-v1' | 'reviews-v2' | 'reviews-v3' | 'ratings'} InstanceName */
/** @typedef {Record<InstanceName, number>} PortMap */

/** Offsets from the base port, as documented in the README: 9080, 9081, ... */
const PORT_OFFSETS = /** @type {PortMap} */ ({
  productpage: 0,
  details: 1,
  'reviews-v1': 2,
  'reviews-v2': 3,
  'reviews-v3': 4,
  ratings: 5,
});

/** What makes reviews v1, v2 and v3 different: configuration only, as upstream's images. */
const REVIEWS_FLAVOURS = {
  v1: { ENABLE_RATINGS: 'false', STAR_COLOR: 'black' },
  v2: { ENABLE_RATINGS: 'true', STAR_COLOR: 'black' },
  v3: { ENABLE_RATINGS: 'true', STAR_COLOR: 'red' },
};

/**
 * Variables the launcher decides for each child. Values inherited from the caller's shell would
 * silently rewire the app (a stray PORT, SERVICES_DOMAIN or STAR_COLOR), so they are dropped
 * before the child's own values are added. NODE_ENV goes too: jest sets it to `test`, and the
 * tests must run the services exactly as `npm start` does.
 */
const CONTROLLED_VARIABLES = [
  'HOST',
  'PORT',
  'HOSTNAME',
  'NODE_ENV',
  'SERVICES_DOMAIN',
  'SERVICE_VERSION',
  'ENABLE_RATINGS',
  'STAR_COLOR',
  'DETAILS_HOSTNAME',
  'DETAILS_SERVICE_PORT',
  'REVIEWS_HOSTNAME',
  'REVIEWS_SERVICE_PORT',
  'RATINGS_HOSTNAME',
  'RATINGS_SERVICE_PORT',
];

/**
 * One process to run.
 * @typedef {object} ProcessSpec
 * @property {string} name       instance name shown in logs ('reviews-v2')
 * @property {Project} project   Nx project whose build it runs
 * @property {string} host       bind address
 * @property {number} port
 * @property {Record<string, string>} env  the service's own variables (added to the inherited env)
 * @property {number} stopTier   stopped in ascending order: callers before the services they call
 * @property {string} [script]   run this file instead of the project's build, with no Node options
 *                               (the benchmark's reference servers); a build gets SERVICE_NODE_FLAGS
 */

/**
 * @typedef {object} StackOptions
 * @property {number} [basePort]            productpage's port; the others follow (default 9080)
 * @property {Partial<PortMap>} [ports]     explicit ports, overriding basePort + offset
 * @property {ReviewsVersion} [reviewsVersion]  which reviews productpage calls (default v2)
 * @property {string} [host]                bind address of the backends (default 127.0.0.1)
 * @property {string} [productpageHost]     bind address of productpage (default `::`, so
 *                                          http://localhost:9080 answers over IPv4 and IPv6)
 * @property {readonly Project[]} [projects] projects to run (default: all four)
 * @property {Record<string, string>} [env] extra variables for every child (e.g. LOG_LEVEL)
 */

/** @param {StackOptions} [options] @returns {PortMap} */
function resolvePorts(options = {}) {
  const base = options.basePort ?? 9080;
  /** @type {Partial<PortMap>} */
  const ports = {};
  for (const [name, offset] of Object.entries(PORT_OFFSETS)) {
    ports[/** @type {InstanceName} */ (name)] = options.ports?.[/** @type {InstanceName} */ (name)] ?? base + offset;
  }
  return /** @type {PortMap} */ (ports);
}

/**
 * The local wiring of `npm start`: productpage -> details and reviews-vN; reviews v2/v3 -> ratings;
 * productpage -> ratings (its ratings API route). Pod names end in `-local` so the page shows
 * `Reviews served by: reviews-v2-local` and Istio's `reviews-v.-` greps still match.
 * @param {StackOptions} [options]
 * @returns {ProcessSpec[]}
 */
function planStack(options = {}) {
  const ports = resolvePorts(options);
  const host = options.host ?? '127.0.0.1';
  const projects = options.projects ?? SERVICE_PROJECTS;
  const extraEnv = options.env ?? {};
  const callHost = connectHost(host);
  /** @type {ProcessSpec[]} */
  const specs = [];

  if (projects.includes('ratings')) {
    specs.push({
      name: 'ratings',
      project: 'ratings',
      host,
      port: ports.ratings,
      env: { ...extraEnv, SERVICE_VERSION: 'v1', HOSTNAME: 'ratings-v1-local' },
      stopTier: 2,
    });
  }
  if (projects.includes('details')) {
    specs.push({
      name: 'details',
      project: 'details',
      host,
      port: ports.details,
      env: { ...extraEnv, HOSTNAME: 'details-v1-local' },
      stopTier: 2,
    });
  }
  if (projects.includes('reviews')) {
    for (const version of REVIEWS_VERSIONS) {
      specs.push(
        reviewsSpec(version, {
          host,
          port: ports[`reviews-${version}`],
          ratings: { host: callHost, port: ports.ratings },
          env: extraEnv,
        }),
      );
    }
  }
  if (projects.includes('productpage')) {
    const version = options.reviewsVersion ?? 'v2';
    specs.push(
      productpageSpec({
        host: options.productpageHost ?? '::',
        port: ports.productpage,
        details: { host: callHost, port: ports.details },
        reviews: { host: callHost, port: ports[`reviews-${version}`] },
        ratings: { host: callHost, port: ports.ratings },
        env: extraEnv,
      }),
    );
  }
  return specs;
}

/** @typedef {{ host: string, port: number }} Upstream */

/**
 * reviews in one of its three flavours.
 * @param {ReviewsVersion} version
 * @param {{ host: string, port: number, ratings: Upstream, env?: Record<string, string>, name?: string }} options
 * @returns {ProcessSpec}
 */
function reviewsSpec(version, options) {
  const name = options.name ?? `reviews-${version}`;
  return {
    name,
    project: 'reviews',
    host: options.host,
    port: options.port,
    env: {
      ...options.env,
      ...REVIEWS_FLAVOURS[version],
      SERVICE_VERSION: version,
      HOSTNAME: `${name}-local`,
      RATINGS_HOSTNAME: options.ratings.host,
      RATINGS_SERVICE_PORT: String(options.ratings.port),
    },
    stopTier: 1,
  };
}

/**
 * productpage wired to the given backends (the tests run one per reviews version).
 * @param {{ host: string, port: number, details: Upstream, reviews: Upstream, ratings: Upstream,
 *           env?: Record<string, string>, name?: string }} options
 * @returns {ProcessSpec}
 */
function productpageSpec(options) {
  const name = options.name ?? 'productpage';
  return {
    name,
    project: 'productpage',
    host: options.host,
    port: options.port,
    env: {
      ...options.env,
      HOSTNAME: 'productpage-v1-local',
      DETAILS_HOSTNAME: options.details.host,
      DETAILS_SERVICE_PORT: String(options.details.port),
      REVIEWS_HOSTNAME: options.reviews.host,
      REVIEWS_SERVICE_PORT: String(options.reviews.port),
      RATINGS_HOSTNAME: options.ratings.host,
      RATINGS_SERVICE_PORT: String(options.ratings.port),
    },
    stopTier: 0,
  };
}

/**
 * Where to connect to reach a process bound to `host` (wildcards are reached over loopback).
 * @param {string} host
 */
function connectHost(host) {
  return host === '::' || host === '0.0.0.0' || host === '' ? '127.0.0.1' : host;
}

/**
 * Base URL of a spec, for clients (IPv6 literals in brackets).
 * @param {ProcessSpec} spec
 */
function baseUrl(spec) {
  const host = connectHost(spec.host);
  return `http://${host.includes(':') ? `[${host}]` : host}:${spec.port}`;
}

/**
 * Node options each service runs with, here and in its image (each Dockerfile's CMD says the same;
 * a test keeps them equal). They size V8's young generation, which V8 otherwise derives from the
 * memory it sees: 16 MB semi-spaces on a large machine, 1 MB in a pod limited to 256 MiB like ours.
 * Measured with `npm run bench`-like loads (50 connections):
 * - 1 MB is poor for any of them: requests outlive scavenges and get promoted; reviews v2 lost a
 *   fifth to a third of its throughput and peaked at ~150 MB.
 * - The backends allocate ~15 KB per request (nearly all of it Node's http, Fastify and Nest: a
 *   bare NestJS route allocates as much) and answer within milliseconds: 4 MB gives the lowest
 *   peak RSS (reviews v2 112 MB against 134 MB with 16 MB; leaves 88 against 111 MB). For a leaf
 *   it costs a few percent of throughput, in more frequent scavenges (ratings pinned to one
 *   core: 31 µs of CPU per request with 16 MB, 34 µs with 4 MB). We take that: in a cluster on a
 *   laptop, with a pod limit of 256 MiB, memory runs out before CPU does.
 * - productpage keeps each page alive for ~20 ms while it waits for three calls: with 4 or 8 MB its
 *   pages in flight were promoted, old space grew past 100 MB and the peak to 180–200 MB; with
 *   16 MB it stays at ~135 MB.
 * Fixed here, a service behaves the same on a laptop, in compose and in a pod.
 * @type {Record<Project, string[]>}
 */
const SERVICE_NODE_FLAGS = {
  productpage: ['--max-semi-space-size=16'],
  details: ['--max-semi-space-size=4'],
  reviews: ['--max-semi-space-size=4'],
  ratings: ['--max-semi-space-size=4'],
};

/** @param {Project} project */
function mainScript(project) {
  return path.join(ROOT, 'dist', 'services', project, 'main.js');
}

/** @param {ProcessSpec} spec */
function scriptOf(spec) {
  return spec.script ?? mainScript(spec.project);
}

/** Projects present in this checkout (others may not have landed yet). */
function availableProjects() {
  return SERVICE_PROJECTS.filter((project) =>
    fs.existsSync(path.join(ROOT, 'services', project, 'src', 'main.ts')),
  );
}

/** @param {readonly Project[]} projects */
function missingBuilds(projects) {
  return projects.filter((project) => !fs.existsSync(mainScript(project)));
}

/**
 * `nx run-many -t build` for the given projects (cached by Nx, so cheap when nothing changed).
 * @param {readonly Project[]} projects
 * @param {{ quiet?: boolean }} [options]  quiet: keep Nx's output unless the build fails
 */
function buildProjects(projects, options = {}) {
  const result = spawnSync(
    process.execPath,
    [require.resolve('nx/bin/nx.js', { paths: [ROOT] }), 'run-many', '-t', 'build', '-p', ...projects, '--outputStyle=static'],
    {
      cwd: ROOT,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: options.quiet ? 'pipe' : 'inherit',
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    const output = options.quiet ? `\n${result.stdout}\n${result.stderr}` : '';
    throw new Error(`nx build of ${projects.join(', ')} failed (exit ${result.status})${output}`);
  }
}

/**
 * Fails early, with a useful message, when a port is taken (a second `npm start`, a leftover
 * process), instead of letting a child crash with EADDRINUSE among many log lines.
 * @param {readonly ProcessSpec[]} specs
 */
async function assertPortsFree(specs) {
  const taken = [];
  for (const spec of specs) {
    const free = await new Promise((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen({ port: spec.port, host: spec.host, exclusive: true }, () => probe.close(() => resolve(true)));
    });
    if (!free) taken.push(`${spec.name} (${spec.host} port ${spec.port})`);
  }
  if (taken.length > 0) {
    throw new Error(`port already in use: ${taken.join(', ')}. Stop the other process or choose other ports.`);
  }
}

/**
 * `count` distinct free TCP ports on 127.0.0.1, chosen by the kernel. Another process could take
 * one before the child binds it; the child then fails fast with EADDRINUSE and the caller sees it.
 * @param {number} count
 * @returns {Promise<number[]>}
 */
async function findFreePorts(count) {
  /** @type {net.Server[]} */
  const servers = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const server = net.createServer();
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(undefined));
      });
      servers.push(server);
    }
    return servers.map((server) => /** @type {net.AddressInfo} */ (server.address()).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(() => resolve(undefined)))));
  }
}

/**
 * GET a URL on loopback; resolves with the status (0 when the connection fails).
 * @param {string} url
 * @param {number} timeoutMs
 * @returns {Promise<number>}
 */
function probe(url, timeoutMs) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(0));
  });
}

/** @typedef {{ code: number | null, signal: NodeJS.Signals | null }} ExitStatus */

/**
 * @typedef {object} LaunchOptions
 * @property {string} [logDir]  raw JSON log lines of each child go to `<logDir>/<name>.log`
 * @property {(name: string, line: string) => void} [onLine]  every log line of every child
 * @property {number} [readyTimeoutMs]  per process (default 30 s)
 * @property {boolean} [logsStraightToFile]  children write into `<logDir>/<name>.log` themselves,
 *   nothing passes through this process (the benchmark: its load generator must not pay for logs)
 */

const TAIL_LINES = 40;

/** A started child process, with its exit as a promise and the last lines it printed. */
class ServiceProcess {
  /**
   * @param {ProcessSpec} spec
   * @param {LaunchOptions} options
   */
  constructor(spec, options) {
    this.spec = spec;
    this.name = spec.name;
    this.port = spec.port;
    this.url = baseUrl(spec);
    /** Milliseconds from spawn to the first 200 from /health/ready. */
    this.readyMs = NaN;
    /** @type {string[]} */
    this.tail = [];
    this.startedAt = performance.now();

    const env = { ...process.env };
    for (const variable of CONTROLLED_VARIABLES) delete env[variable];
    Object.assign(env, spec.env, { HOST: spec.host, PORT: String(spec.port) });

    // A process group of its own: Ctrl-C in the terminal reaches only the launcher, which stops
    // the services in order (callers first) instead of all of them racing each other.
    const logPath = options.logDir ? path.join(options.logDir, `${spec.name}.log`) : undefined;
    const straightToFile = options.logsStraightToFile === true && logPath !== undefined;
    const fileDescriptor = straightToFile ? fs.openSync(logPath, 'w') : undefined;
    const nodeOptions = spec.script === undefined ? SERVICE_NODE_FLAGS[spec.project] : [];
    this.child = spawn(process.execPath, [...nodeOptions, scriptOf(spec)], {
      cwd: ROOT,
      env,
      stdio: fileDescriptor === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fileDescriptor, fileDescriptor],
      detached: true,
    });
    if (fileDescriptor !== undefined) fs.closeSync(fileDescriptor);
    this.pid = /** @type {number} */ (this.child.pid);
    this.logPath = logPath;

    const logFile = logPath && !straightToFile ? fs.createWriteStream(logPath) : undefined;
    /** @param {string} line */
    const onLine = (line) => {
      this.tail.push(line);
      if (this.tail.length > TAIL_LINES) this.tail.shift();
      logFile?.write(`${line}\n`);
      options.onLine?.(spec.name, line);
    };
    if (!straightToFile) {
      splitLines(/** @type {NodeJS.ReadableStream} */ (this.child.stdout), onLine);
      splitLines(/** @type {NodeJS.ReadableStream} */ (this.child.stderr), onLine);
    }

    /** @type {Promise<ExitStatus>} */
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        onLine(`failed to spawn: ${error.message}`);
        resolve({ code: null, signal: null });
      });
      // 'close' rather than 'exit': the last log lines have been read by then.
      this.child.once('close', (code, signal) => {
        logFile?.end();
        resolve({ code, signal });
      });
    });
    /** @type {ExitStatus | undefined} */
    this.exitStatus = undefined;
    void this.exited.then((status) => {
      this.exitStatus = status;
    });
  }

  get running() {
    return this.exitStatus === undefined;
  }

  /** @param {NodeJS.Signals} signal */
  kill(signal) {
    if (this.running) this.child.kill(signal);
  }

  /** Polls /health/ready until it answers 200; rejects if the process exits or time runs out. */
  async waitReady(timeoutMs = 30_000) {
    const deadline = performance.now() + timeoutMs;
    while (this.running) {
      if ((await probe(`${this.url}/health/ready`, 1000)) === 200) {
        this.readyMs = performance.now() - this.startedAt;
        return;
      }
      if (performance.now() > deadline) {
        throw new Error(`${this.name} not ready after ${timeoutMs} ms\n${this.describeTail()}`);
      }
      await sleep(10);
    }
    const status = await this.exited;
    throw new Error(`${this.name} exited before it was ready (${describeExit(status)})\n${this.describeTail()}`);
  }

  /** SIGTERM, then SIGKILL if it is still running after `timeoutMs`. */
  async stop(timeoutMs = 15_000) {
    if (!this.running) return /** @type {ExitStatus} */ (this.exitStatus);
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), timeoutMs);
    const status = await this.exited;
    clearTimeout(timer);
    return status;
  }

  describeTail() {
    const lines =
      this.tail.length === 0 && this.logPath && fs.existsSync(this.logPath)
        ? fs.readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-TAIL_LINES)
        : this.tail;
    return lines.map((line) => `  ${this.name} | ${line}`).join('\n');
  }
}

/**
 * The running app. `unexpectedExit` resolves when a child dies while nobody asked it to stop;
 * `stop()` stops everything in tiers (productpage, then reviews, then details and ratings).
 */
class RunningStack {
  /** @param {ServiceProcess[]} processes */
  constructor(processes) {
    this.processes = processes;
    this.stopping = false;
    /** @type {Promise<{ name: string, status: ExitStatus }>} */
    this.unexpectedExit = new Promise((resolve) => {
      for (const service of processes) {
        void service.exited.then((status) => {
          if (!this.stopping) resolve({ name: service.name, status });
        });
      }
    });
    this.killOnExit = () => {
      for (const service of this.processes) service.kill('SIGKILL');
    };
    // Never leave services behind holding ports when the parent (launcher, jest worker) exits.
    process.once('exit', this.killOnExit);
  }

  /** @param {string} name */
  get(name) {
    const service = this.processes.find((candidate) => candidate.name === name);
    if (!service) throw new Error(`no process named ${name} in this stack`);
    return service;
  }

  /** @param {string} name */
  url(name) {
    return this.get(name).url;
  }

  /**
   * @param {number} [timeoutMs]  per process, before SIGKILL
   * @returns {Promise<Array<{ name: string, status: ExitStatus }>>}
   */
  async stop(timeoutMs) {
    this.stopping = true;
    /** @type {Array<{ name: string, status: ExitStatus }>} */
    const results = [];
    const tiers = [...new Set(this.processes.map((service) => service.spec.stopTier))].sort((a, b) => a - b);
    for (const tier of tiers) {
      const inTier = this.processes.filter((service) => service.spec.stopTier === tier);
      const statuses = await Promise.all(inTier.map((service) => service.stop(timeoutMs)));
      inTier.forEach((service, index) => results.push({ name: service.name, status: statuses[index] }));
    }
    process.removeListener('exit', this.killOnExit);
    return results;
  }
}

/**
 * Starts every spec at once and waits until all are ready. If one fails to start, the others are
 * stopped and the error carries the failing service's last log lines.
 * @param {readonly ProcessSpec[]} specs
 * @param {LaunchOptions} [options]
 * @returns {Promise<RunningStack>}
 */
async function launch(specs, options = {}) {
  for (const spec of specs) {
    if (!fs.existsSync(scriptOf(spec))) {
      throw new Error(`${scriptOf(spec)} is missing: build ${spec.project} first`);
    }
  }
  if (options.logDir) fs.mkdirSync(options.logDir, { recursive: true });
  const stack = new RunningStack(specs.map((spec) => new ServiceProcess(spec, options)));
  try {
    await Promise.all(stack.processes.map((service) => service.waitReady(options.readyTimeoutMs)));
  } catch (error) {
    await stack.stop(2000);
    throw error;
  }
  return stack;
}

/**
 * Calls `onLine` for each complete line of a stream.
 * @param {NodeJS.ReadableStream} stream
 * @param {(line: string) => void} onLine
 */
function splitLines(stream, onLine) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline);
      if (line.length > 0) onLine(line);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (pending.length > 0) onLine(pending);
  });
}

/** @param {ExitStatus} status */
function describeExit(status) {
  return status.signal ? `signal ${status.signal}` : `exit code ${status.code}`;
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = {
  ROOT,
  SERVICE_PROJECTS,
  REVIEWS_VERSIONS,
  PORT_OFFSETS,
  planStack,
  resolvePorts,
  reviewsSpec,
  productpageSpec,
  baseUrl,
  connectHost,
  mainScript,
  SERVICE_NODE_FLAGS,
  availableProjects,
  missingBuilds,
  buildProjects,
  assertPortsFree,
  findFreePorts,
  probe,
  launch,
  describeExit,
  sleep,
  ServiceProcess,
  RunningStack,
};
