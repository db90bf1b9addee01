import { overlay } from './support/compositions';
import { mapLimit, render, type Rendered } from './support/kustomize';
import { describeIfAvailable, kubectlMissing } from './support/prerequisites';
import { routingTable as table } from './support/routing-table';

/* The routing tables (support/routing-table.ts) must tell broken routes apart. */

describeIfAvailable('routing tables', kubectlMissing(), () => {
  const rendered = new Map<string, Rendered[]>();
  const sources = ['reviews-90-10', 'reviews-test-v2', 'ratings-test-delay', 'ambient-reviews-test-v2'].map(overlay);
  beforeAll(async () => {
    await mapLimit(sources, 3, async ({ title, composition }) => rendered.set(title, await render(composition)));
  });

  it('tells a changed weight, a rule for the wrong user and a lost fault apart', () => {
    const copy = (name: string) => structuredClone(rendered.get(overlay(name).title) as Rendered[]);
    const spec = (items: Rendered[], kind: string, name: string) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of copies of YAML trees
      items.find(({ resource }) => resource.kind === kind && resource.metadata.name === name)?.resource.spec as Record<string, any>;

    const weights = copy('reviews-90-10');
    spec(weights, 'VirtualService', 'reviews').http[0].route[0].weight = 80;
    spec(weights, 'VirtualService', 'reviews').http[0].route[1].weight = 20;
    expect(table(weights).reviews).toBe('v1 80%, v2 20%');

    const user = copy('reviews-test-v2');
    spec(user, 'VirtualService', 'reviews').http[0].match[0].headers['end-user'].exact = 'json';
    expect(table(user).reviews).toBe('v1');

    const fault = copy('ratings-test-delay');
    delete spec(fault, 'VirtualService', 'ratings').http[0].fault;
    expect(table(fault).ratings).toBe('v1');

    const route = copy('ambient-reviews-test-v2');
    spec(route, 'HTTPRoute', 'reviews').rules[0].backendRefs[0].name = 'reviews-v3';
    expect(table(route).reviews).toEqual({ anonymous: 'v1', jason: 'v3' });
  });
});
