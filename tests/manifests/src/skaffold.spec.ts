import { existsSync, readFileSync } from 'node:fs';
import { decide } from './support/prerequisites';
import { foldersIn, manifestsDir, repoPath } from './support/repo';
import { fieldIntroducedIn, missingDockerfiles, overlaysDir, readSkaffold, schemaVersionProblems, schemaVersions, skaffoldProblems, type SkaffoldConfig } from './support/skaffold';
import { readDocuments } from './support/yaml-documents';

const config = readSkaffold();

describe('skaffold.yaml and manifests/overlays', () => {
  it('fit together', () => {
    expect(skaffoldProblems(config)).toEqual([]);
  });

  it('use every scenario and component folder in some overlay', () => {
    const used = new Set(
      foldersIn(overlaysDir).flatMap((overlay) => {
        const [kustomization] = readDocuments(repoPath('manifests', 'overlays', overlay, 'kustomization.yaml'));
        return ((kustomization.value as { components?: string[] }).components ?? []).map((c) => c.replace(/^\.\.\/\.\.\//, ''));
      }),
    );
    const folders = [
      ...['ingress', 'ingress-helm', 'destination-rules', 'mtls', 'zero-trust', 'zero-trust-ingress-helm', 'tracing'].map((c) => `istio/${c}`),
      'ambient/waypoint',
      ...foldersIn(`${manifestsDir}/istio/scenarios`).map((s) => `istio/scenarios/${s}`),
      ...['ingress', 'zero-trust'].map((c) => `gateway-api/${c}`),
      ...foldersIn(`${manifestsDir}/gateway-api/scenarios`).map((s) => `gateway-api/scenarios/${s}`),
    ];
    expect(folders.filter((folder) => !used.has(folder))).toEqual([]);
  });

  it('name Dockerfiles that exist (a skip outside CI while the services are being written)', () => {
    const missing = missingDockerfiles(config);
    const decision = decide(missing.length > 0 ? `missing ${missing.join(', ')}` : undefined);
    if (decision === 'skip') console.warn(`SKIPPED Dockerfile check: ${missing.join(', ')} not written yet. Under CI=true this is a failure.`);
    else expect(missing).toEqual([]);
  });

  it('are what the docs name: every manifests/ and scripts/ path and every profile in docs/kubernetes.md exists', () => {
    const docs = ['docs/kubernetes.md', 'docs/observability.md'].map((file) => readFileSync(repoPath(file), 'utf8')).join('\n');
    const paths = [...new Set(docs.match(/(?<![\w/.-])(?:manifests|scripts)\/[\w./<>-]*[\w>]/g) ?? [])].filter((p) => !p.includes('<'));
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((p) => !existsSync(repoPath(p)))).toEqual([]);
    const profiles = new Set((config.profiles ?? []).map((p) => p.name));
    // `skaffold dev -p x` commands, and the first column of the scenario table (| `x`, `y` | ...).
    const named = [
      ...[...docs.matchAll(/skaffold (?:dev|run|delete) -p ([a-z][a-z0-9-]+)/g)].map((m) => m[1]),
      ...docs
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) => [...line.split('|')[1].matchAll(/`([a-z][a-z0-9-]+)`/g)].map((m) => m[1])),
    ];
    expect(named.length).toBeGreaterThan(10);
    expect([...new Set(named)].filter((n) => !profiles.has(n))).toEqual([]);
  });

  it('declare the oldest schema version that holds every field used', () => {
    expect(schemaVersionProblems(config)).toEqual([]);
  });

  describe('the consistency check fails on broken copies', () => {
    const broken = (edit: (c: SkaffoldConfig) => void): string[] => {
      const copy = structuredClone(config);
      edit(copy);
      return skaffoldProblems(copy);
    };

    it('a profile rendering a folder that is not an overlay', () => {
      expect(broken((c) => (c.profiles![2].manifests!.kustomize!.paths = ['manifests/skaffold/reviews-50-v4']))).toContain(
        `skaffold.yaml: profile ${config.profiles![2].name} renders manifests/skaffold/reviews-50-v4, which is not manifests/skaffold/<a folder of manifests/overlays>`,
      );
    });

    it('a profile rendering the overlay itself, whose tagged images Skaffold would not replace', () => {
      expect(broken((c) => (c.profiles![2].manifests!.kustomize!.paths = [`manifests/overlays/${c.profiles![2].name}`]))).toContain(
        `skaffold.yaml: profile ${config.profiles![2].name} renders manifests/overlays/${config.profiles![2].name}, which is not manifests/skaffold/<a folder of manifests/overlays>`,
      );
    });

    it('a profile without the namespace hook', () => {
      const problems = broken((c) => {
        const profile = c.profiles!.find((p) => p.name === 'gateway-api')!;
        profile.deploy = { kubectl: { hooks: { before: [{ host: { command: ['sh', '-c', 'true'] } }] } } };
      });
      expect(problems).toContain('skaffold.yaml: profile gateway-api must run scripts/k8s-prepare.sh as a before-deploy hook (deploy.kubectl.hooks.before)');
    });

    it('a hook without a data-plane mode', () => {
      const problems = broken((c) => (c.deploy = { kubectl: { hooks: { before: [{ host: { command: ['bash', 'scripts/k8s-prepare.sh'] } }] } } }));
      expect(problems).toContain('skaffold.yaml: manifests must call scripts/k8s-prepare.sh with --mode sidecar or --mode ambient');
    });

    it('a newer schema version than the fields need, or an older one than they need', () => {
      expect(schemaVersionProblems({ ...config, apiVersion: 'skaffold/v4beta14' })).toEqual([
        'skaffold.yaml: apiVersion is skaffold/v4beta14, but skaffold/v3 is the oldest schema holding every field used: declare that, so that older Skaffold releases read it',
      ]);
      expect(schemaVersionProblems(config, { ...fieldIntroducedIn, 'portForward[].address': 'v4beta2' })).toContain(
        'skaffold.yaml: apiVersion is skaffold/v3, but skaffold/v4beta2 is the oldest schema holding every field used: declare that, so that older Skaffold releases read it',
      );
      expect(schemaVersionProblems({ ...config, apiVersion: 'skaffold/v2beta29' })).toContain(
        `skaffold.yaml: apiVersion skaffold/v2beta29 is not a Skaffold 2 schema (${schemaVersions.join(', ')})`,
      );
    });

    it('a field whose schema version nobody looked up', () => {
      const copy = structuredClone(config) as SkaffoldConfig & { deploy: { kubectl: { defaultNamespace?: string } } };
      copy.deploy.kubectl.defaultNamespace = 'bookinfo';
      expect(schemaVersionProblems(copy)).toContain(
        'skaffold.yaml: deploy.kubectl.defaultNamespace is not in the table of fields (tests/manifests/src/support/skaffold.ts): add it with the schema version that introduced it',
      );
    });

    it('an overlay no profile renders', () => {
      expect(skaffoldProblems(config, [...foldersIn(overlaysDir), 'forgotten'])).toContain(
        'manifests/overlays/forgotten: no Skaffold profile renders it',
      );
    });

    it('a missing or duplicated profile', () => {
      const problems = broken((c) => (c.profiles = c.profiles!.map((p) => (p.name === 'mtls' ? { ...p, name: 'zero-trust' } : p))));
      expect(problems).toEqual(expect.arrayContaining(['skaffold.yaml: profile mtls is missing', 'skaffold.yaml: profile zero-trust is defined twice']));
    });

    it('an artifact with the wrong Dockerfile or context', () => {
      const problems = broken((c) => Object.assign(c.build!.artifacts![1], { context: 'services/details', docker: { dockerfile: 'Dockerfile' } }));
      expect(problems).toEqual(
        expect.arrayContaining([
          'skaffold.yaml: build.artifacts[1].context must be the repository root (.)',
          'skaffold.yaml: build.artifacts[1].docker.dockerfile must be services/details/Dockerfile',
        ]),
      );
    });

    it('productpage forwarded beyond loopback', () => {
      expect(broken((c) => (c.portForward![0].address = '0.0.0.0'))).toContain(
        'skaffold.yaml: portForward must forward Service bookinfo/productpage port 9080 to 127.0.0.1:9080',
      );
    });
  });
});

describe('skips', () => {
  it('run when nothing is missing, skip on a workstation, fail under CI=true', () => {
    expect(decide(undefined, {})).toBe('run');
    expect(decide('kubectl is missing', {})).toBe('skip');
    expect(decide('kubectl is missing', { CI: 'true' })).toBe('fail');
  });
});
