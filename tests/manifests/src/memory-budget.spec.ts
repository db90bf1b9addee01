import { Inventory } from './support/cross-references';
import type { Rendered } from './support/kustomize';
import { memoryBudgetProblems, oldSpaceMiB, oldSpaceOfImages, quantityBytes } from './support/memory-budget';

function deployment(container: { image: string; memory?: string; env?: { name: string; value: string }[] }): Rendered {
  return {
    origin: 'manifests/base/productpage.yaml',
    resource: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'productpage-v1' },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'productpage', image: container.image, env: container.env, resources: { limits: container.memory ? { memory: container.memory } : {} } }],
          },
        },
      },
    },
  };
}

const problemsOf = (rendered: Rendered[], oldSpaceByImage: ReadonlyMap<string, number>) =>
  memoryBudgetProblems(new Inventory(rendered, []), oldSpaceByImage);

describe("the pods' memory against V8's heap", () => {
  const budget = new Map([['bookinfo/productpage', 128]]);

  it('reads --max-old-space-size from the NODE_OPTIONS line of every service, and only from there', () => {
    expect(oldSpaceMiB('# --max-old-space-size=999 in a comment\nNODE_OPTIONS=--max-semi-space-size=16 --max-old-space-size=128\n')).toBe(128);
    expect(oldSpaceMiB('NODE_OPTIONS=--max-semi-space-size=4\n')).toBeNaN();
    expect([...oldSpaceOfImages(['productpage', 'details', 'reviews', 'ratings']).values()].every(Number.isFinite)).toBe(true);
  });

  it('reads Kubernetes memory quantities', () => {
    expect([quantityBytes('256Mi'), quantityBytes('1Gi'), quantityBytes('300M'), quantityBytes('1048576')]).toEqual([268_435_456, 1_073_741_824, 300_000_000, 1_048_576]);
    expect(quantityBytes('lots')).toBeNaN();
  });

  it('accepts a limit of twice the old generation, with or without a tag on the image', () => {
    expect(problemsOf([deployment({ image: 'bookinfo/productpage:0.1.0', memory: '256Mi' })], budget)).toEqual([]);
    expect(problemsOf([deployment({ image: 'bookinfo/productpage', memory: '1Gi' })], budget)).toEqual([]);
  });

  it('refuses a smaller or missing limit, a NODE_OPTIONS that would replace node.env, and a node.env without the size', () => {
    const at = 'manifests/base/productpage.yaml: Deployment productpage-v1 spec.template.spec.containers[0]';
    expect(problemsOf([deployment({ image: 'bookinfo/productpage', memory: '200Mi' })], budget)).toEqual([
      `${at}.resources.limits.memory: 200Mi leaves no room beside V8's 128 MiB old generation; give at least 256Mi`,
    ]);
    expect(problemsOf([deployment({ image: 'bookinfo/productpage' })], budget)).toEqual([
      `${at}.resources.limits.memory: undefined leaves no room beside V8's 128 MiB old generation; give at least 256Mi`,
    ]);
    expect(problemsOf([deployment({ image: 'bookinfo/productpage', memory: '256Mi', env: [{ name: 'NODE_OPTIONS', value: '--max-old-space-size=4096' }] })], budget)).toEqual([
      `${at}.env: NODE_OPTIONS would replace the image's node.env; change services/<name>/node.env instead`,
    ]);
    expect(problemsOf([deployment({ image: 'bookinfo/productpage', memory: '256Mi' })], new Map([['bookinfo/productpage', NaN]]))).toEqual([
      `${at}: its image's node.env must set --max-old-space-size`,
    ]);
  });

  it('leaves images that are not Bookinfo services alone', () => {
    expect(problemsOf([deployment({ image: 'mysql:8.4', memory: '64Mi' })], budget)).toEqual([]);
  });
});
