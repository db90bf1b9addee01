import type { Rendered } from './kustomize';

/*
 * Checks that need more than one object at a time, on the output of `kubectl kustomize`:
 * what kubeconform cannot see and `istioctl analyze` would report on a live cluster.
 * Every problem names the source file, the object and the field.
 */

type Labels = Record<string, string>;

export interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef } }[];
  envFrom?: { secretRef?: { name: string }; configMapRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Labels; limits?: Labels };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface KeyRef { name: string; key: string; optional?: boolean }
interface Probe { httpGet?: { path?: string; port?: string | number } }
interface SecurityContext {
  runAsUser?: number;
  runAsNonRoot?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { drop?: string[] };
  seccompProfile?: { type?: string };
}
interface PodSpec {
  serviceAccountName?: string;
  terminationGracePeriodSeconds?: number;
  securityContext?: SecurityContext;
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; emptyDir?: object; configMap?: { name: string }; secret?: { secretName: string } }[];
}
interface PodTemplate {
  metadata?: { labels?: Labels; annotations?: Labels };
  spec: PodSpec;
}
interface ServicePort { name?: string; port: number; targetPort?: string | number; appProtocol?: string }
interface Destination { host: string; subset?: string; port?: { number?: number } }
interface RouteDestination { destination: Destination; weight?: number }
interface HttpRoute {
  match?: { uri?: Record<string, string>; headers?: Record<string, Record<string, string>> }[];
  route?: RouteDestination[];
}
interface BackendRef { group?: string; kind?: string; name: string; port?: number; weight?: number }
interface ParentRef { group?: string; kind?: string; name: string; sectionName?: string; port?: number }
interface HttpRouteRule {
  matches?: { path?: { type?: string; value?: string }; headers?: { type?: string; name: string; value: string }[] }[];
  backendRefs?: BackendRef[];
}

/** Identities that Istio's ingress gateways run under outside the bookinfo namespace: istioctl's and Helm's. */
const istioProvidedIdentities: ReadonlySet<string> = new Set([
  'istio-system/istio-ingressgateway-service-account',
  'istio-ingress/istio-ingress',
]);
/** The ingress gateway installs an Istio Gateway may select, with the port its pods listen on. */
const ingressGatewayInstalls: Record<string, { port: number; install: string }> = {
  ingressgateway: { port: 8080, install: 'istioctl' },
  ingress: { port: 80, install: 'Helm (istio/gateway chart)' },
};
/** Bookinfo always lives in this namespace (the AuthorizationPolicies name identities in it). */
export const bookinfoNamespace = 'bookinfo';
const waypointClass = 'istio-waypoint';
const useWaypointLabel = 'istio.io/use-waypoint';
/** The label Istio puts on the pods it deploys for a Gateway API Gateway. */
const gatewayNameLabel = 'gateway.networking.k8s.io/gateway-name';
/** What the ingress must expose, and nothing else (upstream's five matches). */
const ingressPaths = ['Exact /productpage', 'Prefix /static', 'Exact /login', 'Exact /logout', 'Prefix /api/v1/products'];
/** Port names Istio reads the protocol from (https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/). */
const istioPortName = /^(http|http2|https|grpc|grpc-web|tcp|tls|mongo|mysql|redis|udp)(-.*)?$/;
const sidecarUid = 1337;

function selects(selector: Labels | undefined, labels: Labels | undefined): boolean {
  const wanted = Object.entries(selector ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels?.[key] === value);
}

function show(labels: Labels | undefined): string {
  return `{${Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

export class Inventory {
  readonly namespace = bookinfoNamespace;

  constructor(
    readonly items: readonly Rendered[],
    /** Image names Skaffold builds (its artifacts). */
    readonly artifacts: readonly string[],
    /**
     * The tag every Bookinfo image must carry: the project version for what `kubectl apply -k`
     * deploys, none (the bare artifact name, which Skaffold replaces) for what Skaffold renders.
     */
    readonly imageTag?: string,
  ) {}

  all(kind: string, group?: string): Rendered[] {
    return this.items.filter(
      ({ resource }) => resource.kind === kind && (group === undefined || resource.apiVersion.startsWith(`${group}/`)),
    );
  }

  named(kind: string, name: string, group?: string): Rendered | undefined {
    return this.all(kind, group).find(({ resource }) => resource.metadata.name === name);
  }

  /** Pod templates of every workload, with the workload that owns them. */
  pods(): { owner: Rendered; template: PodTemplate }[] {
    return [...this.all('Deployment'), ...this.all('StatefulSet')].map((owner) => ({
      owner,
      template: (owner.resource.spec as { template: PodTemplate }).template,
    }));
  }

  podsSelectedBy(selector: Labels | undefined): { owner: Rendered; template: PodTemplate }[] {
    return this.pods().filter(({ template }) => selects(selector, template.metadata?.labels));
  }

  /** The Service or ServiceEntry an Istio host names, seen from the bookinfo namespace. */
  resolveHost(host: string): { service?: Rendered; serviceEntry?: Rendered } {
    const serviceEntry = this.all('ServiceEntry').find(({ resource }) =>
      (resource.spec as { hosts?: string[] }).hosts?.includes(host),
    );
    if (serviceEntry) return { serviceEntry };
    const [name, namespace = this.namespace, ...rest] = host.split('.');
    const suffixOk = rest.length === 0 || rest.join('.') === 'svc.cluster.local' || rest.join('.') === 'svc';
    if (namespace !== this.namespace || !suffixOk) return {};
    return { service: this.named('Service', name) };
  }

  /** Container and service port numbers a destination host accepts. */
  portsOf(target: { service?: Rendered; serviceEntry?: Rendered }): number[] {
    if (target.service) return (target.service.resource.spec as { ports: ServicePort[] }).ports.map((p) => p.port);
    if (target.serviceEntry) {
      return (target.serviceEntry.resource.spec as { ports?: { number: number }[] }).ports?.map((p) => p.number) ?? [];
    }
    return [];
  }

  gatewayApiGateways(): string[] {
    return this.all('Gateway', 'gateway.networking.k8s.io').map(({ resource }) => resource.metadata.name);
  }

  /** Gateway API Gateways that are ambient-mode waypoints. */
  waypoints(): Rendered[] {
    return this.all('Gateway', 'gateway.networking.k8s.io').filter(
      ({ resource }) => (resource.spec as { gatewayClassName?: string }).gatewayClassName === waypointClass,
    );
  }
}

function at(item: Rendered, field: string): string {
  const { kind, metadata } = item.resource;
  return `${item.origin}: ${kind} ${metadata.namespace ?? '(no namespace)'}/${metadata.name} ${field}`;
}

export type Check = (inventory: Inventory) => string[];

/**
 * No Namespace in the output: whatever deploys it would own it, and `skaffold delete` or
 * `kubectl delete -k` would delete it with everything in it. scripts/k8s-prepare.sh creates and
 * labels it instead. Everything else lives in it.
 */
const namespace: Check = (inv) => {
  const problems: string[] = [];
  for (const ns of inv.all('Namespace')) {
    problems.push(`${at(ns, '')}: must not be deployed with Bookinfo (scripts/k8s-prepare.sh creates and labels it), or deleting Bookinfo deletes it`);
  }
  for (const item of inv.items) {
    if (item.resource.kind !== 'Namespace' && item.resource.metadata.namespace !== inv.namespace) {
      problems.push(`${at(item, 'metadata.namespace')}: must be ${inv.namespace}`);
    }
  }
  return problems;
};

const workloads: Check = (inv) => {
  const problems: string[] = [];
  const accounts = new Set(inv.all('ServiceAccount').map(({ resource }) => resource.metadata.name));
  for (const account of inv.all('ServiceAccount')) {
    if (!account.resource.metadata.labels?.account) problems.push(`${at(account, 'metadata.labels.account')}: is missing`);
  }
  for (const { owner, template } of inv.pods()) {
    const labels = template.metadata?.labels ?? {};
    for (const key of ['app', 'version']) {
      if (!labels[key]) problems.push(`${at(owner, `spec.template.metadata.labels.${key}`)}: is missing (Istio subsets and Kiali read it)`);
      if (owner.resource.metadata.labels?.[key] !== labels[key]) {
        problems.push(`${at(owner, `metadata.labels.${key}`)}: must equal the pod template's (${labels[key]})`);
      }
    }
    const selector = (owner.resource.spec as { selector?: { matchLabels?: Labels } }).selector?.matchLabels;
    if (!selects(selector, labels)) {
      problems.push(`${at(owner, 'spec.selector.matchLabels')}: ${show(selector)} does not match the pod template labels ${show(labels)}`);
    }
    const account = template.spec.serviceAccountName;
    if (!account) problems.push(`${at(owner, 'spec.template.spec.serviceAccountName')}: is missing (each workload has its own identity)`);
    else if (!accounts.has(account)) problems.push(`${at(owner, 'spec.template.spec.serviceAccountName')}: ServiceAccount ${account} does not exist`);
  }
  return problems;
};

const services: Check = (inv) => {
  const problems: string[] = [];
  for (const service of inv.all('Service')) {
    const spec = service.resource.spec as { selector?: Labels; ports: ServicePort[] };
    for (const key of ['app', 'service']) {
      // Selective apply (kubectl apply -l service=reviews) and Kiali rely on them.
      if (!service.resource.metadata.labels?.[key]) problems.push(`${at(service, `metadata.labels.${key}`)}: is missing`);
    }
    const pods = inv.podsSelectedBy(spec.selector);
    if (pods.length === 0) {
      problems.push(`${at(service, 'spec.selector')}: ${show(spec.selector)} selects no pod`);
      continue;
    }
    spec.ports.forEach((port, i) => {
      const target = port.targetPort ?? port.port;
      for (const { owner, template } of pods) {
        const found = template.spec.containers.some((c) =>
          (c.ports ?? []).some((p) => (typeof target === 'string' ? p.name === target : p.containerPort === target)),
        );
        if (!found) problems.push(`${at(service, `spec.ports[${i}].targetPort`)}: ${target} is not a container port of ${owner.resource.metadata.name}`);
      }
    });
  }
  for (const budget of inv.all('PodDisruptionBudget')) {
    const selector = (budget.resource.spec as { selector?: { matchLabels?: Labels } }).selector?.matchLabels;
    if (inv.podsSelectedBy(selector).length === 0) problems.push(`${at(budget, 'spec.selector.matchLabels')}: ${show(selector)} selects no pod`);
  }
  return problems;
};

const portNames: Check = (inv) => {
  const problems: string[] = [];
  for (const service of inv.all('Service')) {
    (service.resource.spec as { ports: ServicePort[] }).ports.forEach((port, i) => {
      const name = port.name ?? '';
      const protocol = istioPortName.exec(name)?.[1];
      if (!protocol && !port.appProtocol) {
        problems.push(`${at(service, `spec.ports[${i}].name`)}: "${name}" does not tell Istio the protocol (use http, tcp, ... or set appProtocol)`);
      }
      if (protocol?.startsWith('http') && port.appProtocol !== protocol) {
        problems.push(`${at(service, `spec.ports[${i}].appProtocol`)}: must be ${protocol} for a port named ${name}`);
      }
    });
  }
  return problems;
};

function virtualServiceRoutes(item: Rendered): { field: string; route: RouteDestination[]; http?: HttpRoute }[] {
  const spec = item.resource.spec as { http?: HttpRoute[]; tcp?: { route?: RouteDestination[] }[]; tls?: { route?: RouteDestination[] }[] };
  return (['http', 'tcp', 'tls'] as const).flatMap((kind) =>
    (spec[kind] ?? []).map((entry, i) => ({
      field: `spec.${kind}[${i}].route`,
      route: entry.route ?? [],
      http: kind === 'http' ? (entry as HttpRoute) : undefined,
    })),
  );
}

const routeDestinations: Check = (inv) => {
  const problems: string[] = [];
  const istioGateways = new Set(inv.all('Gateway', 'networking.istio.io').map(({ resource }) => resource.metadata.name));
  for (const vs of inv.all('VirtualService')) {
    const spec = vs.resource.spec as { hosts?: string[]; gateways?: string[] };
    (spec.gateways ?? []).forEach((gateway, i) => {
      const name = gateway.replace(new RegExp(`^${inv.namespace}/`), '');
      if (name !== 'mesh' && !istioGateways.has(name)) problems.push(`${at(vs, `spec.gateways[${i}]`)}: Gateway ${gateway} does not exist`);
    });
    if (!spec.gateways) {
      (spec.hosts ?? []).forEach((host, i) => {
        const target = inv.resolveHost(host);
        if (!target.service && !target.serviceEntry) problems.push(`${at(vs, `spec.hosts[${i}]`)}: ${host} is neither a Service nor a ServiceEntry host`);
      });
    }
    for (const { field, route } of virtualServiceRoutes(vs)) {
      route.forEach(({ destination }, j) => {
        const where = `${field}[${j}].destination`;
        const target = inv.resolveHost(destination.host);
        if (!target.service && !target.serviceEntry) {
          problems.push(`${at(vs, `${where}.host`)}: ${destination.host} is neither a Service nor a ServiceEntry host`);
          return;
        }
        const ports = inv.portsOf(target);
        const port = destination.port?.number;
        if (port !== undefined && !ports.includes(port)) {
          problems.push(`${at(vs, `${where}.port.number`)}: ${destination.host} has no port ${port} (it has ${ports.join(', ')})`);
        }
        if (port === undefined && ports.length > 1) {
          problems.push(`${at(vs, `${where}.port`)}: ${destination.host} has several ports, name one`);
        }
      });
    }
  }
  for (const rule of inv.all('DestinationRule')) {
    const host = (rule.resource.spec as { host: string }).host;
    const target = inv.resolveHost(host);
    if (!target.service && !target.serviceEntry) problems.push(`${at(rule, 'spec.host')}: ${host} is neither a Service nor a ServiceEntry host`);
  }
  const gatewayApiGateways = inv.all('Gateway', 'gateway.networking.k8s.io');
  for (const route of inv.all('HTTPRoute')) {
    const spec = route.resource.spec as { parentRefs?: ParentRef[]; rules?: HttpRouteRule[] };
    (spec.parentRefs ?? []).forEach((parent, i) => {
      const where = `spec.parentRefs[${i}]`;
      if ((parent.kind ?? 'Gateway') === 'Gateway') {
        const gateway = gatewayApiGateways.find(({ resource }) => resource.metadata.name === parent.name);
        const listeners = (gateway?.resource.spec as { listeners?: { name: string }[] } | undefined)?.listeners ?? [];
        if (!gateway) problems.push(`${at(route, `${where}.name`)}: Gateway ${parent.name} does not exist`);
        else if (parent.sectionName && !listeners.some((l) => l.name === parent.sectionName)) {
          problems.push(`${at(route, `${where}.sectionName`)}: Gateway ${parent.name} has no listener ${parent.sectionName}`);
        }
      } else {
        problems.push(...serviceReference(inv, route, where, parent));
      }
    });
    (spec.rules ?? []).forEach((rule, i) =>
      (rule.backendRefs ?? []).forEach((backend, j) =>
        problems.push(...serviceReference(inv, route, `spec.rules[${i}].backendRefs[${j}]`, backend)),
      ),
    );
  }
  return problems;
};

function serviceReference(inv: Inventory, item: Rendered, where: string, ref: { group?: string; kind?: string; name: string; port?: number }): string[] {
  if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') {
    return [`${at(item, `${where}.kind`)}: only core Services are expected here, not ${ref.group}/${ref.kind}`];
  }
  const service = inv.named('Service', ref.name);
  if (!service) return [`${at(item, `${where}.name`)}: Service ${ref.name} does not exist`];
  const ports = inv.portsOf({ service });
  if (ref.port === undefined || !ports.includes(ref.port)) {
    return [`${at(item, `${where}.port`)}: Service ${ref.name} has no port ${ref.port ?? '(none given)'} (it has ${ports.join(', ')})`];
  }
  return [];
}

const subsets: Check = (inv) => {
  const problems: string[] = [];
  for (const vs of inv.all('VirtualService')) {
    for (const { field, route } of virtualServiceRoutes(vs)) {
      route.forEach(({ destination }, j) => {
        if (!destination.subset) return;
        const where = `${field}[${j}].destination.subset`;
        const { service } = inv.resolveHost(destination.host);
        const rules = inv.all('DestinationRule').filter(({ resource }) => {
          const target = inv.resolveHost((resource.spec as { host: string }).host);
          return target.service !== undefined && target.service === service;
        });
        const subset = rules
          .flatMap(({ resource }) => (resource.spec as { subsets?: { name: string; labels?: Labels }[] }).subsets ?? [])
          .find(({ name }) => name === destination.subset);
        if (!service || !subset) {
          problems.push(`${at(vs, where)}: no DestinationRule for ${destination.host} defines subset ${destination.subset}`);
          return;
        }
        const selector = { ...(service.resource.spec as { selector?: Labels }).selector, ...subset.labels };
        if (inv.podsSelectedBy(selector).length === 0) {
          problems.push(`${at(vs, where)}: subset ${destination.subset} of ${destination.host} ${show(selector)} selects no Deployment`);
        }
      });
    }
  }
  // Every subset, used by a route or not: istioctl analyze reports IST0173 for one selecting no pod.
  for (const rule of inv.all('DestinationRule')) {
    const spec = rule.resource.spec as { host: string; subsets?: { name: string; labels?: Labels }[] };
    const { service } = inv.resolveHost(spec.host);
    if (!service) continue;
    (spec.subsets ?? []).forEach((subset, i) => {
      const selector = { ...(service.resource.spec as { selector?: Labels }).selector, ...subset.labels };
      if (inv.podsSelectedBy(selector).length === 0) {
        problems.push(`${at(rule, `spec.subsets[${i}]`)}: subset ${subset.name} of ${spec.host} ${show(selector)} selects no pod (istioctl analyze: IST0173); add it where that version is deployed`);
      }
    });
  }
  return problems;
};

function weightProblems(item: Rendered, field: string, weights: (number | undefined)[]): string[] {
  if (weights.length === 1) {
    return weights[0] === undefined || weights[0] === 100 ? [] : [`${at(item, `${field}[0].weight`)}: a single destination takes 100, not ${weights[0]}`];
  }
  if (weights.length === 0) return [];
  if (weights.some((w) => w === undefined)) return [`${at(item, field)}: every destination of a split needs a weight`];
  const sum = weights.reduce<number>((total, w) => total + (w ?? 0), 0);
  return sum === 100 ? [] : [`${at(item, field)}: weights ${weights.join(' + ')} add up to ${sum}, not 100`];
}

const routeWeights: Check = (inv) => [
  ...inv.all('VirtualService').flatMap((vs) =>
    virtualServiceRoutes(vs).flatMap(({ field, route }) => weightProblems(vs, field, route.map((r) => r.weight))),
  ),
  ...inv.all('HTTPRoute').flatMap((route) =>
    ((route.resource.spec as { rules?: HttpRouteRule[] }).rules ?? []).flatMap((rule, i) =>
      weightProblems(route, `spec.rules[${i}].backendRefs`, (rule.backendRefs ?? []).map((b) => b.weight)),
    ),
  ),
];

const headerMatches: Check = (inv) => {
  const problems: string[] = [];
  const rule = 'routing by user matches the header end-user exactly (productpage sets it after login)';
  for (const vs of inv.all('VirtualService')) {
    for (const { field, http } of virtualServiceRoutes(vs)) {
      (http?.match ?? []).forEach((match, k) => {
        for (const [name, condition] of Object.entries(match.headers ?? {})) {
          const where = `${field.replace(/\.route$/, '')}.match[${k}].headers.${name}`;
          if (name !== 'end-user' || Object.keys(condition).join() !== 'exact') problems.push(`${at(vs, where)}: ${rule}`);
        }
      });
    }
  }
  for (const route of inv.all('HTTPRoute')) {
    ((route.resource.spec as { rules?: HttpRouteRule[] }).rules ?? []).forEach((r, i) =>
      (r.matches ?? []).forEach((match, k) =>
        (match.headers ?? []).forEach((header, h) => {
          if (header.name !== 'end-user' || (header.type ?? 'Exact') !== 'Exact') {
            problems.push(`${at(route, `spec.rules[${i}].matches[${k}].headers[${h}]`)}: ${rule}`);
          }
        }),
      ),
    );
  }
  return problems;
};

export function containersOf(template: PodTemplate): { field: string; container: Container }[] {
  return [
    ...template.spec.containers.map((container, i) => ({ field: `spec.template.spec.containers[${i}]`, container })),
    ...(template.spec.initContainers ?? []).map((container, i) => ({ field: `spec.template.spec.initContainers[${i}]`, container })),
  ];
}

/** An image reference split into its name and tag. */
export function splitImage(image: string): { name: string; tag?: string } {
  const match = /^(.*?)(?::([^/:@]+))?$/.exec(image) as RegExpExecArray;
  return { name: match[1], tag: match[2] };
}

const images: Check = (inv) => {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const { owner, template } of inv.pods()) {
    for (const { field, container } of containersOf(template)) {
      const image = container.image ?? '';
      const { name, tag } = splitImage(image);
      used.add(name);
      if (inv.artifacts.includes(name)) {
        if (tag !== inv.imageTag) {
          problems.push(
            inv.imageTag
              ? `${at(owner, `${field}.image`)}: ${image} must carry the project version, ${name}:${inv.imageTag} (the tag \`npm run images\` builds)`
              : `${at(owner, `${field}.image`)}: ${image} must be the bare name ${name} in what Skaffold renders (Skaffold leaves tagged images alone)`,
          );
        }
        if (container.imagePullPolicy !== 'IfNotPresent') {
          problems.push(`${at(owner, `${field}.imagePullPolicy`)}: must be IfNotPresent, so that images built or loaded locally are used`);
        }
        continue;
      }
      if (image.startsWith('bookinfo/')) {
        problems.push(`${at(owner, `${field}.image`)}: ${image} is not a Skaffold artifact (${inv.artifacts.join(', ')})`);
      } else if (!image.includes('@sha256:') && (!tag || tag === 'latest')) {
        problems.push(`${at(owner, `${field}.image`)}: ${image} is neither a Skaffold artifact nor pinned to a version`);
      }
    }
  }
  for (const artifact of inv.artifacts) {
    if (!used.has(artifact)) problems.push(`skaffold.yaml: build.artifacts image ${artifact} is not used by any container`);
  }
  return problems;
};

const principals: Check = (inv) => {
  const problems: string[] = [];
  const accounts = new Set(inv.all('ServiceAccount').map(({ resource }) => resource.metadata.name));
  const gateways = inv.gatewayApiGateways();
  // Istio runs a Gateway API gateway under the ServiceAccount <gateway>-istio.
  for (const gateway of gateways) accounts.add(`${gateway}-istio`);
  const selectsWorkload = (labels: Labels | undefined) =>
    inv.podsSelectedBy(labels).length > 0 ||
    (Object.keys(labels ?? {}).join() === gatewayNameLabel && gateways.includes(labels?.[gatewayNameLabel] ?? ''));
  const trustDomains = new Map<string, string>();
  for (const policy of inv.all('AuthorizationPolicy')) {
    const spec = policy.resource.spec as {
      selector?: { matchLabels?: Labels };
      rules?: { from?: { source?: { principals?: string[]; notPrincipals?: string[] } }[] }[];
    };
    if (spec.selector && !selectsWorkload(spec.selector.matchLabels)) {
      problems.push(`${at(policy, 'spec.selector.matchLabels')}: ${show(spec.selector.matchLabels)} selects no workload`);
    }
    (spec.rules ?? []).forEach((rule, i) =>
      (rule.from ?? []).forEach((from, j) =>
        (['principals', 'notPrincipals'] as const).forEach((key) =>
          (from.source?.[key] ?? []).forEach((principal, k) => {
            const where = `spec.rules[${i}].from[${j}].source.${key}[${k}]`;
            const match = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
            if (!match) {
              problems.push(`${at(policy, where)}: ${principal} is not <trust domain>/ns/<namespace>/sa/<ServiceAccount>`);
              return;
            }
            const [, trustDomain, ns, account] = match;
            trustDomains.set(trustDomain, at(policy, where));
            if (ns === inv.namespace ? !accounts.has(account) : !istioProvidedIdentities.has(`${ns}/${account}`)) {
              problems.push(`${at(policy, where)}: ServiceAccount ${account} does not exist in namespace ${ns}`);
            }
          }),
        ),
      ),
    );
  }
  for (const sidecar of inv.all('Sidecar')) {
    const labels = (sidecar.resource.spec as { workloadSelector?: { labels?: Labels } }).workloadSelector?.labels;
    if (labels && !selectsWorkload(labels)) problems.push(`${at(sidecar, 'spec.workloadSelector.labels')}: ${show(labels)} selects no workload`);
  }
  // One mesh, one trust domain (the setting in istio/zero-trust/settings.yaml).
  if (trustDomains.size > 1) {
    problems.push(
      `${[...trustDomains.values()][1]}: principals use several trust domains (${[...trustDomains.keys()].join(', ')}); every component must take istio/zero-trust/settings.yaml's`,
    );
  }
  return problems;
};

const podSecurity: Check = (inv) => {
  const problems: string[] = [];
  for (const { owner, template } of inv.pods()) {
    const pod = template.spec.securityContext ?? {};
    if (template.metadata?.annotations?.['sidecar.istio.io/rewriteAppHTTPProbers'] === 'false') {
      problems.push(`${at(owner, 'spec.template.metadata.annotations')}: probe rewriting must stay on, or STRICT mTLS blocks the kubelet's probes`);
    }
    for (const { field, container } of containersOf(template)) {
      const own = container.securityContext ?? {};
      const uid = own.runAsUser ?? pod.runAsUser;
      const fail = (key: string, why: string) => problems.push(`${at(owner, `${field}.${key}`)}: ${why}`);
      if (uid === undefined) fail('securityContext.runAsUser', 'must be set (pod or container)');
      else if (uid === 0) fail('securityContext.runAsUser', 'must not be root (0)');
      else if (uid === sidecarUid) fail('securityContext.runAsUser', `must not be ${sidecarUid}: Istio exempts that UID from traffic capture`);
      if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true) fail('securityContext.runAsNonRoot', 'must be true');
      if (own.allowPrivilegeEscalation !== false) fail('securityContext.allowPrivilegeEscalation', 'must be false');
      if (own.readOnlyRootFilesystem !== true) fail('securityContext.readOnlyRootFilesystem', 'must be true');
      if (!own.capabilities?.drop?.includes('ALL')) fail('securityContext.capabilities.drop', 'must include ALL');
      if ((own.seccompProfile ?? pod.seccompProfile)?.type !== 'RuntimeDefault') fail('securityContext.seccompProfile.type', 'must be RuntimeDefault');
      for (const kind of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory']) {
          if (!container.resources?.[kind]?.[resource]) fail(`resources.${kind}.${resource}`, 'must be set');
        }
      }
    }
  }
  return problems;
};

function envValue(container: Container, name: string): number {
  return Number(container.env?.find((e) => e.name === name)?.value);
}

/** The contract every Bookinfo image (a Skaffold artifact) follows. */
const bookinfoContainers: Check = (inv) => {
  const problems: string[] = [];
  for (const { owner, template } of inv.pods()) {
    for (const { field, container } of containersOf(template)) {
      if (!inv.artifacts.includes(splitImage(container.image ?? '').name)) continue;
      const fail = (key: string, why: string) => problems.push(`${at(owner, `${field}.${key}`)}: ${why}`);
      if (!container.ports?.some((p) => p.name === 'http' && p.containerPort === 9080)) fail('ports', 'must declare 9080 named http');
      for (const [probe, path] of [['readinessProbe', '/health/ready'], ['livenessProbe', '/health/live']] as const) {
        const get = container[probe]?.httpGet;
        if (get?.path !== path || (get.port !== 'http' && get.port !== 9080)) fail(`${probe}.httpGet`, `must GET ${path} on port http`);
      }
      const drainSeconds = (envValue(container, 'SHUTDOWN_DELAY_MS') + envValue(container, 'SHUTDOWN_TIMEOUT_MS')) / 1000;
      const grace = template.spec.terminationGracePeriodSeconds ?? 30;
      if (Number.isNaN(drainSeconds)) fail('env', 'must set SHUTDOWN_DELAY_MS and SHUTDOWN_TIMEOUT_MS');
      else if (grace <= drainSeconds) {
        problems.push(`${at(owner, 'spec.template.spec.terminationGracePeriodSeconds')}: ${grace} s must exceed the ${drainSeconds} s drain`);
      }
      const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
      if (!template.spec.volumes?.find((v) => v.name === tmp?.name)?.emptyDir) fail('volumeMounts', 'must mount an emptyDir at /tmp');
      // Istio's metrics merging reads these and serves the app's metrics with the proxy's.
      const expected = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9080', 'prometheus.io/path': '/metrics' };
      for (const [key, value] of Object.entries(expected)) {
        if (template.metadata?.annotations?.[key] !== value) {
          problems.push(`${at(owner, `spec.template.metadata.annotations.${key}`)}: must be "${value}" (Prometheus scrapes /metrics)`);
        }
      }
    }
  }
  return problems;
};

const configReferences: Check = (inv) => {
  const problems: string[] = [];
  const keysOf = (kind: string, name: string) => {
    const found = inv.named(kind, name);
    return found ? Object.keys({ ...(found.resource.data as object), ...(found.resource.stringData as object) }) : undefined;
  };
  for (const { owner, template } of inv.pods()) {
    for (const { field, container } of containersOf(template)) {
      (container.env ?? []).forEach((env, i) => {
        for (const [kind, ref] of [['Secret', env.valueFrom?.secretKeyRef], ['ConfigMap', env.valueFrom?.configMapKeyRef]] as const) {
          if (!ref || ref.optional) continue;
          const keys = keysOf(kind, ref.name);
          if (!keys) problems.push(`${at(owner, `${field}.env[${i}].valueFrom`)}: ${kind} ${ref.name} does not exist`);
          else if (!keys.includes(ref.key)) problems.push(`${at(owner, `${field}.env[${i}].valueFrom`)}: ${kind} ${ref.name} has no key ${ref.key}`);
        }
      });
    }
    (template.spec.volumes ?? []).forEach((volume, i) => {
      const [kind, name] = volume.configMap ? ['ConfigMap', volume.configMap.name] : volume.secret ? ['Secret', volume.secret.secretName] : [];
      if (kind && name && !keysOf(kind, name)) problems.push(`${at(owner, `spec.template.spec.volumes[${i}]`)}: ${kind} ${name} does not exist`);
    });
  }
  return problems;
};

const ingress: Check = (inv) => {
  const problems: string[] = [];
  const exposed: { item: Rendered; paths: string[]; backends: string[] }[] = [];
  for (const gateway of inv.all('Gateway', 'networking.istio.io')) {
    const spec = gateway.resource.spec as { selector?: Labels; servers?: { port?: { number?: number } }[] };
    const install = ingressGatewayInstalls[spec.selector?.istio ?? ''];
    if (!install || Object.keys(spec.selector ?? {}).length !== 1) {
      problems.push(`${at(gateway, 'spec.selector')}: must select istio: ingressgateway (istioctl) or istio: ingress (Helm)`);
      continue;
    }
    (spec.servers ?? []).forEach((server, i) => {
      if (server.port?.number !== install.port) {
        problems.push(`${at(gateway, `spec.servers[${i}].port.number`)}: the ingress gateway of ${install.install} listens on ${install.port}, not ${server.port?.number}`);
      }
    });
  }
  for (const gateway of inv.all('Gateway', 'gateway.networking.k8s.io')) {
    const className = (gateway.resource.spec as { gatewayClassName?: string }).gatewayClassName;
    if (className !== 'istio' && className !== waypointClass) problems.push(`${at(gateway, 'spec.gatewayClassName')}: must be istio (or ${waypointClass} for a waypoint)`);
  }
  for (const vs of inv.all('VirtualService')) {
    const gateways = (vs.resource.spec as { gateways?: string[] }).gateways ?? [];
    if (!gateways.some((g) => g !== 'mesh')) continue;
    const routes = virtualServiceRoutes(vs);
    exposed.push({
      item: vs,
      paths: routes.flatMap(({ http }) =>
        (http?.match ?? []).map(({ uri }) => Object.entries(uri ?? {}).map(([type, value]) => `${type === 'exact' ? 'Exact' : 'Prefix'} ${value}`).join()),
      ),
      backends: routes.flatMap(({ route }) => route.map(({ destination }) => `${destination.host}:${destination.port?.number}`)),
    });
  }
  for (const route of inv.all('HTTPRoute')) {
    const spec = route.resource.spec as { parentRefs?: ParentRef[]; rules?: HttpRouteRule[] };
    if (!spec.parentRefs?.some((p) => (p.kind ?? 'Gateway') === 'Gateway')) continue;
    exposed.push({
      item: route,
      paths: (spec.rules ?? []).flatMap((rule) =>
        (rule.matches ?? []).map(({ path }) => `${path?.type === 'PathPrefix' ? 'Prefix' : path?.type} ${path?.value}`),
      ),
      backends: (spec.rules ?? []).flatMap((rule) => (rule.backendRefs ?? []).map((b) => `${b.name}:${b.port}`)),
    });
  }
  if (exposed.length === 0) problems.push('(render): nothing routes the ingress gateway to productpage');
  for (const { item, paths, backends } of exposed) {
    if ([...paths].sort().join('|') !== [...ingressPaths].sort().join('|')) {
      problems.push(`${at(item, 'spec')}: exposes [${paths.join(', ')}], expected [${ingressPaths.join(', ')}]`);
    }
    if (backends.some((b) => b !== 'productpage:9080')) problems.push(`${at(item, 'spec')}: routes to ${backends.join(', ')}, expected productpage:9080 only`);
  }
  return problems;
};

/**
 * The TLS a DestinationRule asks client sidecars to originate must be what the server speaks:
 * Istio mTLS inside the mesh (or nothing, leaving it to auto mTLS, which STRICT requires),
 * never Istio mTLS to an external host.
 */
const tlsModes: Check = (inv) => {
  const problems: string[] = [];
  const strict = inv.all('PeerAuthentication').some(({ resource }) => (resource.spec as { mtls?: { mode?: string } }).mtls?.mode === 'STRICT');
  type Tls = { tls?: { mode?: string } };
  for (const rule of inv.all('DestinationRule')) {
    const spec = rule.resource.spec as { host: string; trafficPolicy?: Tls & { portLevelSettings?: Tls[] }; subsets?: { trafficPolicy?: Tls }[] };
    const settings = [
      { field: 'spec.trafficPolicy.tls.mode', tls: spec.trafficPolicy?.tls },
      ...(spec.trafficPolicy?.portLevelSettings ?? []).map((p, i) => ({ field: `spec.trafficPolicy.portLevelSettings[${i}].tls.mode`, tls: p.tls })),
      ...(spec.subsets ?? []).map((s, i) => ({ field: `spec.subsets[${i}].trafficPolicy.tls.mode`, tls: s.trafficPolicy?.tls })),
    ];
    const { service, serviceEntry } = inv.resolveHost(spec.host);
    const external = (serviceEntry?.resource.spec as { location?: string } | undefined)?.location === 'MESH_EXTERNAL';
    for (const { field, tls } of settings) {
      const mode = tls?.mode;
      if (!mode) continue;
      if (external && mode === 'ISTIO_MUTUAL') problems.push(`${at(rule, field)}: ${spec.host} is outside the mesh and cannot speak Istio mTLS`);
      if (service && strict && mode !== 'ISTIO_MUTUAL') problems.push(`${at(rule, field)}: ${mode} to ${spec.host} breaks the STRICT PeerAuthentication (use ISTIO_MUTUAL)`);
    }
  }
  return problems;
};

/**
 * Ambient mode (a waypoint in the render): each waypoint is an HBONE listener on 15008 that some
 * Service uses, each istio.io/use-waypoint label names one, and the mesh routes belong to Services
 * that use one (without a waypoint nothing applies L7 routes). Sidecar resources do nothing there.
 */
const ambient: Check = (inv) => {
  const problems: string[] = [];
  const waypoints = inv.waypoints();
  const names = waypoints.map(({ resource }) => resource.metadata.name);
  const used = new Set<string>();
  for (const service of inv.all('Service')) {
    const waypoint = service.resource.metadata.labels?.[useWaypointLabel];
    if (waypoint === undefined) continue;
    used.add(waypoint);
    if (!names.includes(waypoint)) problems.push(`${at(service, `metadata.labels.${useWaypointLabel}`)}: waypoint ${waypoint} does not exist`);
  }
  for (const waypoint of waypoints) {
    const listeners = (waypoint.resource.spec as { listeners?: { name?: string; port?: number; protocol?: string }[] }).listeners ?? [];
    if (!listeners.some((l) => l.port === 15008 && l.protocol === 'HBONE')) {
      problems.push(`${at(waypoint, 'spec.listeners')}: a waypoint listens with protocol HBONE on port 15008`);
    }
    if (!used.has(waypoint.resource.metadata.name)) {
      problems.push(`${at(waypoint, '')}: no Service sends its traffic through it (label ${useWaypointLabel}: ${waypoint.resource.metadata.name})`);
    }
  }
  if (waypoints.length === 0) return problems;
  for (const route of inv.all('HTTPRoute')) {
    ((route.resource.spec as { parentRefs?: ParentRef[] }).parentRefs ?? []).forEach((parent, i) => {
      if ((parent.kind ?? 'Gateway') !== 'Service') return;
      const service = inv.named('Service', parent.name);
      if (service && !service.resource.metadata.labels?.[useWaypointLabel]) {
        problems.push(`${at(route, `spec.parentRefs[${i}]`)}: in ambient mode a route for Service ${parent.name} needs a waypoint (label ${useWaypointLabel} on the Service)`);
      }
    });
  }
  for (const sidecar of inv.all('Sidecar')) problems.push(`${at(sidecar, '')}: Sidecar resources have no effect in ambient mode`);
  return problems;
};

/** Telemetry: the tracing sampling is a percentage, and the spans go to a named provider. */
const telemetry: Check = (inv) => {
  const problems: string[] = [];
  for (const item of inv.all('Telemetry')) {
    const tracing = (item.resource.spec as { tracing?: { providers?: { name?: string }[]; randomSamplingPercentage?: number }[] }).tracing ?? [];
    tracing.forEach((entry, i) => {
      const rate = entry.randomSamplingPercentage;
      if (rate === undefined || !(rate > 0 && rate <= 100)) {
        problems.push(`${at(item, `spec.tracing[${i}].randomSamplingPercentage`)}: must be above 0 and at most 100, not ${rate}`);
      }
      if (!entry.providers?.length || entry.providers.some((p) => !p.name)) {
        problems.push(`${at(item, `spec.tracing[${i}].providers`)}: name the tracing provider (meshConfig.extensionProviders) the spans go to`);
      }
    });
  }
  return problems;
};

/** Every cross-reference check, by name. */
export const checks: Record<string, Check> = {
  namespace,
  workloads,
  services,
  portNames,
  routeDestinations,
  subsets,
  routeWeights,
  headerMatches,
  images,
  principals,
  podSecurity,
  bookinfoContainers,
  configReferences,
  ingress,
  tlsModes,
  ambient,
  telemetry,
};

export function crossReferenceProblems(inventory: Inventory): string[] {
  return Object.values(checks).flatMap((check) => check(inventory));
}

