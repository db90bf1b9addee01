import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './repo';

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
