// @ts-check
'use strict';
/**
 * The app as `npm start` runs it, for the system and browser tests: same processes, same wiring,
 * on free ephemeral ports, plus one extra productpage per other reviews version so a single run
 * sees no stars (v1), black (v2) and red (v3) side by side.
 */
const path = require('node:path');
const { ROOT, REVIEWS_VERSIONS, buildProjects, missingBuilds, planStack, productpageSpec } = require('./plan.cjs');
const { findFreePorts } = require('./ports.cjs');
const { launch } = require('./supervisor.cjs');

/** @typedef {import('./plan.cjs').ReviewsVersion} ReviewsVersion */
/** @typedef {import('./plan.cjs').Project} Project */

/**
 * Builds what is missing from dist/ (under `nx test`, the project's `dependsOn` has already built
 * everything and this is a no-op).
 * @param {readonly Project[]} projects
 */
function ensureBuilt(projects) {
  const missing = missingBuilds(projects);
  if (missing.length > 0) buildProjects(missing, { quiet: true });
}

/**
 * @param {{ logDir: string, reviewsVersions?: readonly ReviewsVersion[], env?: Record<string, string> }} options
 *   reviewsVersions: which productpages to run, one per version (default all three)
 */
async function startTestStack(options) {
  const versions = options.reviewsVersions ?? REVIEWS_VERSIONS;
  const extraVersions = versions.filter((version) => version !== 'v2');
  const free = await findFreePorts(6 + extraVersions.length);
  const nextPort = () => /** @type {number} */ (free.shift());
  const ports = {
    productpage: nextPort(),
    details: nextPort(),
    'reviews-v1': nextPort(),
    'reviews-v2': nextPort(),
    'reviews-v3': nextPort(),
    ratings: nextPort(),
  };
  // The stack's own productpage talks to reviews v2, like `npm start`; the others are extra.
  const specs = planStack({ ports, productpageHost: '127.0.0.1', reviewsVersion: 'v2', env: options.env });
  const backend = (/** @type {keyof typeof ports} */ name) => ({ host: '127.0.0.1', port: ports[name] });

  /** @type {Partial<Record<ReviewsVersion, string>>} */
  const productpageByVersion = {};
  for (const version of extraVersions) {
    specs.push(
      productpageSpec({
        name: `productpage-for-${version}`,
        host: '127.0.0.1',
        port: nextPort(),
        details: backend('details'),
        reviews: backend(`reviews-${version}`),
        ratings: backend('ratings'),
        env: options.env,
      }),
    );
  }
  if (!versions.includes('v2')) specs.splice(specs.findIndex((spec) => spec.name === 'productpage'), 1);

  const stack = await launch(specs, { logDir: path.resolve(ROOT, options.logDir) });
  for (const version of versions) {
    productpageByVersion[version] = stack.url(version === 'v2' ? 'productpage' : `productpage-for-${version}`);
  }
  return { stack, productpageByVersion: /** @type {Record<ReviewsVersion, string>} */ (productpageByVersion) };
}

module.exports = { ensureBuilt, startTestStack };
