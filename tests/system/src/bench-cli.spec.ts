import { freePort } from '@bookinfo/test-support';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../../tools/lib/plan.cjs';
import { launch } from '../../../tools/lib/supervisor.cjs';

/** `npm run bench` (tools/bench.mjs): its options, and that its two reference servers answer alike. */
const BENCH = join(ROOT, 'tools', 'bench.mjs');

function bench(...args: string[]) {
  return spawnSync(process.execPath, [BENCH, '--skip-build', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

/** The printed table's rows, as cells keyed by the header's column names. */
function tableOf(stdout: string): Record<string, string>[] {
  const lines = stdout.split('\n').filter((line) => line.startsWith('| '));
  const cells = (line: string) => line.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, '').trim());
  const [header, ...rows] = lines; // the |---| line does not start with '| '
  const columns = cells(header);
  return rows.map((row) => Object.fromEntries(cells(row).map((cell, index) => [columns[index], cell])));
}

/**
 * Starts one of tools/bench/*.cjs as the bench does (the launcher waits for /health/ready), returns
 * the answers to `paths`, and stops it with SIGTERM.
 */
async function answersOf(script: string, paths: string[]): Promise<{ status: number; body: string }[]> {
  const stack = await launch([
    {
      name: script,
      project: 'ratings',
      script: join(ROOT, 'tools', 'bench', script),
      host: '127.0.0.1',
      port: await freePort(),
      env: {},
      stopTier: 0,
    },
  ]);
  try {
    const answers = [];
    for (const path of paths) {
      const response = await fetch(`${stack.url(script)}${path}`);
      answers.push({ status: response.status, body: await response.text() });
    }
    return answers;
  } finally {
    const [{ status }] = await stack.stop();
    expect(status.code).toBe(0);
  }
}

describe('npm run bench', () => {
  it('lists its targets in --help', () => {
    const run = bench('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('raw,nest,ratings,details,reviews-v1,reviews-v2,productpage,productpage-traced');
  });

  it.each([
    [['--targets', 'ratings,bogus'], 'bench: unknown target(s) bogus; see --help'],
    [['--rounds', '0'], 'bench: --rounds must be a positive integer; got "0"'],
    [['--threads', 'two'], 'bench: --threads must be a positive integer; got "two"'],
  ])('refuses %j with exit 2 and says why, before measuring anything', (args, message) => {
    const run = bench(...args);
    expect(run.stderr.trim()).toBe(message);
    expect(run.status).toBe(2);
    expect(run.stdout).not.toContain('round 1');
  });

  it('measures both yardsticks whatever the targets, and rates each service against each of them', () => {
    const run = bench('--targets', 'ratings', '--rounds', '1', '--duration', '1', '--warmup', '1');
    expect(run.status).toBe(0);
    const rows = tableOf(run.stdout);

    expect(rows.map((row) => row.target)).toEqual([
      'raw node:http (same JSON)',
      'bare NestJS + Fastify route (same JSON)',
      'ratings v1 GET /ratings/0',
    ]);
    const [raw, nest, ratings] = rows;
    expect(raw['× raw']).toBe('1.00');
    expect([raw.meets, nest.meets]).toEqual(['(baseline)', '(reference)']);
    expect([raw['× NestJS'], nest['× NestJS']]).toEqual(['', '']);
    // One round: × NestJS is ratings' req/s over the bare route's (rounding aside).
    const ratio = Number(ratings['req/s']) / Number(nest['req/s']);
    expect(Number(ratings['× NestJS'])).toBeCloseTo(ratio, 1);
    expect(ratings.errors).toBe('0');
    // A leaf is judged against the framework's own floor, not against the raw server.
    expect(ratings.goal).toBe('≥0.75× NestJS, p99 ≤15 ms, RSS <120 MB');
    expect(ratings['× raw chain']).toBe('');
  });

  it('compares the services with a raw node:http server and a bare NestJS route that answer the same JSON', async () => {
    const paths = ['/ratings/0', '/ratings/7'];
    const raw = await answersOf('raw-server.cjs', paths);
    const nest = await answersOf('bare-nest-server.cjs', paths);

    expect(raw[0]).toEqual({ status: 200, body: '{"id":0,"ratings":{"Reviewer1":5,"Reviewer2":4}}' });
    expect(nest[0]).toEqual(raw[0]);
    // The bare route does parse its id (Nest's ParseIntPipe): it is not answering a constant.
    expect(nest[1]).toEqual({ status: 200, body: '{"id":7,"ratings":{"Reviewer1":5,"Reviewer2":4}}' });
  });
});
