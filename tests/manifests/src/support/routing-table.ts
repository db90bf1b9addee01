import type { Rendered } from './kustomize';
import { Routing, type User } from './routing';

/*
 * For every overlay: which version of reviews, ratings and details a request gets, and which
 * fault, signed out and signed in as jason, as Istio's tasks say the user sees it. A row per
 * overlay: a new overlay fails until it has one (rendered-manifests.spec.ts compares them).
 */

export type Row = Partial<Record<'reviews' | 'ratings' | 'details', string | { anonymous: string; jason: string }>>;

const roundRobin = 'round-robin v1, v2, v3';
const asDeployed: Row = { reviews: roundRobin, ratings: 'v1', details: 'v1' };
const allV1: Row = { reviews: 'v1', ratings: 'v1', details: 'v1' };
const testV2 = { anonymous: 'v1', jason: 'v2' };

export const expectedRouting: Record<string, Row> = {
  // Bookinfo with no routing rule: reviews answers from every version in turn.
  default: asDeployed,
  mtls: asDeployed,
  'zero-trust': asDeployed,
  tracing: asDeployed,
  'ingress-helm': asDeployed,
  'zero-trust-ingress-helm': asDeployed,
  'gateway-api': asDeployed,
  'gateway-api-zero-trust': asDeployed,
  ambient: asDeployed,
  // Request routing: everything on v1, then jason on reviews v2.
  'all-v1': allV1,
  'gateway-api-all-v1': allV1,
  'reviews-test-v2': { ...allV1, reviews: testV2 },
  'ambient-reviews-test-v2': { ...asDeployed, reviews: testV2 },
  'reviews-jason-v2-v3': { ...allV1, reviews: { anonymous: 'v3', jason: 'v2' } },
  // Fault injection: on top of reviews-test-v2, ratings delays or aborts jason's requests only.
  'ratings-test-delay': { reviews: testV2, ratings: { anonymous: 'v1', jason: 'v1; delay 7s (100%)' }, details: 'v1' },
  'ratings-test-abort': { reviews: testV2, ratings: { anonymous: 'v1', jason: 'v1; abort 500 (100%)' }, details: 'v1' },
  'details-abort': { ...allV1, details: 'v1; abort 555 (100%)' },
  // Traffic shifting.
  'reviews-50-v3': { ...allV1, reviews: 'v1 50%, v3 50%' },
  'gateway-api-reviews-50-v3': { ...asDeployed, reviews: 'v1 50%, v3 50%' },
  'reviews-v3': { ...allV1, reviews: 'v3' },
  'gateway-api-reviews-v3': { ...asDeployed, reviews: 'v3' },
  'gateway-api-reviews-v1': { ...asDeployed, reviews: 'v1' },
  'reviews-80-20': { ...allV1, reviews: 'v1 80%, v2 20%' },
  'reviews-90-10': { ...allV1, reviews: 'v1 90%, v2 10%' },
  'gateway-api-reviews-90-10': { ...asDeployed, reviews: 'v1 90%, v2 10%' },
  'reviews-v2-v3': { ...allV1, reviews: 'v2 50%, v3 50%' },
  'ambient-reviews-v2-v3': { ...asDeployed, reviews: 'v2 50%, v3 50%' },
  // Request timeouts: reviews v2 with a 0.5 s timeout, ratings 2 s late.
  'request-timeout': { reviews: 'v2; timeout 0.5s', ratings: 'v1; delay 2s (100%)', details: 'v1' },
  // Egress: details v2 reads Google Books. MySQL: reviews v3 reads ratings v2 from the database.
  'details-v2-egress': { ...allV1, details: 'v2' },
  mysql: { reviews: 'v3', ratings: 'v2-mysql', details: 'v1' },
};

const users: User[] = ['anonymous', 'jason'];
const hosts = ['reviews', 'ratings', 'details'] as const;

export function routingTable(rendered: readonly Rendered[]): Row {
  const routing = new Routing(rendered);
  return Object.fromEntries(
    hosts.map((host) => {
      const [anonymous, jason] = users.map((user) => routing.outcome(host, user));
      return [host, anonymous === jason ? anonymous : { anonymous, jason }];
    }),
  );
}

