import { readFileSync } from 'node:fs';
import { containersOf, splitImage, type Inventory } from './cross-references';
import { repoPath } from './repo';

/*
 * Each service fixes V8's old generation in services/<name>/node.env (the image runs
 * `node --env-file=node.env`). That size must leave the other half of the container's memory limit
 * for the young generation, compiled code and buffers, or the pod is OOM-killed before V8 collects.
 */

/** V8's old-generation size, in MiB, that an image's node.env sets, by image name (`bookinfo/<name>`). */
export function oldSpaceOfImages(services: readonly string[]): Map<string, number> {
  return new Map(services.map((name) => [`bookinfo/${name}`, oldSpaceMiB(readFileSync(repoPath('services', name, 'node.env'), 'utf8'))]));
}

/** `--max-old-space-size` from a node.env text's NODE_OPTIONS line, or NaN when it is not set. */
export function oldSpaceMiB(nodeEnv: string): number {
  const options = /^NODE_OPTIONS=(.*)$/m.exec(nodeEnv)?.[1] ?? '';
  const match = /(?:^|\s)--max-old-space-size=(\d+)(?:\s|$)/.exec(options);
  return match ? Number(match[1]) : NaN;
}

const UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };

/** A Kubernetes memory quantity (`256Mi`, `1G`, `268435456`) in bytes, or NaN. */
export function quantityBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(|k|M|G|Ki|Mi|Gi)$/.exec(quantity);
  return match ? Number(match[1]) * UNITS[match[2]] : NaN;
}

/** Every Bookinfo container whose memory limit is less than twice the old generation its image sets. */
export function memoryBudgetProblems(inventory: Inventory, oldSpaceByImage: ReadonlyMap<string, number>): string[] {
  const problems: string[] = [];
  for (const { owner, template } of inventory.pods()) {
    for (const { field, container } of containersOf(template)) {
      const oldSpace = oldSpaceByImage.get(splitImage(container.image ?? '').name);
      if (oldSpace === undefined) continue;
      const where = `${owner.origin}: ${owner.resource.kind} ${owner.resource.metadata.name} ${field}`;
      if (container.env?.some(({ name }) => name === 'NODE_OPTIONS')) {
        problems.push(`${where}.env: NODE_OPTIONS would replace the image's node.env; change services/<name>/node.env instead`);
      }
      const limit = container.resources?.limits?.['memory'];
      if (Number.isNaN(oldSpace)) problems.push(`${where}: its image's node.env must set --max-old-space-size`);
      else if (!(quantityBytes(limit ?? '') >= 2 * oldSpace * 2 ** 20)) {
        problems.push(`${where}.resources.limits.memory: ${limit} leaves no room beside V8's ${oldSpace} MiB old generation; give at least ${2 * oldSpace}Mi`);
      }
    }
  }
  return problems;
}
