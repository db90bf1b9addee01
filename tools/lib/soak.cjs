// @ts-check
'use strict';
/**
 * The parts of `npm run soak` that decide rather than do: its options, what a page says about
 * which backend it lacks, the fault schedule, and the statistics it prints. Kept apart from
 * tools/soak.mjs so a test can check them without a ten-minute run.
 */
const { parseArgs } = require('node:util');

const HELP = `Usage: npm run soak [-- options]

Builds and starts productpage, details, reviews and ratings (as npm start does, on free ports),
drives /productpage with constant load, and meanwhile stops (SIGTERM), kills (SIGKILL) and pauses
(SIGSTOP, then SIGCONT) each backend in turn, restarting what was stopped. Every interval it prints
the page outcomes, errors, non-2xx responses, p50/p99 and each service's RSS; at the end, per fault,
the fallback seen and the time to the first full page after the backend came back.

Options:
  --minutes N        length of the run (default 2; decimals allowed)
  --connections N    concurrent connections to productpage (default 50)
  --interval S       seconds between rows (default 10)
  --reviews v2|v3    reviews version productpage calls (default v2). v2 waits 10 s for ratings, so a
                     paused ratings shows as "reviews unavailable" (productpage gives up after
                     2 x 3 s, as in Istio's delay task); v3 waits 2.5 s and shows "ratings unavailable"
  --log-level L      the services' LOG_LEVEL (default warn: info logs every request, gigabytes in a
                     long run); logs in tmp/soak-logs/
  --skip-build       use what is already in dist/
  -h, --help`;

/**
 * @typedef {object} SoakOptions
 * @property {number} minutes
 * @property {number} connections
 * @property {number} intervalS
 * @property {'v2' | 'v3'} reviewsVersion
 * @property {string} logLevel
 * @property {boolean} skipBuild
 * @property {boolean} help
 */

/**
 * @param {string[]} argv  the arguments after the script name
 * @returns {SoakOptions}  throws an Error with a message for the user on bad input
 */
function parseSoakArgs(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string', default: '2' },
      connections: { type: 'string', default: '50' },
      interval: { type: 'string', default: '10' },
      reviews: { type: 'string', default: 'v2' },
      'log-level': { type: 'string', default: 'warn' },
      'skip-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const number = (/** @type {string} */ name, /** @type {string} */ text, /** @type {number} */ min, /** @type {number} */ max, integer = false) => {
    const value = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || (integer && !Number.isInteger(value)) || value < min || value > max) {
      throw new Error(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}; got "${text}"`);
    }
    return value;
  };
  const reviewsVersion = /** @type {string} */ (values.reviews);
  if (reviewsVersion !== 'v2' && reviewsVersion !== 'v3') {
    throw new Error(`--reviews must be v2 or v3 (v1 calls no ratings); got "${reviewsVersion}"`);
  }
  const logLevel = /** @type {string} */ (values['log-level']);
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace'].includes(logLevel)) {
    throw new Error(`--log-level must be one of fatal, error, warn, info, debug, trace; got "${logLevel}"`);
  }
  return {
    minutes: number('minutes', /** @type {string} */ (values.minutes), 0.5, 24 * 60),
    connections: number('connections', /** @type {string} */ (values.connections), 1, 1000, true),
    intervalS: number('interval', /** @type {string} */ (values.interval), 1, 600, true),
    reviewsVersion,
    logLevel,
    skipBuild: values['skip-build'] === true,
    help: values.help === true,
  };
}

/** What productpage renders instead of a backend's part (services/productpage/src/views, upstream's texts). */
const FALLBACK_TEXTS = {
  details: 'Error fetching product details',
  reviews: 'Error fetching product reviews',
  ratings: 'Ratings service is currently unavailable',
};
/** @typedef {keyof typeof FALLBACK_TEXTS} Fallback */
const FALLBACKS = /** @type {Fallback[]} */ (Object.keys(FALLBACK_TEXTS));

/** Parts of a full page for product 0 with reviews v2 or v3: the book details and filled stars. */
const FULL_PAGE_MARKERS = ['<td>PublisherA</td>', 'id="glyphicon glyphicon-star"'];

/**
 * @typedef {object} PageOutcome
 * @property {'full' | 'degraded' | 'other'} kind  other: a 2xx body that is neither (not the page)
 * @property {Fallback[]} fallbacks  fallback texts present, in page order
 */

/**
 * What a 2xx /productpage body shows.
 * @param {string} html
 * @returns {PageOutcome}
 */
function classifyPage(html) {
  const fallbacks = FALLBACKS.filter((name) => html.includes(FALLBACK_TEXTS[name]));
  if (fallbacks.length > 0) return { kind: 'degraded', fallbacks };
  const full = FULL_PAGE_MARKERS.every((marker) => html.includes(marker));
  return { kind: full ? 'full' : 'other', fallbacks };
}

/** @typedef {'stop' | 'kill' | 'pause'} FaultKind */

/**
 * @typedef {object} Fault
 * @property {number} atMs        planned start, from the start of the load
 * @property {number} holdMs      how long the backend stays stopped or paused
 * @property {string} target      instance name ('details', 'reviews-v2', 'ratings')
 * @property {FaultKind} kind
 * @property {Fallback} expected  the fallback the page should show meanwhile
 */

/** @param {number} value @param {number} low @param {number} high */
const clamp = (value, low, high) => Math.min(high, Math.max(low, value));

/**
 * The fault plan: a warm-up with no faults (RSS is measured after it), then SIGTERM for each
 * backend in turn, then SIGKILL for each, then SIGSTOP for each, evenly spaced, then a quiet tail.
 * A pause is held at least 8 s: productpage needs 2 x 3 s to give up on a paused reviews.
 * @param {{ totalMs: number, reviewsVersion: 'v2' | 'v3' }} options
 * @returns {{ warmupMs: number, tailMs: number, faults: Fault[] }}
 */
function faultSchedule(options) {
  const { totalMs } = options;
  const warmupMs = clamp(totalMs * 0.1, 15_000, 60_000);
  const tailMs = clamp(totalMs * 0.05, 10_000, 30_000);
  const targets = /** @type {const} */ ([
    ['details', 'details'],
    [`reviews-${options.reviewsVersion}`, 'reviews'],
    ['ratings', 'ratings'],
  ]);
  const kinds = /** @type {FaultKind[]} */ (['stop', 'kill', 'pause']);
  const slotMs = Math.max(0, totalMs - warmupMs - tailMs) / (kinds.length * targets.length);
  /** @type {Fault[]} */
  const faults = [];
  kinds.forEach((kind, round) => {
    targets.forEach(([target, project], index) => {
      // A paused ratings behind reviews v2 (10 s timeout) makes productpage give up on reviews first.
      const expected =
        kind === 'pause' && project === 'ratings' && options.reviewsVersion === 'v2' ? 'reviews' : project;
      faults.push({
        atMs: Math.round(warmupMs + slotMs * (round * targets.length + index)),
        holdMs: Math.round(kind === 'pause' ? clamp(slotMs * 0.4, 8_000, 20_000) : clamp(slotMs * 0.4, 3_000, 20_000)),
        target,
        kind,
        expected: /** @type {Fallback} */ (expected),
      });
    });
  });
  return { warmupMs, tailMs, faults };
}

/**
 * The q-quantile (0..1) of ascending numbers, nearest rank.
 * @param {ArrayLike<number>} sorted
 * @param {number} q
 */
function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** @param {ArrayLike<number>} values */
function median(values) {
  return quantile(Float64Array.from(values).sort(), 0.5);
}

/**
 * The median of each whole minute's samples, in order: the shape of a process's memory over the
 * run (a plateau, or a climb that a leak makes), which the two windows of the growth figure cannot
 * show.
 * @param {{ atMs: number, kb: number }[]} samples  from every life of the process
 * @param {number} totalMs  the run's length; a last part-minute counts when it is at least half of one,
 *   else its samples join the minute before (a run ends a moment after its set length)
 * @returns {number[]}  kB per minute; NaN for a minute with no sample (the process was down)
 */
function perMinuteMedians(samples, totalMs) {
  const minutes = Math.max(1, Math.round(totalMs / 60_000));
  /** @type {number[][]} */
  const buckets = Array.from({ length: minutes }, () => []);
  for (const { atMs, kb } of samples) buckets[Math.min(minutes - 1, Math.floor(atMs / 60_000))]?.push(kb);
  return buckets.map(median);
}

/**
 * @typedef {object} Life  one process of a service, from a start (or restart) to its end
 * @property {number} pid
 * @property {number} startedMs
 * @property {{ atMs: number, kb: number }[]} samples
 */

/** Seconds of samples whose median makes the baseline and the final figure. */
const RSS_WINDOW_MS = 10_000;

/**
 * A service's RSS growth over the run: the median of its last 10 s against the median of the 10 s
 * before the warm-up ended. Per service, not per process: a restarted process is compared with the
 * warmed-up one it replaced, so a restart neither hides growth nor gets a baseline of its own taken
 * while another fault has the page idle.
 * @param {Life[]} lives  in order; the last is the process running at the end, if any
 * @param {{ warmupMs: number, endedMs: number, running: boolean }} run
 */
function rssGrowth(lives, { warmupMs, endedMs, running }) {
  const inWindow = (/** @type {Life | undefined} */ life, /** @type {number} */ endMs) =>
    (life?.samples ?? []).filter((s) => s.atMs > endMs - RSS_WINDOW_MS && s.atMs <= endMs).map((s) => s.kb);
  const baselineKb = median(inWindow(lives[0], warmupMs));
  const finalKb = running ? median(inWindow(lives[lives.length - 1], endedMs)) : NaN;
  const peakKb = Math.max(...lives.flatMap((life) => life.samples.map((s) => s.kb)));
  return { baselineKb, peakKb, finalKb, growth: finalKb / baselineKb - 1 };
}

/**
 * kB from a /proc/<pid>/status text's VmRSS line, or NaN.
 * @param {string} status
 */
function vmRssKb(status) {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) : NaN;
}

module.exports = {
  HELP,
  parseSoakArgs,
  FALLBACK_TEXTS,
  FALLBACKS,
  classifyPage,
  faultSchedule,
  quantile,
  median,
  perMinuteMedians,
  rssGrowth,
  vmRssKb,
};
