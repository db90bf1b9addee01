import { decide } from './support/prerequisites';
import { foldersIn, manifestsDir, repoPath } from './support/repo';
import { missingDockerfiles, overlaysDir, readSkaffold, skaffoldProblems, type SkaffoldConfig } from './support/skaffold';
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
      ...['ingress', 'destination-rules', 'mtls', 'zero-trust'].map((c) => `istio/${c}`),
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

  describe('the consistency check fails on broken copies', () => {
    const broken = (edit: (c: SkaffoldConfig) => void): string[] => {
      const copy = structuredClone(config);
      edit(copy);
      return skaffoldProblems(copy);
    };

    it('a profile rendering a folder that is not an overlay', () => {
      expect(broken((c) => (c.profiles![2].manifests!.kustomize!.paths = ['manifests/overlays/reviews-50-v4']))).toContain(
        `skaffold.yaml: profile ${config.profiles![2].name} renders manifests/overlays/reviews-50-v4, which is not a folder of manifests/overlays`,
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
