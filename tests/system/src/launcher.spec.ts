import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogFormatter } from '../../../tools/lib/log-format.cjs';
import { nodeArguments, nodeEnvFile, pageWithout, planStack, ROOT, SERVICE_PROJECTS } from '../../../tools/lib/plan.cjs';

/** The launcher's wiring and terminal output, without starting anything. */
describe('planStack: the wiring of npm start', () => {
  const byName = (specs: ReturnType<typeof planStack>) => Object.fromEntries(specs.map((spec) => [spec.name, spec]));

  it('puts productpage on :: port 9080 and the backends on 127.0.0.1 9081-9085, calling reviews v2', () => {
    const specs = byName(planStack());

    expect(Object.fromEntries(Object.values(specs).map((spec) => [spec.name, `${spec.host} ${spec.port}`]))).toEqual({
      productpage: ':: 9080',
      details: '127.0.0.1 9081',
      'reviews-v1': '127.0.0.1 9082',
      'reviews-v2': '127.0.0.1 9083',
      'reviews-v3': '127.0.0.1 9084',
      ratings: '127.0.0.1 9085',
    });
    expect(specs['productpage'].env).toMatchObject({
      DETAILS_HOSTNAME: '127.0.0.1',
      DETAILS_SERVICE_PORT: '9081',
      REVIEWS_HOSTNAME: '127.0.0.1',
      REVIEWS_SERVICE_PORT: '9083',
      RATINGS_HOSTNAME: '127.0.0.1',
      RATINGS_SERVICE_PORT: '9085',
    });
    expect(specs['ratings'].env).toMatchObject({ SERVICE_VERSION: 'v1' });
  });

  it('configures reviews v1, v2 and v3 as upstream images do, each with a pod name', () => {
    const specs = byName(planStack());

    expect(['v1', 'v2', 'v3'].map((version) => specs[`reviews-${version}`].env)).toEqual([
      expect.objectContaining({ ENABLE_RATINGS: 'false', HOSTNAME: 'reviews-v1-local' }),
      expect.objectContaining({ ENABLE_RATINGS: 'true', STAR_COLOR: 'black', HOSTNAME: 'reviews-v2-local', RATINGS_SERVICE_PORT: '9085' }),
      expect.objectContaining({ ENABLE_RATINGS: 'true', STAR_COLOR: 'red', HOSTNAME: 'reviews-v3-local', RATINGS_SERVICE_PORT: '9085' }),
    ]);
  });

  it('moves every port with the base port and points productpage at the chosen reviews', () => {
    const specs = byName(planStack({ basePort: 18080, reviewsVersion: 'v1' }));

    expect(Object.values(specs).map((spec) => spec.port).sort()).toEqual([18080, 18081, 18082, 18083, 18084, 18085]);
    expect(specs['productpage'].env['REVIEWS_SERVICE_PORT']).toBe('18082');
  });

  it('runs only the projects present in the checkout', () => {
    expect(planStack({ projects: ['details', 'ratings'] }).map((spec) => spec.name)).toEqual(['ratings', 'details']);
  });
});

describe("Node options: each service's node.env, for npm start and the images", () => {
  /** The command of a Dockerfile's last CMD, in exec form. */
  const commandOf = (dockerfile: string): unknown => {
    const commands = readFileSync(dockerfile, 'utf8').match(/^CMD (\[.*\])$/gm) ?? [];
    return commands.length === 0 ? undefined : JSON.parse(commands[commands.length - 1].slice('CMD '.length));
  };
  const expectedSemiSpace = { productpage: 16, details: 4, reviews: 4, ratings: 4 } as const;
  // Half the pods' 256 MiB limit; tests/manifests checks the limits against it.
  const expectedOptions = (project: keyof typeof expectedSemiSpace) => `--max-semi-space-size=${expectedSemiSpace[project]} --max-old-space-size=128`;

  it.each([...SERVICE_PROJECTS])('%s: node.env says why, sets the young and old generations, and node reads it', (project) => {
    const lines = readFileSync(nodeEnvFile(project), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# /);
    expect(lines.filter((line) => !line.startsWith('#'))).toEqual([`NODE_OPTIONS=${expectedOptions(project)}`]);

    const seen = spawnSync(process.execPath, [nodeArguments({ name: project, project, host: '127.0.0.1', port: 1, env: {}, stopTier: 0 })[0], '-p', 'process.env.NODE_OPTIONS'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] },
      encoding: 'utf8',
    });
    expect(seen.stdout.trim()).toBe(expectedOptions(project));
  });

  it.each([...SERVICE_PROJECTS])("%s's image copies node.env beside main.js and starts node with it", (project) => {
    const dockerfile = join(ROOT, 'services', project, 'Dockerfile');
    expect(commandOf(dockerfile)).toEqual(['node', '--env-file=node.env', 'main.js']);
    expect(readFileSync(dockerfile, 'utf8')).toMatch(new RegExp(`^COPY services/${project}/node\\.env \\./$`, 'm'));
  });
});

describe('pageWithout: what npm start says the page does when a service exits', () => {
  const specs = planStack();
  const text = (name: string) => pageWithout(specs.find((spec) => spec.name === name)!, specs);

  it('names the fallback of each backend productpage calls, and says when the page is unaffected', () => {
    expect(text('ratings')).toContain('"Ratings service is currently unavailable" instead of its stars');
    expect(text('reviews-v2')).toContain('"Error fetching product reviews"');
    expect(text('details')).toContain('"Error fetching product details"');
    expect(text('reviews-v3')).toContain('the page is unchanged');
    expect(text('productpage')).toContain('The page no longer answers');
  });

  it('knows reviews v1 shows no stars, so ratings going does not change the page', () => {
    const v1 = planStack({ reviewsVersion: 'v1' });
    expect(pageWithout(v1.find((spec) => spec.name === 'ratings')!, v1)).toContain('it is unchanged');
  });
});

describe('createLogFormatter: what npm start shows in the terminal', () => {
  const format = createLogFormatter({ names: ['productpage', 'details'], colour: false, quiet: false });
  const quiet = createLogFormatter({ names: ['productpage', 'details'], colour: false, quiet: true });
  const line = (fields: object) =>
    JSON.stringify({ level: 'info', time: '2026-11-28T04:00:01.000Z', service: 'details', ...fields });

  it('shortens an access-log line to method, path, status and duration', () => {
    const access = line({ requestId: 'r1', method: 'GET', url: '/details/0', statusCode: 200, durationMs: 1.3, msg: 'request completed' });
    expect(format('details', access)).toMatch(/^\d\d:\d\d:\d\d details {5}GET \/details\/0 200 1\.3ms$/);
    expect(quiet('details', access)).toBeUndefined();
  });

  it("hides NestJS start-up chatter, keeps warnings and lifecycle lines even when quiet", () => {
    expect(format('details', line({ context: 'RouterExplorer', msg: 'Mapped {/details/:id, GET} route' }))).toBeUndefined();
    expect(quiet('details', line({ level: 'warn', msg: 'SESSION_SECRET is not set' }))).toMatch(/warn {2}SESSION_SECRET is not set$/);
    expect(quiet('details', line({ url: 'http://127.0.0.1:9081', msg: 'details listening' }))).toMatch(
      /info {2}details listening url=http:\/\/127\.0\.0\.1:9081$/,
    );
  });

  it('passes lines that are not JSON through unchanged', () => {
    expect(format('productpage', 'Error: listen EADDRINUSE')).toMatch(/productpage Error: listen EADDRINUSE$/);
  });
});
