import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { parse } from 'yaml';
import { foldersIn, repoPath, repoRoot } from './repo';

interface HookCommand {
  host?: { command?: string[] };
}
interface Deploy {
  kubectl?: { hooks?: { before?: HookCommand[]; after?: HookCommand[] } };
}

export interface SkaffoldConfig {
  apiVersion?: string;
  build?: { artifacts?: { image: string; context?: string; docker?: { dockerfile?: string } }[] };
  manifests?: { kustomize?: { paths?: string[] } };
  deploy?: Deploy;
  portForward?: { resourceType: string; resourceName: string; namespace?: string; port: number; address?: string; localPort?: number }[];
  profiles?: { name: string; manifests?: { kustomize?: { paths?: string[] } }; deploy?: Deploy; portForward?: unknown[] }[];
}

export const skaffoldFile = repoPath('skaffold.yaml');
export const overlaysDir = repoPath('manifests', 'overlays');
/** What Skaffold renders: manifests/skaffold/<overlay> wraps the overlay with bare image names. */
export const skaffoldRendersDir = repoPath('manifests', 'skaffold');
export const prepareScript = 'scripts/k8s-prepare.sh';

/** The profiles the issues ask for: one per scenario, plus the platform variants. */
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
  'ingress-helm',
  'zero-trust-ingress-helm',
  'ambient',
  'ambient-reviews-v2-v3',
  'ambient-reviews-test-v2',
  'tracing',
];

export function readSkaffold(): SkaffoldConfig {
  return parse(readFileSync(skaffoldFile, 'utf8'), { merge: true, maxAliasCount: 100 }) as SkaffoldConfig;
}

export function artifactsOf(config: SkaffoldConfig): string[] {
  return (config.build?.artifacts ?? []).map((artifact) => artifact.image);
}

/** How a profile (or the default, '') prepares the cluster: the arguments of its k8s-prepare.sh hook. */
export interface Preparation {
  mode?: string;
  gatewayApi: boolean;
}

/** The overlay each profile deploys, with its preparation; '' is the default (no profile). */
export function profilesByOverlay(config: SkaffoldConfig): Map<string, { profile: string; preparation?: Preparation }> {
  const found = new Map<string, { profile: string; preparation?: Preparation }>();
  const targets = [
    { profile: '', paths: config.manifests?.kustomize?.paths, deploy: config.deploy },
    ...(config.profiles ?? []).map((p) => ({ profile: p.name, paths: p.manifests?.kustomize?.paths, deploy: p.deploy ?? config.deploy })),
  ];
  for (const { profile, paths, deploy } of targets) {
    const overlay = /^manifests\/skaffold\/([^/]+)$/.exec(normalize(paths?.[0] ?? ''))?.[1];
    if (overlay) found.set(overlay, { profile, preparation: preparationOf(deploy) });
  }
  return found;
}

function preparationOf(deploy: Deploy | undefined): Preparation | undefined {
  const hooks = deploy?.kubectl?.hooks?.before ?? [];
  const command = hooks.map((h) => h.host?.command ?? []).find((c) => c.includes(prepareScript));
  if (!command) return undefined;
  const at = command.indexOf('--mode');
  return { mode: at >= 0 ? command[at + 1] : undefined, gatewayApi: command.includes('--gateway-api') };
}

/**
 * How skaffold.yaml and manifests/ fit together: every profile renders the Skaffold wrapper of
 * one existing overlay, every overlay is reachable, every profile prepares the cluster with
 * scripts/k8s-prepare.sh before deploying, every artifact builds services/<name>/Dockerfile from
 * the repository root, and productpage is forwarded to 127.0.0.1:9080.
 */
export function skaffoldProblems(config: SkaffoldConfig, overlays = foldersIn(overlaysDir)): string[] {
  const problems: string[] = [];
  const rendered = new Map<string, string>();
  const targets = [
    { who: 'manifests', paths: config.manifests?.kustomize?.paths, deploy: config.deploy },
    ...(config.profiles ?? []).map((p) => ({ who: `profile ${p.name}`, paths: p.manifests?.kustomize?.paths, deploy: p.deploy ?? config.deploy })),
  ];
  for (const { who, paths, deploy } of targets) {
    const preparation = preparationOf(deploy);
    if (!preparation) problems.push(`skaffold.yaml: ${who} must run ${prepareScript} as a before-deploy hook (deploy.kubectl.hooks.before)`);
    else if (preparation.mode !== 'sidecar' && preparation.mode !== 'ambient') {
      problems.push(`skaffold.yaml: ${who} must call ${prepareScript} with --mode sidecar or --mode ambient`);
    }
    if (paths?.length !== 1) {
      problems.push(`skaffold.yaml: ${who} must render exactly one kustomization (manifests.kustomize.paths)`);
      continue;
    }
    const overlay = /^manifests\/skaffold\/([^/]+)$/.exec(normalize(paths[0]))?.[1];
    if (!overlay || !overlays.includes(overlay)) {
      problems.push(`skaffold.yaml: ${who} renders ${paths[0]}, which is not manifests/skaffold/<a folder of manifests/overlays>`);
    } else {
      rendered.set(overlay, who);
      problems.push(...wrapperProblems(overlay));
    }
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

/** manifests/skaffold/<overlay> must be the overlay plus the bare-images component, nothing else. */
function wrapperProblems(overlay: string, root = skaffoldRendersDir): string[] {
  const file = join(root, overlay, 'kustomization.yaml');
  const where = `manifests/skaffold/${overlay}/kustomization.yaml`;
  if (!existsSync(file)) return [`${where}: is missing (the overlay with bare image names, for Skaffold)`];
  const kustomization = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const expected = { resources: [`../../overlays/${overlay}`], components: ['../bare-images'] };
  const actual = { resources: kustomization.resources, components: kustomization.components };
  const extra = Object.keys(kustomization).filter((key) => !['apiVersion', 'kind', 'resources', 'components'].includes(key));
  return JSON.stringify(actual) === JSON.stringify(expected) && extra.length === 0
    ? []
    : [`${where}: must list exactly resources [../../overlays/${overlay}] and components [../bare-images]`];
}

/** Dockerfiles the artifacts name that are not in the working tree (other teams write them). */
export function missingDockerfiles(config: SkaffoldConfig): string[] {
  return (config.build?.artifacts ?? [])
    .map((artifact) => artifact.docker?.dockerfile ?? 'Dockerfile')
    .filter((dockerfile) => !existsSync(join(repoRoot, dockerfile)));
}

/**
 * Skaffold's config schema versions, oldest first, from the first of a released Skaffold 2
 * (skaffold/v3, Skaffold v2.0.0) on. Earlier ones (v2beta*, read by Skaffold 1) have no
 * `manifests` section; v3alpha1 only existed in Skaffold 2's pre-releases.
 */
export const schemaVersions = ['v3', ...Array.from({ length: 14 }, (_, i) => `v4beta${i + 1}`)];

/**
 * The schema version that introduced each field skaffold.yaml uses (a path with [] for list
 * items, profiles[] standing for the top level). Fields from before skaffold/v3 count as v3.
 * A field missing here is a problem: look up its version before using it.
 */
export const fieldIntroducedIn: Record<string, string> = {
  apiVersion: 'v3',
  kind: 'v3',
  'metadata.name': 'v3',
  'build.artifacts[].image': 'v3',
  'build.artifacts[].context': 'v3',
  'build.artifacts[].docker.dockerfile': 'v3',
  // The render phase, new in Skaffold 2 (schema v3alpha1, released as v3).
  'manifests.kustomize.paths[]': 'v3',
  // Lifecycle hooks date from Skaffold 1 (v2beta*).
  'deploy.kubectl.hooks.before[].host.command[]': 'v3',
  'portForward[].resourceType': 'v3',
  'portForward[].resourceName': 'v3',
  'portForward[].namespace': 'v3',
  'portForward[].port': 'v3',
  'portForward[].address': 'v3',
  'portForward[].localPort': 'v3',
  'profiles[].name': 'v3',
};

/** Every leaf field path of a config, profiles folded into the top level. */
export function fieldPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => fieldPaths(item, `${prefix}[]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, child]) => {
      if (prefix === '' && key === 'profiles') {
        return (child as Record<string, unknown>[]).flatMap((profile) =>
          Object.entries(profile).flatMap(([k, v]) => (k === 'name' ? ['profiles[].name'] : fieldPaths(v, k))),
        );
      }
      return fieldPaths(child, prefix ? `${prefix}.${key}` : key);
    });
  }
  return [prefix];
}

/** skaffold.yaml must declare the oldest schema version that holds every field it uses. */
export function schemaVersionProblems(config: SkaffoldConfig, table = fieldIntroducedIn): string[] {
  const problems: string[] = [];
  const used = [...new Set(fieldPaths(config))].sort();
  let oldest = schemaVersions[0];
  for (const path of used) {
    const since = table[path];
    if (!since) problems.push(`skaffold.yaml: ${path} is not in the table of fields (tests/manifests/src/support/skaffold.ts): add it with the schema version that introduced it`);
    else if (schemaVersions.indexOf(since) > schemaVersions.indexOf(oldest)) oldest = since;
  }
  const declared = /^skaffold\/(.+)$/.exec(config.apiVersion ?? '')?.[1] ?? '';
  if (!schemaVersions.includes(declared)) {
    problems.push(`skaffold.yaml: apiVersion ${config.apiVersion} is not a Skaffold 2 schema (${schemaVersions.join(', ')})`);
  } else if (declared !== oldest) {
    problems.push(`skaffold.yaml: apiVersion is skaffold/${declared}, but skaffold/${oldest} is the oldest schema holding every field used: declare that, so that older Skaffold releases read it`);
  }
  return problems;
}

/**
 * Each profile's hook must prepare the data plane its render needs (ambient exactly when the
 * render has a waypoint) and check the Gateway API CRDs when it deploys Gateway API objects.
 * renders: what manifests/skaffold/<overlay> renders, by overlay.
 */
export function preparationProblems(
  config: SkaffoldConfig,
  renders: (overlay: string) => readonly { apiVersion: string; kind: string; spec?: unknown }[],
): string[] {
  const problems: string[] = [];
  for (const [overlay, { profile, preparation }] of profilesByOverlay(config)) {
    const items = renders(overlay);
    const who = profile ? `profile ${profile}` : 'the default (no profile)';
    const ambient = items.some((r) => r.kind === 'Gateway' && (r.spec as { gatewayClassName?: string }).gatewayClassName === 'istio-waypoint');
    const gatewayApi = items.some((r) => r.apiVersion.startsWith('gateway.networking.k8s.io/'));
    if (preparation?.mode !== (ambient ? 'ambient' : 'sidecar')) {
      problems.push(`skaffold.yaml: ${who} deploys ${ambient ? 'a waypoint (ambient mode)' : 'no waypoint (sidecar mode)'} but prepares --mode ${preparation?.mode}`);
    }
    if (gatewayApi && !preparation?.gatewayApi) problems.push(`skaffold.yaml: ${who} deploys Gateway API objects, so its hook must pass --gateway-api`);
  }
  return problems;
}
