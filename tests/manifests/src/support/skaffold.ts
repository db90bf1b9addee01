import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { parse } from 'yaml';
import { foldersIn, repoPath, repoRoot } from './repo';

export interface SkaffoldConfig {
  apiVersion?: string;
  build?: { artifacts?: { image: string; context?: string; docker?: { dockerfile?: string } }[] };
  manifests?: { kustomize?: { paths?: string[] } };
  portForward?: { resourceType: string; resourceName: string; namespace?: string; port: number; address?: string; localPort?: number }[];
  profiles?: { name: string; manifests?: { kustomize?: { paths?: string[] } } }[];
}

export const skaffoldFile = repoPath('skaffold.yaml');
export const overlaysDir = repoPath('manifests', 'overlays');

/** The profiles the issue asks for: one per scenario, plus the platform variants. */
export const requiredProfiles = [
  'all-v1',
  'reviews-v3',
  'reviews-50-v3',
  'reviews-80-20',
  'reviews-90-10',
  'reviews-v2-v3',
  'reviews-test-v2',
  'reviews-jason-v2-v3',
  'ratings-test-delay',
  'ratings-test-abort',
  'details-abort',
  'request-timeout',
  'details-v2-egress',
  'mysql',
  'mtls',
  'zero-trust',
  'gateway-api',
];

export function readSkaffold(): SkaffoldConfig {
  return parse(readFileSync(skaffoldFile, 'utf8'), { merge: true, maxAliasCount: 100 }) as SkaffoldConfig;
}

export function artifactsOf(config: SkaffoldConfig): string[] {
  return (config.build?.artifacts ?? []).map((artifact) => artifact.image);
}

/**
 * How skaffold.yaml and manifests/overlays fit together: every profile renders one existing
 * overlay, every overlay is reachable, every artifact builds services/<name>/Dockerfile from
 * the repository root, and productpage is forwarded to 127.0.0.1:9080.
 */
export function skaffoldProblems(config: SkaffoldConfig, overlays = foldersIn(overlaysDir)): string[] {
  const problems: string[] = [];
  const rendered = new Map<string, string>();
  const targets = [
    { who: 'manifests', paths: config.manifests?.kustomize?.paths },
    ...(config.profiles ?? []).map((p) => ({ who: `profile ${p.name}`, paths: p.manifests?.kustomize?.paths })),
  ];
  for (const { who, paths } of targets) {
    if (paths?.length !== 1) {
      problems.push(`skaffold.yaml: ${who} must render exactly one kustomization (manifests.kustomize.paths)`);
      continue;
    }
    const overlay = /^manifests\/overlays\/([^/]+)$/.exec(normalize(paths[0]))?.[1];
    if (!overlay || !overlays.includes(overlay)) problems.push(`skaffold.yaml: ${who} renders ${paths[0]}, which is not a folder of manifests/overlays`);
    else rendered.set(overlay, who);
  }
  for (const overlay of overlays) {
    if (!rendered.has(overlay)) problems.push(`manifests/overlays/${overlay}: no Skaffold profile renders it`);
  }
  const names = (config.profiles ?? []).map((p) => p.name);
  for (const name of requiredProfiles) {
    if (!names.includes(name)) problems.push(`skaffold.yaml: profile ${name} is missing`);
  }
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`skaffold.yaml: profile ${name} is defined twice`);
  (config.build?.artifacts ?? []).forEach((artifact, i) => {
    const service = /^bookinfo\/([a-z]+)$/.exec(artifact.image)?.[1];
    if (!service) problems.push(`skaffold.yaml: build.artifacts[${i}].image ${artifact.image} is not bookinfo/<service>`);
    if ((artifact.context ?? '.') !== '.') problems.push(`skaffold.yaml: build.artifacts[${i}].context must be the repository root (.)`);
    if (artifact.docker?.dockerfile !== `services/${service}/Dockerfile`) {
      problems.push(`skaffold.yaml: build.artifacts[${i}].docker.dockerfile must be services/${service}/Dockerfile`);
    }
  });
  const productpage = config.portForward?.find((f) => f.resourceName === 'productpage');
  if (productpage?.address !== '127.0.0.1' || productpage.localPort !== 9080 || productpage.port !== 9080 || productpage.namespace !== 'bookinfo') {
    problems.push('skaffold.yaml: portForward must forward Service bookinfo/productpage port 9080 to 127.0.0.1:9080');
  }
  return problems;
}

/** Dockerfiles the artifacts name that are not in the working tree (other teams write them). */
export function missingDockerfiles(config: SkaffoldConfig): string[] {
  return (config.build?.artifacts ?? [])
    .map((artifact) => artifact.docker?.dockerfile ?? 'Dockerfile')
    .filter((dockerfile) => !existsSync(join(repoRoot, dockerfile)));
}
