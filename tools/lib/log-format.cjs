// @ts-check
'use strict';
/**
 * Turns the services' pino JSON lines into short terminal lines for `npm start`:
 *   12:04:31 reviews-v2   GET /reviews/0 200 3.1ms
 *   12:04:29 productpage  info  productpage listening url=http://[::1]:9080
 * The raw JSON stays in the log files; this is only what a person watching the terminal needs.
 */

const COLOURS = [36, 32, 33, 35, 34, 96, 92, 93];
const LEVEL_COLOURS = { warn: 33, error: 31, fatal: 31 };
/** Fields that are already in the short line, or noise for a person reading it. */
const HIDDEN_FIELDS = new Set(['level', 'time', 'service', 'msg', 'pid', 'hostname', 'requestId', 'context']);
const LEVEL_RANK = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
/** NestJS's start-up chatter (one line per module and route): useful in a log file, not on screen. */
const NEST_BOOT_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/**
 * @param {{ names: string[], colour: boolean, quiet: boolean }} options
 *   quiet: hide access-log lines and info messages, keep warnings, errors and lifecycle lines
 * @returns {(name: string, line: string) => string | undefined}  the short line, or undefined to hide it
 */
function createLogFormatter(options) {
  const width = Math.max(...options.names.map((name) => name.length));
  const paint = (/** @type {number} */ code, /** @type {string} */ text) => (options.colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const nameColour = new Map(options.names.map((name, index) => [name, COLOURS[index % COLOURS.length]]));

  return (name, line) => {
    const label = paint(nameColour.get(name) ?? 37, name.padEnd(width));
    /** @type {Record<string, unknown> | undefined} */
    let entry;
    try {
      const parsed = JSON.parse(line);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) entry = parsed;
    } catch {
      entry = undefined;
    }
    if (!entry) return `${clock(new Date())} ${label} ${line}`;

    const level = typeof entry.level === 'string' ? entry.level : 'info';
    const time = clock(typeof entry.time === 'string' ? new Date(entry.time) : new Date());
    const rank = LEVEL_RANK[/** @type {keyof LEVEL_RANK} */ (level)] ?? 30;
    const lifecycle = typeof entry.msg === 'string' && /listening|shut|shutting|draining/.test(entry.msg);
    if (options.quiet && rank < 40 && !lifecycle) return undefined;
    if (rank < 40 && typeof entry.context === 'string' && NEST_BOOT_CONTEXTS.has(entry.context)) return undefined;

    if (entry.msg === 'request completed') {
      const status = Number(entry.statusCode);
      const statusText = status >= 500 ? paint(31, String(status)) : status >= 400 ? paint(33, String(status)) : String(status);
      return `${time} ${label} ${entry.method} ${entry.url} ${statusText} ${entry.durationMs}ms`;
    }
    const fields = Object.entries(entry)
      .filter(([key]) => !HIDDEN_FIELDS.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    const levelText = paint(LEVEL_COLOURS[/** @type {keyof LEVEL_COLOURS} */ (level)] ?? 2, level.padEnd(5));
    return `${time} ${label} ${levelText} ${entry.msg ?? ''}${fields ? ` ${fields}` : ''}`;
  };
}

/** @param {Date} date */
function clock(date) {
  return Number.isNaN(date.getTime()) ? '--:--:--' : date.toTimeString().slice(0, 8);
}

module.exports = { createLogFormatter };
