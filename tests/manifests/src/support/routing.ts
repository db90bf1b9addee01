import type { Rendered } from './kustomize';

/*
 * What a request to a Bookinfo service gets under a rendered overlay: which version answers (with
 * the share of each), and which fault or timeout the route applies. Derived from the mesh routes
 * (Istio VirtualServices or Gateway API HTTPRoutes) for one user, as the Istio tasks describe
 * them: signed out (no end-user header) or signed in as jason (productpage sends end-user: jason).
 */

type Labels = Record<string, string>;
type Resource = Rendered['resource'];

interface VirtualServiceRule {
  match?: { headers?: Record<string, Record<string, string>>; [other: string]: unknown }[];
  route?: { destination: { host: string; subset?: string }; weight?: number }[];
  fault?: {
    delay?: { fixedDelay?: string; percentage?: { value?: number } };
    abort?: { httpStatus?: number; percentage?: { value?: number } };
  };
  timeout?: string;
}
interface HttpRouteRule {
  matches?: { headers?: { type?: string; name: string; value: string }[]; [other: string]: unknown }[];
  backendRefs?: { name: string; weight?: number }[];
}

export type User = 'anonymous' | 'jason';

function headersFor(user: User): Labels {
  return user === 'jason' ? { 'end-user': 'jason' } : {};
}

function share(weights: [string, number][]): string {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  const merged = new Map<string, number>();
  for (const [version, weight] of weights) merged.set(version, (merged.get(version) ?? 0) + weight);
  if (merged.size === 1) return [...merged.keys()][0];
  return [...merged].map(([version, weight]) => `${version} ${Math.round((weight / total) * 100)}%`).join(', ');
}

export class Routing {
  constructor(private readonly items: readonly Rendered[]) {}

  private all(kind: string): Resource[] {
    return this.items.filter(({ resource }) => resource.kind === kind).map(({ resource }) => resource);
  }

  private service(name: string): Resource | undefined {
    return this.all('Service').find((s) => s.metadata.name === name);
  }

  /** Versions of the pods a Service selects, sorted. */
  private versionsBehind(service: string): string[] {
    const selector = (this.service(service)?.spec as { selector?: Labels } | undefined)?.selector ?? {};
    const versions = this.all('Deployment')
      .map((d) => (d.spec as { template: { metadata?: { labels?: Labels } } }).template.metadata?.labels ?? {})
      .filter((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v))
      .map((labels) => labels.version);
    return [...new Set(versions)].sort();
  }

  private subsetVersion(host: string, subset: string): string {
    for (const rule of this.all('DestinationRule')) {
      const spec = rule.spec as { host: string; subsets?: { name: string; labels?: Labels }[] };
      const found = spec.host === host ? spec.subsets?.find((s) => s.name === subset) : undefined;
      if (found) return found.labels?.version ?? `(subset ${subset} has no version label)`;
    }
    return `(no subset ${subset})`;
  }

  /** e.g. "v2", "v1 50%, v3 50%", "round-robin v1, v2, v3", then "; delay 7s (100%)" and the like. */
  outcome(host: string, user: User): string {
    const headers = headersFor(user);
    const virtualService = this.all('VirtualService').find((vs) => {
      const spec = vs.spec as { hosts?: string[]; gateways?: string[] };
      return spec.hosts?.includes(host) && (spec.gateways ?? ['mesh']).includes('mesh');
    });
    if (virtualService) return this.viaVirtualService(host, (virtualService.spec as { http?: VirtualServiceRule[] }).http ?? [], headers);
    const route = this.all('HTTPRoute').find((r) =>
      ((r.spec as { parentRefs?: { kind?: string; name: string }[] }).parentRefs ?? []).some((p) => p.kind === 'Service' && p.name === host),
    );
    if (route) return this.viaHttpRoute((route.spec as { rules?: HttpRouteRule[] }).rules ?? [], headers);
    const versions = this.versionsBehind(host);
    return versions.length === 1 ? versions[0] : `round-robin ${versions.join(', ')}`;
  }

  private viaVirtualService(host: string, rules: VirtualServiceRule[], headers: Labels): string {
    const rule = rules.find((r) => !r.match || r.match.some((m) => this.matches(m, headers)));
    if (!rule) return 'no route (404)';
    const weights = (rule.route ?? []).map(({ destination, weight }): [string, number] => [
      this.subsetVersion(destination.host, destination.subset ?? ''),
      weight ?? 100,
    ]);
    const extras: string[] = [];
    const { delay, abort } = rule.fault ?? {};
    if (delay) extras.push(`delay ${delay.fixedDelay} (${delay.percentage?.value ?? 100}%)`);
    if (abort) extras.push(`abort ${abort.httpStatus} (${abort.percentage?.value ?? 100}%)`);
    if (rule.timeout) extras.push(`timeout ${rule.timeout}`);
    return [share(weights), ...extras].join('; ');
  }

  private matches(match: NonNullable<VirtualServiceRule['match']>[number], headers: Labels): boolean {
    const unsupported = Object.keys(match).filter((key) => key !== 'headers');
    if (unsupported.length > 0) throw new Error(`routing table: matching on ${unsupported.join(', ')} is not modelled`);
    return Object.entries(match.headers ?? {}).every(([name, condition]) => {
      if (Object.keys(condition).join() !== 'exact') throw new Error(`routing table: header match ${JSON.stringify(condition)} is not modelled`);
      return headers[name] === condition.exact;
    });
  }

  private viaHttpRoute(rules: HttpRouteRule[], headers: Labels): string {
    const rule = rules.find(
      (r) =>
        !r.matches?.length ||
        r.matches.some((m) => {
          const unsupported = Object.keys(m).filter((key) => key !== 'headers');
          if (unsupported.length > 0) throw new Error(`routing table: matching on ${unsupported.join(', ')} is not modelled`);
          return (m.headers ?? []).every((h) => (h.type ?? 'Exact') === 'Exact' && headers[h.name] === h.value);
        }),
    );
    if (!rule) return 'no route (404)';
    const weights = (rule.backendRefs ?? []).map(({ name, weight }): [string, number] => {
      const versions = this.versionsBehind(name);
      return [versions.length === 1 ? versions[0] : `round-robin ${versions.join(', ')}`, weight ?? 1];
    });
    return share(weights);
  }
}
