import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** The repository root (this file is tests/manifests/src/support/repo.ts). */
export const repoRoot = resolve(__dirname, '../../../..');
export const manifestsDir = join(repoRoot, 'manifests');

export function repoPath(...segments: string[]): string {
  return join(repoRoot, ...segments);
}

/** A path as messages show it: relative to the repository root. */
export function shown(path: string): string {
  return relative(repoRoot, path) || '.';
}

/** Every file under dir whose name matches `name`, sorted, as absolute paths. */
export function filesUnder(dir: string, name: RegExp): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path, name));
    else if (name.test(entry.name)) found.push(path);
  }
  return found.sort();
}

/** Every *.yaml / *.yml file under dir, sorted, as absolute paths. */
export function yamlFilesUnder(dir: string): string[] {
  return filesUnder(dir, /\.ya?ml$/);
}

/** Names of the sub-folders of dir, sorted. */
export function foldersIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
