import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

/**
 * The images install each service's runtime dependencies from its own package.json (pruned with
 * Nx's prune-lockfile), not from the root one. A package imported but not declared there would
 * be missing only in the image, so every bare import in a service's or service-kit's sources must
 * be declared, at the root package.json's exact version.
 */
const ROOT = join(__dirname, '..', '..', '..');
const PROJECTS = ['libs/service-kit', 'services/productpage', 'services/details', 'services/reviews', 'services/ratings'];

/** Loaded by a dependency at run time rather than imported: NestJS's Fastify adapter requires them for useStaticAssets and setViewEngine; tsc's importHelpers emit require('tslib'). */
const LOADED_AT_RUN_TIME: Record<string, string[]> = {
  'libs/service-kit': ['tslib', 'reflect-metadata', 'rxjs'],
  'services/productpage': ['tslib', '@fastify/static', '@fastify/view'],
  'services/details': ['tslib'],
  'services/reviews': ['tslib'],
  'services/ratings': ['tslib'],
};

type PackageJson = { name: string; dependencies?: Record<string, string> };
const readJson = (file: string): PackageJson => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Package names of the bare specifiers a source file imports, requires or import()s. */
function importedPackages(file: string): string[] {
  const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*(?:\/\*.*?\*\/\s*)?)'([^'.][^']*)'/g)].map((match) => match[1]);
  return specifiers
    .filter((specifier) => !specifier.startsWith('node:') && !builtinModules.includes(specifier.split('/')[0]))
    .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
}

describe("each workspace package declares what it imports (the images install only that)", () => {
  const root = readJson(join(ROOT, 'package.json'));
  const workspaceVersions = Object.fromEntries(PROJECTS.map((project) => {
    const pkg = readJson(join(ROOT, project, 'package.json'));
    return [pkg.name, (pkg as { version?: string }).version];
  }));

  it.each(PROJECTS)('%s', (project) => {
    const declared = readJson(join(ROOT, project, 'package.json')).dependencies ?? {};
    const imported = new Map<string, string>();
    for (const file of sourceFiles(join(ROOT, project, 'src'))) {
      for (const name of importedPackages(file)) imported.set(name, relative(ROOT, file));
    }
    expect(imported.size).toBeGreaterThan(0);

    const missing = [...imported].filter(([name]) => !(name in declared)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);

    const needed = new Set([...imported.keys(), ...LOADED_AT_RUN_TIME[project]]);
    expect(Object.keys(declared).filter((name) => !needed.has(name))).toEqual([]);

    const wrongVersion = Object.entries(declared)
      .filter(([name, version]) => version !== (workspaceVersions[name] ?? root.dependencies?.[name]))
      .map(([name, version]) => `${name}@${version}`);
    expect(wrongVersion).toEqual([]);
  });
});
