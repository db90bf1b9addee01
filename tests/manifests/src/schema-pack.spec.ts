import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIfAvailable, schemasDir, schemasMissing } from './support/prerequisites';
import { repoPath } from './support/repo';
import { SchemaPack, schemaPathFor } from './support/schema-pack';
import { readDocuments } from './support/yaml-documents';

/* The schema checks must be able to fail: broken copies of real documents are rejected. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of copies of YAML trees
type Tree = Record<string, any>;

function documentOf(file: string, kind: string, name?: string): Tree {
  const found = readDocuments(repoPath(file))
    .map(({ value }) => value as Tree)
    .find((d) => d.kind === kind && (name === undefined || d.metadata?.name === name));
  if (!found) throw new Error(`test setup: no ${kind} ${name ?? ''} in ${file}`);
  return structuredClone(found);
}

it('maps apiVersion and kind to files the way kubeconform does', () => {
  expect(schemaPathFor('apps/v1', 'Deployment')).toBe('kubernetes/v1.32.0-standalone-strict/deployment-apps-v1.json');
  expect(schemaPathFor('v1', 'Service')).toBe('kubernetes/v1.32.0-standalone-strict/service-v1.json');
  expect(schemaPathFor('policy/v1', 'PodDisruptionBudget')).toBe('kubernetes/v1.32.0-standalone-strict/poddisruptionbudget-policy-v1.json');
  expect(schemaPathFor('networking.istio.io/v1', 'VirtualService')).toBe('istio/networking.istio.io/virtualservice_v1.json');
  expect(schemaPathFor('gateway.networking.k8s.io/v1', 'HTTPRoute')).toBe('gateway-api/gateway.networking.k8s.io/httproute_v1.json');
});

describeIfAvailable('schema checks on broken copies', schemasMissing(), () => {
  let pack: SchemaPack;
  beforeAll(() => {
    pack = new SchemaPack(schemasDir());
  });

  const resourceCases: { what: string; file: string; kind: string; name?: string; edit: (d: Tree) => void; expected: string }[] = [
    { what: 'typo in a Deployment', file: 'manifests/base/reviews.yaml', kind: 'Deployment', name: 'reviews-v2', edit: (d) => (d.spec.replicaz = 1), expected: "spec: must NOT have additional properties 'replicaz'" },
    { what: 'typo in a container', file: 'manifests/base/productpage.yaml', kind: 'Deployment', edit: (d) => (d.spec.template.spec.containers[0].readinesProbe = {}), expected: "spec.template.spec.containers.0: must NOT have additional properties 'readinesProbe'" },
    { what: 'typo in Service metadata', file: 'manifests/base/details.yaml', kind: 'Service', edit: (d) => (d.metadata.labelz = {}), expected: "metadata: must NOT have additional properties 'labelz'" },
    { what: 'wrong type in a PodDisruptionBudget', file: 'manifests/base/pod-disruption-budgets.yaml', kind: 'PodDisruptionBudget', name: 'reviews', edit: (d) => (d.spec.selector = 'app=reviews'), expected: 'spec.selector: must be object' },
    { what: 'typo in a VirtualService route', file: 'manifests/istio/ingress/gateway.yaml', kind: 'VirtualService', edit: (d) => (d.spec.http[0].rout = d.spec.http[0].route), expected: "spec.http.0: must NOT have additional properties 'rout'" },
    { what: 'bad enum in a DestinationRule', file: 'manifests/istio/scenarios/details-v2-egress/egress-googleapis.yaml', kind: 'DestinationRule', edit: (d) => (d.spec.trafficPolicy.portLevelSettings[0].tls.mode = 'TLS'), expected: 'spec.trafficPolicy.portLevelSettings.0.tls.mode: must be equal to one of the allowed values' },
    { what: 'typo at the top of a CRD resource', file: 'manifests/istio/ingress/gateway.yaml', kind: 'VirtualService', edit: (d) => { d.sepc = d.spec; delete d.spec; }, expected: "(top level): must NOT have additional properties 'sepc'" },
    { what: 'typo in CRD metadata', file: 'manifests/istio/zero-trust/authorization-policies.yaml', kind: 'AuthorizationPolicy', name: 'ratings', edit: (d) => (d.metadata.labelz = {}), expected: "metadata: must NOT have additional properties 'labelz'" },
    { what: 'typo in an HTTPRoute', file: 'manifests/gateway-api/ingress/gateway.yaml', kind: 'HTTPRoute', edit: (d) => (d.spec.rules[0].backendRef = []), expected: "spec.rules.0: must NOT have additional properties 'backendRef'" },
    { what: 'typo in a PeerAuthentication', file: 'manifests/istio/zero-trust/peer-authentication.yaml', kind: 'PeerAuthentication', edit: (d) => (d.spec.mtls.mod = 'STRICT'), expected: "spec.mtls: must NOT have additional properties 'mod'" },
    { what: 'deprecated Istio API', file: 'manifests/istio/ingress/gateway.yaml', kind: 'Gateway', edit: (d) => (d.apiVersion = 'networking.istio.io/v1alpha3'), expected: 'apiVersion: networking.istio.io/v1alpha3 is not one of the current APIs' },
    { what: 'deprecated Kubernetes API', file: 'manifests/base/pod-disruption-budgets.yaml', kind: 'PodDisruptionBudget', edit: (d) => (d.apiVersion = 'policy/v1beta1'), expected: 'apiVersion: policy/v1beta1 is not one of the current APIs' },
    { what: 'kind without a schema', file: 'manifests/base/reviews.yaml', kind: 'Deployment', edit: (d) => (d.kind = 'Deploymnet'), expected: 'kind: the schema pack has no schema for apps/v1 Deploymnet' },
  ];

  it.each(resourceCases)('rejects a $what', ({ file, kind, name, edit, expected }) => {
    const document = documentOf(file, kind, name);
    expect(pack.validateResource(document)).toEqual([]);
    edit(document);
    expect(pack.validateResource(document)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  it('rejects a typo in a kustomization, and accepts Components', () => {
    const component = documentOf('manifests/istio/scenarios/reviews-50-v3/kustomization.yaml', 'Component');
    expect(pack.validateKustomization(component)).toEqual([]);
    const overlay = documentOf('manifests/overlays/default/kustomization.yaml', 'Kustomization');
    overlay.resourcez = overlay.resources;
    expect(pack.validateKustomization(overlay)).toContain("(top level): must NOT have additional properties 'resourcez'");
  });

  it('rejects a typo in skaffold.yaml and a Skaffold 1 schema version', () => {
    const config = documentOf('skaffold.yaml', 'Config');
    config.build.artifactz = config.build.artifacts;
    expect(pack.validateSkaffold(config)).toContain("build: must NOT have additional properties 'artifactz'");
    expect(pack.validateSkaffold({ ...config, apiVersion: 'skaffold/v2beta29' })).toEqual([
      'apiVersion: must be a Skaffold 2 schema version, skaffold/v3 to skaffold/v4beta14',
    ]);
  });

  it('rejects a typo in a compose file', () => {
    const compose: Tree = { services: { productpage: { image: 'bookinfo/productpage', ports: ['9080:9080'] } } };
    expect(pack.validateCompose(compose)).toEqual([]);
    compose.services.productpage.imagee = compose.services.productpage.image;
    expect(pack.validateCompose(compose)).toContain("services.productpage: must NOT have additional properties 'imagee'");
  });

  it('refuses a schema file that does not match SHA256SUMS', () => {
    const copy = mkdtempSync(join(tmpdir(), 'bookinfo-schemas-'));
    try {
      cpSync(schemasDir(), copy, { recursive: true });
      writeFileSync(join(copy, 'kubernetes/v1.32.0-standalone-strict/service-v1.json'), '{}');
      const tampered = new SchemaPack(copy);
      expect(() => tampered.validateResource(documentOf('manifests/base/details.yaml', 'Service'))).toThrow(
        /service-v1\.json in the schema pack does not match SHA256SUMS/,
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
