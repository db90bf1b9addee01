// @ts-check
'use strict';
/**
 * What the bench scripts read about a process from /proc (CPU time, peak RSS), and the median they
 * report. Linux only, like the machines the figures come from.
 */
const { readFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * User + system CPU seconds a process has used so far, or NaN when it is gone.
 * @param {number} pid
 */
function cpuSeconds(pid) {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/**
 * The process's peak RSS (VmHWM) in MB, or NaN when it is gone.
 * @param {number} pid
 */
function peakRssMb(pid) {
  let status;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return NaN;
  }
  return Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1]) / 1024;
}

/**
 * The median of the finite values (the mean of the middle two for an even count), or NaN.
 * @param {number[]} values
 */
function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

module.exports = { cpuSeconds, peakRssMb, median };
