// @ts-check
'use strict';
/**
 * Runs planned processes: spawns each with its command and environment (plan.cjs), waits for
 * readiness, watches them and stops them in order. A process that exits while nobody asked it to
 * is reported to the caller, and the others keep running: `npm start` then says so and the page
 * degrades, as in Istio's fault demos.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { ROOT, environmentOf, filesOf, nodeArguments } = require('./plan.cjs');
const { baseUrl } = require('./ports.cjs');

/** @typedef {import('./plan.cjs').ProcessSpec} ProcessSpec */
/** @typedef {{ code: number | null, signal: NodeJS.Signals | null }} ExitStatus */

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
    /** Set once this process was told to stop: its exit is then expected, not news. */
    this.stopRequested = false;

    // A process group of its own: Ctrl-C in the terminal reaches only the launcher, which stops
    // the services in order (callers first) instead of all of them racing each other.
    const logPath = options.logDir ? path.join(options.logDir, `${spec.name}.log`) : undefined;
    const straightToFile = options.logsStraightToFile === true && logPath !== undefined;
    // Appended, not truncated: a service restarted by the soak keeps the log of its first life.
    const fileDescriptor = straightToFile ? fs.openSync(logPath, 'a') : undefined;
    this.child = spawn(process.execPath, nodeArguments(spec), {
      cwd: ROOT,
      env: environmentOf(spec),
      stdio: fileDescriptor === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fileDescriptor, fileDescriptor],
      detached: true,
    });
    if (fileDescriptor !== undefined) fs.closeSync(fileDescriptor);
    this.pid = /** @type {number} */ (this.child.pid);
    this.logPath = logPath;

    const logFile = logPath && !straightToFile ? fs.createWriteStream(logPath, { flags: 'a' }) : undefined;
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

  /**
   * Sends a signal. SIGTERM, SIGINT and SIGKILL count as a request to stop; SIGSTOP and SIGCONT
   * (the soak's pause) do not.
   * @param {NodeJS.Signals} signal
   */
  kill(signal) {
    if (!this.running) return;
    if (signal === 'SIGTERM' || signal === 'SIGINT' || signal === 'SIGKILL') this.stopRequested = true;
    this.child.kill(signal);
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
    // A paused process (SIGSTOP) would never see the SIGTERM.
    this.child.kill('SIGCONT');
    const timer = setTimeout(() => this.kill('SIGKILL'), timeoutMs);
    const status = await this.exited;
    clearTimeout(timer);
    return status;
  }

  /** The last lines the process printed, each prefixed with its name. */
  describeTail(lineCount = TAIL_LINES) {
    const lines =
      this.tail.length === 0 && this.logPath && fs.existsSync(this.logPath)
        ? fs.readFileSync(this.logPath, 'utf8').trimEnd().split('\n')
        : this.tail;
    return lines
      .slice(-lineCount)
      .map((line) => `  ${this.name} | ${line}`)
      .join('\n');
  }
}

/** @typedef {(service: ServiceProcess, status: ExitStatus) => void} ExitListener */

/**
 * The running app. A child that exits while nobody asked it to (neither `stop()` nor the
 * process's own `stop()`/`kill()`) is reported to the `onUnexpectedExit` listeners; the others are
 * left running. `stop()` stops everything in tiers (productpage, then reviews, then details and
 * ratings).
 */
class RunningStack {
  /**
   * @param {ServiceProcess[]} processes
   * @param {LaunchOptions} [options]  kept to start a process again with `restart`
   */
  constructor(processes, options = {}) {
    this.processes = [...processes];
    this.options = options;
    this.stopping = false;
    /** @type {ExitListener[]} */
    this.exitListeners = [];
    /** @type {Array<{ name: string, pid: number, status: ExitStatus }>} */
    this.unexpectedExits = [];
    for (const service of this.processes) this.watch(service);
    this.killOnExit = () => {
      for (const service of this.processes) service.kill('SIGKILL');
    };
    // Never leave services behind holding ports when the parent (launcher, jest worker) exits.
    process.once('exit', this.killOnExit);
  }

  /** @param {ServiceProcess} service */
  watch(service) {
    void service.exited.then((status) => {
      if (this.stopping || service.stopRequested) return;
      this.unexpectedExits.push({ name: service.name, pid: service.pid, status });
      for (const listener of this.exitListeners) listener(service, status);
    });
  }

  /** @param {ExitListener} listener  called once per process that exits on its own */
  onUnexpectedExit(listener) {
    this.exitListeners.push(listener);
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

  /** Processes still running. */
  get running() {
    return this.processes.filter((service) => service.running);
  }

  /**
   * Starts a process again from its spec (after it stopped or died) and waits until it is ready.
   * The old process, if still running, is stopped first.
   * @param {string} name
   * @returns {Promise<ServiceProcess>}
   */
  async restart(name) {
    if (this.stopping) throw new Error(`the stack is stopping: ${name} is not restarted`);
    const old = this.get(name);
    await old.stop();
    const fresh = new ServiceProcess(old.spec, this.options);
    this.processes[this.processes.indexOf(old)] = fresh;
    this.watch(fresh);
    await fresh.waitReady(this.options.readyTimeoutMs);
    return fresh;
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
    const missing = filesOf(spec).filter((file) => !fs.existsSync(file));
    if (missing.length > 0) {
      throw new Error(`${missing.join(' and ')} missing: ${spec.script === undefined ? `build ${spec.project} first` : 'no such file'}`);
    }
  }
  if (options.logDir) {
    fs.mkdirSync(options.logDir, { recursive: true });
    // One run's logs per file: a restart appends, a new launch starts afresh.
    for (const spec of specs) fs.rmSync(path.join(options.logDir, `${spec.name}.log`), { force: true });
  }
  const stack = new RunningStack(
    specs.map((spec) => new ServiceProcess(spec, options)),
    options,
  );
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

module.exports = { probe, launch, describeExit, sleep, ServiceProcess, RunningStack };
