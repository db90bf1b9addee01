export type PrerequisiteDecision = 'run' | 'skip' | 'fail';

/**
 * What to do with tests that need something from outside the clone (a database, a browser, a
 * tool): run them when it is there; otherwise skip them on a developer's machine, and fail under
 * CI=true, where a skip would hide that nothing was checked.
 *
 * @param missing what is absent, e.g. "MariaDB is not reachable on 127.0.0.1:3306"; undefined when
 *   everything is there
 */
export function prerequisiteDecision(missing: string | undefined, env: NodeJS.ProcessEnv = process.env): PrerequisiteDecision {
  if (missing === undefined) return 'run';
  return env['CI'] === 'true' ? 'fail' : 'skip';
}

/**
 * `describe(title, body)` when `missing` is undefined. Otherwise, outside CI, `describe.skip` with a
 * banner on stderr naming what is missing (jest counts the tests as skipped); under CI=true, one
 * failing test in place of the block, saying what is missing.
 *
 * Jest collects tests synchronously, so `missing` must be known before this is called (probe with
 * something synchronous, e.g. `existsSync` or a child process).
 */
export function describeIfAvailable(title: string, missing: string | undefined, body: () => void): void {
  const decision = prerequisiteDecision(missing);
  if (decision === 'run') {
    describe(title, body);
  } else if (decision === 'fail') {
    describe(title, () => {
      it('has what it needs (under CI=true a missing prerequisite fails instead of skipping)', () => {
        throw new Error(`${title}: ${missing}`);
      });
    });
  } else {
    const rule = '!'.repeat(80);
    process.stderr.write(`\n${rule}\n!! SKIPPED "${title}": ${missing}.\n!! Under CI=true this is a failure.\n${rule}\n\n`);
    describe.skip(title, body);
  }
}
