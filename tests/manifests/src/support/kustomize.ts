import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { kubectl } from './prerequisites';
import { shown } from './repo';
import { parseDocuments } from './yaml-documents';

const run = promisify(execFile);
const originAnnotation = 'config.kubernetes.io/origin';
const transformationsAnnotation = 'alpha.config.kubernetes.io/transformations';

export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface Rendered {
  resource: Resource;
  /**
   * The repository file to look at: where the resource was written (or generated), and the
   * last patch file that replaced parts of it.
   */
  origin: string;
}

/** What to render: folders (absolute paths) as kustomize resources and components. */
export interface Composition {
  resources: string[];
  components?: string[];
  namespace?: string;
}

/** Plain `kubectl kustomize <dir>`, exactly as Skaffold renders a profile. */
export async function kustomize(dir: string): Promise<string> {
  try {
    const { stdout } = await run(kubectl(), ['kustomize', dir], { maxBuffer: 32 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`kubectl kustomize ${shown(dir)} failed:\n${stderr.trim()}`, { cause: error });
  }
}

/**
 * Renders a composition through a throw-away kustomization that asks kustomize to record
 * where every resource came from and which kustomizations patched it, so that checks can
 * name the file to fix. The records are removed from the resources afterwards.
 */
export async function render(composition: Composition): Promise<Rendered[]> {
  const wrapper = mkdtempSync(join(tmpdir(), 'bookinfo-kustomize-'));
  try {
    // kustomize refuses absolute paths: point at the repository relative to the wrapper.
    const from = (path: string) => relative(wrapper, path);
    const kustomization = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      ...(composition.namespace ? { namespace: composition.namespace } : {}),
      resources: composition.resources.map(from),
      ...(composition.components ? { components: composition.components.map(from) } : {}),
      buildMetadata: ['originAnnotations', 'transformerAnnotations'],
    };
    writeFileSync(join(wrapper, 'kustomization.yaml'), stringify(kustomization));
    const output = await kustomize(wrapper).catch((error: Error) => {
      const parts = [...composition.resources, ...(composition.components ?? [])].map(shown).join(' + ');
      throw new Error(`rendering ${parts}: ${error.message}`);
    });
    const patchFiles = new PatchFiles(wrapper);
    return parseDocuments(output, shown(composition.resources[0])).map(({ value }) => {
      const resource = value as Resource;
      const origin = originOf(resource, wrapper);
      const patch = patchFiles.lastPatchOf(resource);
      return { resource: withoutBuildMetadata(resource), origin: patch ? `${patch} (patch of ${origin})` : origin };
    });
  } finally {
    rmSync(wrapper, { recursive: true, force: true });
  }
}

function originOf(resource: Resource, wrapper: string): string {
  const record = resource.metadata.annotations?.[originAnnotation] ?? '';
  const path = /^(?:path|configuredIn): (.+)$/m.exec(record)?.[1];
  return path ? shown(resolve(wrapper, path)) : '(unknown origin)';
}

/** Finds the patch files (`patches: - path: ...`) that replaced parts of a resource. */
class PatchFiles {
  private readonly documents = new Map<string, { kind?: string; metadata?: { name?: string } }[]>();

  constructor(private readonly wrapper: string) {}

  lastPatchOf(resource: Resource): string | undefined {
    const record = resource.metadata.annotations?.[transformationsAnnotation];
    const steps = (record ? parse(record) : []) as { configuredIn: string; configuredBy: { kind: string } }[];
    let last: string | undefined;
    for (const step of steps.filter((s) => s.configuredBy.kind === 'PatchTransformer')) {
      const kustomization = resolve(this.wrapper, step.configuredIn);
      const patches = (parse(readFileSync(kustomization, 'utf8')) as { patches?: { path?: string }[] }).patches ?? [];
      for (const { path } of patches) {
        if (!path) continue;
        const file = resolve(kustomization, '..', path);
        const touches = this.read(file).some((d) => d.kind === resource.kind && d.metadata?.name === resource.metadata.name);
        if (touches) last = shown(file);
      }
    }
    return last;
  }

  private read(file: string) {
    let documents = this.documents.get(file);
    if (!documents) {
      documents = parseDocuments(readFileSync(file, 'utf8'), shown(file)).map(({ value }) => value as { kind?: string });
      this.documents.set(file, documents);
    }
    return documents;
  }
}

function withoutBuildMetadata(resource: Resource): Resource {
  const annotations = { ...resource.metadata.annotations };
  delete annotations[originAnnotation];
  delete annotations[transformationsAnnotation];
  const metadata: Resource['metadata'] = { ...resource.metadata, annotations };
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
  return { ...resource, metadata };
}

/** Runs fn over items with at most `limit` running at a time (kubectl is CPU-bound). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
