import { describeIfAvailable } from '@bookinfo/test-support';
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { Inventory, crossReferenceProblems } from './support/cross-references';
import { combinedTargets, overlayTargets, skaffoldTargets } from './support/compositions';
import { mapLimit, render, type Rendered } from './support/kustomize';
import { memoryBudgetProblems, oldSpaceOfImages } from './support/memory-budget';
import { kubectlMissing, schemasDir, schemasMissing, vendoredSchemasDir } from './support/prerequisites';
import { filesUnder, manifestsDir, yamlFilesUnder } from './support/repo';
import { expectedRouting, routingTable } from './support/routing-table';
import { SchemaPack, schemaPathFor } from './support/schema-pack';
import { artifactsOf, preparationProblems, readSkaffold } from './support/skaffold';
import { readDocuments } from './support/yaml-documents';

const targets = [...overlayTargets(), ...skaffoldTargets(), ...combinedTargets()];
const config = readSkaffold();

describeIfAvailable('kubectl kustomize output', kubectlMissing(), () => {
  const outputs = new Map<string, { rendered?: Rendered[]; error?: string }>();
  const artifacts = artifactsOf(config);

  beforeAll(async () => {
    await mapLimit(targets, 3, async ({ title, composition }) => {
      try {
        outputs.set(title, { rendered: await render(composition) });
      } catch (error) {
        outputs.set(title, { error: (error as Error).message });
      }
    });
  });

  const renderedOf = (title: string): Rendered[] => {
    const output = outputs.get(title);
    if (!output?.rendered) throw new Error(output?.error ?? `${title} was not rendered`);
    return output.rendered;
  };

  describe.each(targets)('$title', ({ title, imageTag }) => {
    it('renders', () => {
      expect(outputs.get(title)?.error).toBeUndefined();
    });

    it('passes the cross-reference checks', () => {
      expect(crossReferenceProblems(new Inventory(renderedOf(title), artifacts, imageTag))).toEqual([]);
    });
  });

  describe("every Bookinfo container's memory limit is at least twice the old generation its node.env gives V8", () => {
    const oldSpaceByImage = oldSpaceOfImages(['productpage', 'details', 'reviews', 'ratings']);

    it.each(targets)('$title', ({ title, imageTag }) => {
      expect(memoryBudgetProblems(new Inventory(renderedOf(title), artifacts, imageTag), oldSpaceByImage)).toEqual([]);
    });
  });

  it('has a routing-table row for every overlay, and none for an overlay that is gone', () => {
    expect(Object.keys(expectedRouting).sort()).toEqual(overlayTargets().map(({ title }) => title.replace(/^overlays\//, '')).sort());
  });

  it.each(Object.keys(expectedRouting))('routes as Istio\'s tasks describe: overlays/%s', (name) => {
    expect(routingTable(renderedOf(`overlays/${name}`))).toEqual(expectedRouting[name]);
  });

  describe('prepares the namespace for the data plane and the APIs each profile deploys', () => {
    const renders = (overlay: string) => renderedOf(`skaffold/${overlay}`).map(({ resource }) => resource);

    it('in skaffold.yaml', () => {
      expect(preparationProblems(config, renders)).toEqual([]);
    });

    it('and fails on a broken copy', () => {
      const copy = structuredClone(config);
      const profile = (name: string) => copy.profiles!.find((p) => p.name === name)!;
      profile('ambient').deploy = { kubectl: { hooks: { before: [{ host: { command: ['bash', 'scripts/k8s-prepare.sh', '--mode', 'sidecar', '--gateway-api'] } }] } } };
      profile('gateway-api-reviews-v1').deploy = undefined;
      expect(preparationProblems(copy, renders)).toEqual([
        'skaffold.yaml: profile gateway-api-reviews-v1 deploys Gateway API objects, so its hook must pass --gateway-api',
        'skaffold.yaml: profile ambient deploys a waypoint (ambient mode) but prepares --mode sidecar',
      ]);
    });
  });

  describeIfAvailable('against the schema pack', schemasMissing(), () => {
    let pack: SchemaPack;
    beforeAll(() => {
      pack = new SchemaPack(schemasDir());
    });

    it.each(targets.map(({ title }) => title))('%s', (title) => {
      const problems = renderedOf(title).flatMap(({ resource, origin }) =>
        pack.validateResource(resource).map((p) => `${origin}: ${resource.kind} ${resource.metadata.name} ${p}`),
      );
      expect(problems).toEqual([]);
    });
  });

  it('vendors exactly the schemas the checks use (tests/manifests/schemas)', () => {
    const sources = yamlFilesUnder(manifestsDir)
      .filter((file) => basename(file) !== 'kustomization.yaml')
      .flatMap((file) => readDocuments(file).map(({ value }) => value as { apiVersion: string; kind: string }));
    const rendered = targets.flatMap(({ title }) => renderedOf(title).map(({ resource }) => resource));
    const used = new Set([
      ...[...sources, ...rendered].map(({ apiVersion, kind }) => schemaPathFor(apiVersion, kind)),
      // ConfigMap's ObjectMeta closes the CRDs' metadata; the other three validate files, not objects.
      'kubernetes/v1.32.0-standalone-strict/configmap-v1.json',
      'skaffold/v4beta14.json',
      'compose/compose-spec.json',
      'kustomize/kustomization.json',
    ]);
    const listed = readFileSync(`${vendoredSchemasDir}/SHA256SUMS`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[1]);
    const files = filesUnder(vendoredSchemasDir, /\.json$/).map((file) => relative(vendoredSchemasDir, file));
    expect([...files].sort()).toEqual([...listed].sort());
    expect([...listed].sort()).toEqual([...used].sort());
  });
});
