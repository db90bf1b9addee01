import { classifyPage, faultSchedule, parseSoakArgs, perMinuteMedians, quantile, rssGrowth, vmRssKb } from '../../../tools/lib/soak.cjs';

/**
 * `npm run soak`'s decisions, without a run (a run takes minutes; the page classification is also
 * checked on real pages in degradation.spec.ts).
 */
describe('npm run soak: options', () => {
  it('defaults to 2 minutes, 50 connections, a row every 10 s, reviews v2, services at warn', () => {
    expect(parseSoakArgs([])).toEqual({
      minutes: 2,
      connections: 50,
      intervalS: 10,
      reviewsVersion: 'v2',
      logLevel: 'warn',
      skipBuild: false,
      help: false,
    });
    expect(parseSoakArgs(['--minutes', '10', '--connections', '8', '--reviews', 'v3', '--skip-build'])).toMatchObject({
      minutes: 10,
      connections: 8,
      reviewsVersion: 'v3',
      skipBuild: true,
    });
  });

  it.each([
    [['--minutes', 'ten'], '--minutes must be a number from 0.5 to 1440; got "ten"'],
    [['--minutes', '0'], '--minutes must be a number from 0.5 to 1440; got "0"'],
    [['--connections', '2.5'], '--connections must be an integer from 1 to 1000; got "2.5"'],
    [['--reviews', 'v1'], '--reviews must be v2 or v3 (v1 calls no ratings); got "v1"'],
    [['--log-level', 'loud'], '--log-level must be one of fatal, error, warn, info, debug, trace; got "loud"'],
    [['--seconds', '3'], "Unknown option '--seconds'"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseSoakArgs(argv)).toThrow(message);
  });
});

describe('npm run soak: page outcomes', () => {
  const full = '<td>PublisherA</td> <svg id="glyphicon glyphicon-star" class="star star-filled">';

  it('tells a full page from each fallback, and from a 2xx body that is not the page', () => {
    expect(classifyPage(full)).toEqual({ kind: 'full', fallbacks: [] });
    expect(classifyPage('<h2>Error fetching product details</h2> <svg id="glyphicon glyphicon-star">')).toEqual({
      kind: 'degraded',
      fallbacks: ['details'],
    });
    expect(classifyPage('<td>PublisherA</td> <h2>Error fetching product reviews</h2>')).toEqual({ kind: 'degraded', fallbacks: ['reviews'] });
    expect(classifyPage('<td>PublisherA</td> <p class="rating-error">Ratings service is currently unavailable</p>')).toEqual({
      kind: 'degraded',
      fallbacks: ['ratings'],
    });
    // Reviews without stars and without the ratings text is not a full page for reviews v2/v3.
    expect(classifyPage('<td>PublisherA</td> <blockquote>"Fine."</blockquote>')).toEqual({ kind: 'other', fallbacks: [] });
  });
});

describe('npm run soak: fault schedule', () => {
  it.each([2, 10])('%s minutes: warm-up, then SIGTERM, SIGKILL and SIGSTOP for each backend in turn, all before the quiet tail', (minutes) => {
    const totalMs = minutes * 60_000;
    const { warmupMs, tailMs, faults } = faultSchedule({ totalMs, reviewsVersion: 'v2' });

    expect(faults.map(({ kind, target }) => `${kind} ${target}`)).toEqual(
      ['stop', 'kill', 'pause'].flatMap((kind) => ['details', 'reviews-v2', 'ratings'].map((target) => `${kind} ${target}`)),
    );
    expect(faults[0].atMs).toBe(warmupMs);
    for (const fault of faults) {
      // Held long enough to see the fallback: a pause must outlast productpage's 2 x 3 s on reviews.
      expect(fault.holdMs).toBeGreaterThanOrEqual(fault.kind === 'pause' ? 8_000 : 3_000);
      expect(fault.atMs + fault.holdMs).toBeLessThanOrEqual(totalMs - tailMs);
    }
  });

  it('expects the fallback Istio documents: a paused ratings behind reviews v2 shows as reviews unavailable, behind v3 as ratings unavailable', () => {
    const expected = (reviewsVersion: 'v2' | 'v3') =>
      faultSchedule({ totalMs: 600_000, reviewsVersion }).faults.map(({ kind, target, expected }) => `${kind} ${target}: ${expected}`);

    expect(expected('v2').slice(-3)).toEqual(['pause details: details', 'pause reviews-v2: reviews', 'pause ratings: reviews']);
    expect(expected('v3').slice(-3)).toEqual(['pause details: details', 'pause reviews-v3: reviews', 'pause ratings: ratings']);
    expect(expected('v2').slice(0, 3)).toEqual(['stop details: details', 'stop reviews-v2: reviews', 'stop ratings: ratings']);
  });
});

describe('npm run soak: figures', () => {
  it('reads VmRSS from /proc/<pid>/status, and takes nearest-rank quantiles', () => {
    expect(vmRssKb('Name:\tnode\nVmHWM:\t  120000 kB\nVmRSS:\t   88412 kB\nRssAnon:\t 1 kB\n')).toBe(88412);
    expect(vmRssKb('Name:\tnode\n')).toBeNaN();
    const sorted = Float64Array.from({ length: 100 }, (_, index) => index + 1);
    expect([quantile(sorted, 0.5), quantile(sorted, 0.99), quantile(sorted, 1)]).toEqual([50, 99, 100]);
    expect(quantile(new Float64Array(0), 0.5)).toBeNaN();
  });

  it("gives each minute's median RSS, and NaN for a minute the process was down", () => {
    const samples = [
      { atMs: 1_000, kb: 100 },
      { atMs: 30_000, kb: 300 },
      { atMs: 59_000, kb: 200 },
      // minute 2: down
      { atMs: 125_000, kb: 400 },
      { atMs: 150_000, kb: 500 },
    ];
    expect(perMinuteMedians(samples, 150_000)).toEqual([200, NaN, 400]);
  });

  it("measures a service's RSS growth from its warmed-up first process to the one running at the end", () => {
    const everySecond = (fromMs: number, toMs: number, kb: (atMs: number) => number) =>
      Array.from({ length: (toMs - fromMs) / 1000 }, (_, index) => ({ atMs: fromMs + (index + 1) * 1000, kb: kb(fromMs + (index + 1) * 1000) }));
    const first = { pid: 1, startedMs: 0, samples: everySecond(0, 60_000, () => 100_000) };
    // Restarted at 60 s; it idles at 80 MB while another fault holds the page, then runs at 104 MB.
    const restarted = { pid: 2, startedMs: 60_000, samples: everySecond(60_000, 180_000, (atMs) => (atMs <= 120_000 ? 80_000 : 104_000)) };

    expect(rssGrowth([first, restarted], { warmupMs: 30_000, endedMs: 180_000, running: true })).toEqual({
      baselineKb: 100_000,
      peakKb: 104_000,
      finalKb: 104_000,
      growth: expect.closeTo(0.04, 10),
    });
    expect(rssGrowth([first], { warmupMs: 30_000, endedMs: 180_000, running: false }).growth).toBeNaN();
  });
});
