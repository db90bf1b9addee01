import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './repo';

export type Decision = 'run' | 'skip' | 'fail';

/**
 * What to do with checks that need a tool or a file: run them when it is there; otherwise
 * skip them loudly on a developer machine, and fail under CI=true, where a skip would hide
 * that nothing was checked.
 */
export function decide(missing: string | undefined, env: NodeJS.ProcessEnv = process.env): Decision {
  if (!missing) return 'run';
  return env.CI === 'true' ? 'fail' : 'skip';
}

/** describe() that follows decide(): the skip is announced with console.warn. */
export function describeIfAvailable(title: string, missing: string | undefined, body: () => void): void {
  const decision = decide(missing);
  if (decision === 'run') {
    describe(title, body);
  } else if (decision === 'fail') {
    describe(title, () => {
      it('has what it needs (CI=true turns a skip into a failure)', () => {
        throw new Error(`${title}: ${missing}`);
      });
    });
  } else {
    console.warn(`SKIPPED "${title}": ${missing}. Under CI=true this is a failure.`);
    const skipped: jest.Describe = describe.skip;
    skipped(title, body);
  }
}

/** The schemas vendored in tests/manifests/schemas (README.md there), or BOOKINFO_SCHEMAS_DIR. */
export const vendoredSchemasDir = join(repoRoot, 'tests', 'manifests', 'schemas');

export function schemasDir(): string {
  return resolve(process.env.BOOKINFO_SCHEMAS_DIR ?? vendoredSchemasDir);
}

export function schemasMissing(dir = schemasDir()): string | undefined {
  return existsSync(join(dir, 'SHA256SUMS'))
    ? undefined
    : `the JSON schemas are not at ${dir} (BOOKINFO_SCHEMAS_DIR points elsewhere, or tests/manifests/schemas is missing)`;
}

export function kubectl(): string {
  return process.env.KUBECTL ?? 'kubectl';
}

export function kubectlMissing(): string | undefined {
  const probe = spawnSync(kubectl(), ['version', '--client'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : `kubectl (with its built-in kustomize) was not found as "${kubectl()}" (set KUBECTL)`;
}
