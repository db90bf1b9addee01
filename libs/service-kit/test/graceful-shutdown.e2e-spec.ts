import { freePort } from '@bookinfo/test-support';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';

const fixture = join(__dirname, 'fixtures', 'main.ts');
const tsconfig = join(__dirname, '..', 'tsconfig.spec.json');

const started: ChildProcess[] = [];

function startFixture(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', fixture], {
    env: {
      ...process.env,
      TS_NODE_PROJECT: tsconfig,
      // ts-node forces node10 resolution for CommonJS, which TypeScript 6 flags as deprecated.
      TS_NODE_COMPILER_OPTIONS: JSON.stringify({ ignoreDeprecations: '6.0' }),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  started.push(child);
  return { child, output: () => output };
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function waitUntilListening(port: number, output: () => string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const live = await get(port, '/health/live').catch(() => undefined);
    if (live?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`fixture did not start on ${port}:\n${output()}`);
}

/** Polls `check` every 50 ms until it is true or `withinMs` has passed; whether it became true. */
async function until(check: () => Promise<boolean>, withinMs = 5_000): Promise<boolean> {
  const giveUpAt = Date.now() + withinMs;
  while (Date.now() < giveUpAt) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('process lifecycle', () => {
  jest.setTimeout(30_000);

  afterAll(() => started.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

  it('on SIGTERM fails readiness at once, lets in-flight requests finish, and exits 0', async () => {
    const port = await freePort();
    // New requests are still served for 1 s after the signal; the slow one outlives that by 1.5 s.
    const { child, output } = startFixture({ PORT: String(port), SHUTDOWN_DELAY_MS: '1000' });
    const exited = exitOf(child);
    await waitUntilListening(port, output);

    const slow = get(port, '/slow?ms=2500');
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGTERM');

    // Readiness turns 503 while the process still serves (liveness 200): well within the 1 s delay.
    expect(await until(async () => (await get(port, '/health/ready')).status !== 200)).toBe(true);
    const ready = await get(port, '/health/ready');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body).error).toEqual({ shutdown: { status: 'down', message: 'draining' } });
    expect((await get(port, '/health/live')).status).toBe(200);

    expect(await slow).toEqual({ status: 200, body: '{"finished":true}' });
    expect(await exited).toBe(0);
    expect(output()).toContain('shut down cleanly');
  });

  it('exits 1 when in-flight requests outlive the drain timeout', async () => {
    const port = await freePort();
    // The 1 s delay still takes the slow request in should it arrive after the signal; it never
    // finishes, and the drain timeout ends the process.
    const { child, output } = startFixture({ PORT: String(port), SHUTDOWN_DELAY_MS: '1000', SHUTDOWN_TIMEOUT_MS: '300' });
    const exited = exitOf(child);
    await waitUntilListening(port, output);
    get(port, '/slow?ms=60000').catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGTERM');
    expect(await exited).toBe(1);
    expect(output()).toContain('requests still in flight after the drain timeout');
  });

  it('keeps answering its probes while nobody reads its stdout: logging never blocks the event loop', async () => {
    const port = await freePort();
    const { child, output } = startFixture({ PORT: String(port), LOG_LEVEL: 'debug' });
    await waitUntilListening(port, output);
    // From now on the pipe fills: the test reads nothing more (the kernel holds 64 KiB at most).
    child.stdout?.pause();
    child.stdout?.removeAllListeners('data');

    // Each access line carries its 4 KB URL: 200 of them are 800 KB, far more than the pipe holds.
    const longQuery = 'x'.repeat(4096);
    for (let burst = 0; burst < 10; burst++) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => get(port, `/health/live?${longQuery}`)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    }
    await expect(get(port, '/health/ready')).resolves.toMatchObject({ status: 200 });
  });

  it('refuses to start on a bad variable, naming it and the allowed values', async () => {
    const { child, output } = startFixture({ PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(await exitOf(child)).toBe(1);
    expect(output()).toContain('PORT=\\"eighty\\": PORT must be a whole number from 0 to 65535');
    expect(output()).toContain('LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent');
  });
});
