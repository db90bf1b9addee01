/**
 * `new Date(ms).toISOString()`, for the timestamps of log lines, at a fraction of its cost.
 *
 * V8 formats every ISO date in C++ through `snprintf`: about 0.46 µs a call here, 8 times what
 * this costs, and the largest single item callgrind found in a leaf service's request when every
 * access line called it. Lines are written many times a second, so the part up to the seconds is
 * formatted once per second and only the milliseconds are appended. Exact for any time, including
 * a clock that jumps back.
 */
const MILLIS_SUFFIX = Array.from({ length: 1000 }, (_, ms) => `${String(ms).padStart(3, '0')}Z`);

let secondStart = Number.NaN;
let secondPrefix = '';

export function isoTime(ms: number = Date.now()): string {
  const offset = ms - secondStart;
  if (offset >= 0 && offset < 1000 && Number.isInteger(offset)) return secondPrefix + MILLIS_SUFFIX[offset];
  const iso = new Date(ms).toISOString();
  // "...T09:50:30.397Z": the prefix ends with the seconds' dot; works for six-digit years too.
  secondPrefix = iso.slice(0, -4);
  secondStart = ms - Number(iso.slice(-4, -1));
  return iso;
}
