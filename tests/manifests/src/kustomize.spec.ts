import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overlay, projectVersion } from './support/compositions';
import { Inventory, crossReferenceProblems } from './support/cross-references';
import { kustomize, render } from './support/kustomize';
import { describeIfAvailable, kubectlMissing } from './support/prerequisites';
import { manifestsDir } from './support/repo';
import { artifactsOf, overlaysDir, readSkaffold } from './support/skaffold';
import { parseDocuments } from './support/yaml-documents';

describeIfAvailable('kubectl kustomize', kubectlMissing(), () => {
  it('gives the checks exactly what kubectl apply -k deploys, plus where each object came from', async () => {
    const direct = parseDocuments(await kustomize(join(overlaysDir, 'zero-trust')), 'zero-trust').map(({ value }) => value);
    const traced = await render(overlay('zero-trust').composition);
    expect(traced.map(({ resource }) => resource)).toEqual(direct);
    expect(traced.find(({ resource }) => resource.kind === 'Sidecar')?.origin).toBe('manifests/istio/zero-trust/sidecars.yaml');
  });

  it('keeps selective apply by label working (kubectl apply -l ...)', async () => {
    const rendered = await render(overlay('default').composition);
    const selected = (selector: Record<string, string>) =>
      rendered
        .filter(({ resource }) => Object.entries(selector).every(([k, v]) => resource.metadata.labels?.[k] === v))
        .map(({ resource }) => `${resource.kind}/${resource.metadata.name}`);
    expect(selected({ service: 'reviews' })).toEqual(['Service/reviews']);
    expect(selected({ account: 'reviews' })).toEqual(['ServiceAccount/bookinfo-reviews']);
    expect(selected({ app: 'reviews', version: 'v3' })).toEqual(['Deployment/reviews-v3']);
    expect(selected({ app: 'productpage' })).toEqual(
      expect.arrayContaining(['Service/productpage', 'Deployment/productpage-v1', expect.stringMatching(/^Secret\/productpage-session-/)]),
    );
  });

  it('takes the trust domain of every principal from the zero-trust setting', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'bookinfo-trust-domain-'));
    try {
      cpSync(manifestsDir, join(copy, 'manifests'), { recursive: true });
      const settings = join(copy, 'manifests/istio/zero-trust/settings.yaml');
      writeFileSync(settings, readFileSync(settings, 'utf8').replace('trustDomain: cluster.local', 'trustDomain: example.org'));
      const principals = async (components: string[]) => {
        const m = (path: string) => join(copy, 'manifests', path);
        const rendered = await render({ namespace: 'bookinfo', resources: [m('base')], components: components.map(m) });
        return rendered
          .filter(({ resource }) => resource.kind === 'AuthorizationPolicy')
          .flatMap(({ resource }) => JSON.stringify(resource.spec).match(/"[^"]*\/ns\/[^"]*\/sa\/[^"]*"/g) ?? []);
      };
      const all = [
        ...(await principals(['istio/ingress', 'istio/destination-rules', 'istio/scenarios/ratings-mysql', 'istio/zero-trust'])),
        ...(await principals(['istio/ingress', 'istio/ingress-helm', 'istio/destination-rules', 'istio/zero-trust', 'istio/zero-trust-ingress-helm'])),
        ...(await principals(['gateway-api/ingress', 'istio/zero-trust', 'gateway-api/zero-trust'])),
      ];
      expect(all.length).toBeGreaterThan(10);
      expect(all.filter((p) => !p.startsWith('"example.org/ns/'))).toEqual([]);
      expect(all).toEqual(expect.arrayContaining(['"example.org/ns/istio-ingress/sa/istio-ingress"', '"example.org/ns/bookinfo/sa/bookinfo-gateway-istio"', '"example.org/ns/bookinfo/sa/bookinfo-ratings"']));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  describe('fails on a broken copy of manifests/', () => {
    let copy: string;
    beforeAll(() => {
      copy = mkdtempSync(join(tmpdir(), 'bookinfo-manifests-'));
      cpSync(manifestsDir, join(copy, 'manifests'), { recursive: true });
    });
    afterAll(() => rmSync(copy, { recursive: true, force: true }));

    const edit = (file: string, from: string, to: string) => {
      const path = join(copy, 'manifests', file);
      const text = readFileSync(path, 'utf8');
      if (!text.includes(from)) throw new Error(`test setup: ${from} not in ${file}`);
      writeFileSync(path, text.replace(from, to));
    };

    it('an overlay that does not exist, naming it', async () => {
      await expect(render(overlay('does-not-exist').composition)).rejects.toThrow(
        /^rendering manifests\/overlays\/does-not-exist: kubectl kustomize .* failed/,
      );
    });

    it('a patch whose target does not exist', async () => {
      edit('istio/scenarios/reviews-80-20/virtual-service-reviews.yaml', 'name: reviews', 'name: reviewz');
      await expect(kustomize(join(copy, 'manifests/overlays/reviews-80-20'))).rejects.toThrow(/reviewz/);
    });

    it('a kustomization listing a file that does not exist', async () => {
      edit('istio/zero-trust/kustomization.yaml', '  - sidecars.yaml', '  - sidecar.yaml');
      await expect(kustomize(join(copy, 'manifests/overlays/zero-trust'))).rejects.toThrow(/sidecar\.yaml/);
    });

    it('a scenario listed before the DestinationRules it adds a subset to', async () => {
      edit('overlays/mysql/kustomization.yaml', '  - ../../istio/destination-rules\n  - ../../istio/scenarios/ratings-mysql', '  - ../../istio/scenarios/ratings-mysql\n  - ../../istio/destination-rules');
      // kustomize skips a patch whose target is not there yet; the subset check then reports it.
      const rendered = await render({ resources: [join(copy, 'manifests/overlays/mysql')] });
      expect(crossReferenceProblems(new Inventory(rendered, artifactsOf(readSkaffold()), projectVersion))).toEqual(
        expect.arrayContaining([expect.stringMatching(/VirtualService bookinfo\/ratings .*no DestinationRule for ratings defines subset v2-mysql/)]),
      );
    });

    it('two components defining the same object', async () => {
      edit('overlays/all-v1/kustomization.yaml', '  - ../../istio/scenarios/all-v1', '  - ../../istio/scenarios/all-v1\n  - ../../istio/scenarios/details-abort');
      await expect(kustomize(join(copy, 'manifests/overlays/all-v1'))).rejects.toThrow(/VirtualService/);
    });
  });
});
