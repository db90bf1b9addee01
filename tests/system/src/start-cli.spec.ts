import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { ROOT, planStack } from '../../../tools/lib/plan.cjs';
import { freeBasePort } from '../../../tools/lib/ports.cjs';
import { probe } from '../../../tools/lib/supervisor.cjs';
import { filledStarCount, renderedReviews, reviewsPod } from './support/page';

/** `npm start` itself (tools/start.mjs): what it serves, how it stops, what it does when a service exits. */

interface Launcher {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  pids: Record<string, number>;
}

async function startLauncher(basePort: number, env: Record<string, string> = {}): Promise<Launcher> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'tools', 'start.mjs'), '--skip-build', '--quiet', '--base-port', String(basePort), '--log-dir', 'tmp/system-tests/start-cli'],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 30_000;
  while (!output.includes('Ctrl-C stops everything') && child.exitCode === null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!output.includes('Ctrl-C stops everything')) {
    child.kill('SIGTERM');
    throw new Error(`npm start did not come up:\n${output}`);
  }
  const pids = Object.fromEntries([...output.matchAll(/^ {2}(\S+)\s+http\S+.*pid (\d+)$/gm)].map((match) => [match[1], Number(match[2])]));
  return { child, output: () => output, exited, pids };
}

async function waitForOutput(launcher: Launcher, text: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!launcher.output().includes(text) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(launcher.output()).toContain(text);
}

describe('npm start (tools/start.mjs)', () => {
  let launcher: Launcher | undefined;

  afterEach(async () => {
    if (launcher && launcher.child.exitCode === null) {
      launcher.child.kill('SIGTERM');
      await launcher.exited;
    }
    launcher = undefined;
  });

  it('serves the page on localhost with black stars by default and exits 0 on SIGTERM, leaving nothing running', async () => {
    const basePort = await freeBasePort();
    launcher = await startLauncher(basePort);
    expect(Object.keys(launcher.pids).sort()).toEqual(
      ['details', 'productpage', 'ratings', 'reviews-v1', 'reviews-v2', 'reviews-v3'],
    );

    const page = await request(`http://localhost:${basePort}`).get('/productpage').expect(200);
    expect(reviewsPod(page.text)).toEqual({ pod: 'reviews-v2-local', version: 'v2' });
    expect(filledStarCount(page.text)).toBe(9);

    launcher.child.kill('SIGTERM');
    expect(await launcher.exited).toBe(0);
    for (const spec of planStack({ basePort })) {
      expect(await probe(`http://127.0.0.1:${spec.port}/health/live`, 500)).toBe(0);
    }
  });

  it('follows BOOKINFO_REVIEWS_VERSION; when ratings is killed it says so, the others keep answering, and SIGINT stops them all', async () => {
    const basePort = await freeBasePort();
    launcher = await startLauncher(basePort, { BOOKINFO_REVIEWS_VERSION: 'v3' });
    const base = `http://127.0.0.1:${basePort}`;
    const before = await request(base).get('/productpage').expect(200);
    expect(reviewsPod(before.text)).toEqual({ pod: 'reviews-v3-local', version: 'v3' });
    expect(before.text).toContain('text-red-500');
    expect(launcher.output()).toContain(`kill ${launcher.pids['ratings']} (ratings)`);

    // What a user does from another terminal: `kill <pid>` (SIGTERM; the service drains and exits 0).
    process.kill(launcher.pids['ratings'], 'SIGTERM');
    await waitForOutput(launcher, `ratings (pid ${launcher.pids['ratings']}) exited: exit code 0. The other services keep running.`);
    expect(launcher.output()).toContain('The page degrades: each review says "Ratings service is currently unavailable" instead of its stars.');

    const after = await request(base).get('/productpage').expect(200);
    expect(renderedReviews(after.text).map(({ reviewer, ratingError, filledStars }) => ({ reviewer, ratingError, filledStars }))).toEqual([
      { reviewer: 'Reviewer1', ratingError: true, filledStars: 0 },
      { reviewer: 'Reviewer2', ratingError: true, filledStars: 0 },
    ]);
    for (const spec of planStack({ basePort }).filter((candidate) => candidate.name !== 'ratings')) {
      expect({ name: spec.name, status: await probe(`http://127.0.0.1:${spec.port}/health/ready`, 2000) }).toEqual({ name: spec.name, status: 200 });
    }
    expect(launcher.child.exitCode).toBeNull();

    // Ctrl-C: the launcher alone gets it (the services run in their own process groups).
    launcher.child.kill('SIGINT');
    expect(await launcher.exited).toBe(0);
    expect(launcher.output()).toContain('SIGINT: stopping all services...');
    for (const spec of planStack({ basePort })) {
      expect({ name: spec.name, status: await probe(`http://127.0.0.1:${spec.port}/health/live`, 500) }).toEqual({ name: spec.name, status: 0 });
    }
  });

  it('exits 1 once every service has exited on its own', async () => {
    const basePort = await freeBasePort();
    launcher = await startLauncher(basePort);
    for (const pid of Object.values(launcher.pids)) process.kill(pid, 'SIGKILL');

    expect(await launcher.exited).toBe(1);
    expect(launcher.output()).toContain('productpage (pid');
    expect(launcher.output()).toContain('every service has exited: stopping all services...');
  });

  it('refuses a bad option value with a clear message and exit code 2', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'tools', 'start.mjs'), '--reviews', 'v9'], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('reviews version must be one of v1, v2, v3; got "v9"');
  });
});
