import { Inventory, crossReferenceProblems } from './support/cross-references';
import { combinedTargets, overlayTargets } from './support/compositions';
import { mapLimit, render, type Rendered } from './support/kustomize';
import { describeIfAvailable, kubectlMissing, schemasDir, schemasMissing } from './support/prerequisites';
import { SchemaPack } from './support/schema-pack';
import { artifactsOf, readSkaffold } from './support/skaffold';

const targets = [...overlayTargets(), ...combinedTargets()];

describeIfAvailable('kubectl kustomize output', kubectlMissing(), () => {
  const outputs = new Map<string, { rendered?: Rendered[]; error?: string }>();
  const artifacts = artifactsOf(readSkaffold());

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

  describe.each(targets)('$title', ({ title }) => {
    it('renders', () => {
      expect(outputs.get(title)?.error).toBeUndefined();
    });

    it('passes the cross-reference checks', () => {
      expect(crossReferenceProblems(new Inventory(renderedOf(title), artifacts))).toEqual([]);
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
});
