// @ts-check
'use strict';
/**
 * What the local app runs: which services, wired to each other with which environment variables,
 * started with which command, and how they are built. `npm start`, the whole-system and browser
 * tests, the benchmark and the soak all plan with this module, so what the tests check is exactly
 * what a user runs. Ports live in ports.cjs, running the processes in supervisor.cjs.
 *
 * CommonJS on purpose: the CLI scripts (ESM, plain `node`) and the jest suites (ts-jest, CommonJS)
 * can both load it without a build step.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { connectHost, resolvePorts } = require('./ports.cjs');

const ROOT = path.resolve(__dirname, '..', '..');

/** Nx projects that make up the app. */
const SERVICE_PROJECTS = /** @type {const} */ (['productpage', 'details', 'reviews', 'ratings']);
const REVIEWS_VERSIONS = /** @type {const} */ (['v1', 'v2', 'v3']);

/** @typedef {(typeof SERVICE_PROJECTS)[number]} Project */
/** @typedef {(typeof REVIEWS_VERSIONS)[number]} ReviewsVersion */
/** @typedef {import('./ports.cjs').InstanceName} InstanceName */
/** @typedef {import('./ports.cjs').PortMap} PortMap */

/** Where `nx build <project>` writes a service's entry point, relative to the root (the one place that says so). */
const MAIN_SCRIPT = 'dist/services/<project>/main.js';

/** Each service's Node/V8 options (`NODE_OPTIONS=...`, with comments saying why), relative to the root. */
const NODE_ENV_FILE = 'services/<project>/node.env';

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
 * tests must run the services exactly as `npm start` does. NODE_OPTIONS goes because a variable
 * wins over `--env-file`: an inherited one (a debugger's, a tool's) would replace the options in
 * the service's node.env without a word.
 */
const CONTROLLED_VARIABLES = [
  'HOST',
  'PORT',
  'HOSTNAME',
  'NODE_ENV',
  'NODE_OPTIONS',
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
 *                               (the benchmark's reference servers); a build gets its node.env
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

/** @param {Project} project  absolute path of the project's built entry point */
function mainScript(project) {
  return path.join(ROOT, MAIN_SCRIPT.replace('<project>', project));
}

/** @param {Project} project  absolute path of the project's node.env */
function nodeEnvFile(project) {
  return path.join(ROOT, NODE_ENV_FILE.replace('<project>', project));
}

/**
 * Files a spec needs on disk: its script, and for a build its node.env.
 * @param {ProcessSpec} spec
 */
function filesOf(spec) {
  return spec.script === undefined ? [mainScript(spec.project), nodeEnvFile(spec.project)] : [spec.script];
}

/**
 * Arguments to `node` for a spec, run from the root: `--env-file=services/<project>/node.env
 * dist/services/<project>/main.js`, as the images run `node --env-file=node.env main.js`. Paths
 * are relative so `ps` shows which service a process is.
 * @param {ProcessSpec} spec
 * @returns {string[]}
 */
function nodeArguments(spec) {
  if (spec.script !== undefined) return [spec.script];
  return [`--env-file=${path.relative(ROOT, nodeEnvFile(spec.project))}`, path.relative(ROOT, mainScript(spec.project))];
}

/**
 * The environment a spec's process gets: the caller's, without the variables the launcher decides,
 * plus the spec's own and its address.
 * @param {ProcessSpec} spec
 * @param {NodeJS.ProcessEnv} [inherited]
 * @returns {NodeJS.ProcessEnv}
 */
function environmentOf(spec, inherited = process.env) {
  const env = { ...inherited };
  for (const variable of CONTROLLED_VARIABLES) delete env[variable];
  return Object.assign(env, spec.env, { HOST: spec.host, PORT: String(spec.port) });
}

/**
 * What a reader of the page sees once the process of `spec` is gone, given the processes it runs
 * with (which reviews each productpage calls). Sentences for the launcher's warning.
 * @param {ProcessSpec} spec
 * @param {readonly ProcessSpec[]} specs
 * @returns {string}
 */
function pageWithout(spec, specs) {
  const pages = specs.filter((candidate) => candidate.project === 'productpage');
  const calledBy = (/** @type {string} */ prefix) =>
    pages.filter((page) => page.env[`${prefix}_SERVICE_PORT`] === String(spec.port));
  switch (spec.project) {
    case 'productpage':
      return 'The page no longer answers; the backends still do.';
    case 'details':
      return calledBy('DETAILS').length > 0
        ? 'The page degrades: "Error fetching product details" instead of the book details.'
        : 'No productpage calls it: the page is unchanged.';
    case 'reviews':
      return calledBy('REVIEWS').length > 0
        ? 'The page degrades: "Error fetching product reviews" instead of the reviews.'
        : `productpage calls another reviews version, not ${spec.name}: the page is unchanged.`;
    case 'ratings': {
      const reviewsWithStars = specs.filter(
        (candidate) =>
          candidate.project === 'reviews' &&
          candidate.env['ENABLE_RATINGS'] === 'true' &&
          candidate.env['RATINGS_SERVICE_PORT'] === String(spec.port) &&
          pages.some((page) => page.env['REVIEWS_SERVICE_PORT'] === String(candidate.port)),
      );
      return reviewsWithStars.length > 0
        ? 'The page degrades: each review says "Ratings service is currently unavailable" instead of its stars.'
        : 'The page shows no stars anyway (reviews v1): it is unchanged, but /api/v1/products/0/ratings fails.';
    }
    default:
      return '';
  }
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

module.exports = {
  ROOT,
  SERVICE_PROJECTS,
  REVIEWS_VERSIONS,
  MAIN_SCRIPT,
  NODE_ENV_FILE,
  planStack,
  reviewsSpec,
  productpageSpec,
  mainScript,
  nodeEnvFile,
  filesOf,
  nodeArguments,
  environmentOf,
  pageWithout,
  availableProjects,
  missingBuilds,
  buildProjects,
};
