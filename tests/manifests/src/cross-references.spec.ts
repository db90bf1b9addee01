import { Inventory, checks, type Check } from './support/cross-references';
import { overlay, projectVersion } from './support/compositions';
import { mapLimit, render, type Rendered, type Resource } from './support/kustomize';
import { describeIfAvailable, kubectlMissing } from './support/prerequisites';
import { artifactsOf, readSkaffold } from './support/skaffold';

/*
 * Each cross-reference check must be able to fail: feed it a broken copy of a real rendered
 * overlay and expect the problem, naming the file, the object and the field.
 */

const sources = ['default', 'details-v2-egress', 'reviews-test-v2', 'reviews-50-v3', 'zero-trust', 'mysql', 'gateway-api-reviews-90-10', 'gateway-api-zero-trust', 'ingress-helm', 'zero-trust-ingress-helm', 'ambient-reviews-v2-v3', 'tracing'] as const;
type Source = (typeof sources)[number];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of copies of YAML trees
type Spec = Record<string, any>;

function find(items: Rendered[], kind: string, name: string): Resource & { spec: Spec } {
  const found = items.find(({ resource }) => resource.kind === kind && resource.metadata.name === name);
  if (!found) throw new Error(`test setup: no ${kind} ${name}`);
  return found.resource as Resource & { spec: Spec };
}

const container = (items: Rendered[], deployment: string): Spec => find(items, 'Deployment', deployment).spec.template.spec.containers[0];

interface Breakage {
  check: string;
  what: string;
  source: Source;
  edit: (items: Rendered[]) => void;
  artifacts?: (artifacts: string[]) => string[];
  /** Check the broken copy as a Skaffold render (bare image names) instead of a kubectl one. */
  asSkaffoldRender?: boolean;
  expected: RegExp;
}

const sidecarIn = (namespace: string): Rendered => ({
  resource: { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'extra', namespace }, spec: {} },
  origin: 'test',
});
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const breakages: Breakage[] = [
  { check: 'namespace', what: 'Namespace deployed with Bookinfo', source: 'default', edit: (i) => i.unshift({ resource: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookinfo' } }, origin: 'manifests/base/namespace.yaml' }), expected: /base\/namespace\.yaml: Namespace .*bookinfo : must not be deployed with Bookinfo \(scripts\/k8s-prepare\.sh creates and labels it\)/ },
  { check: 'namespace', what: 'resource in another namespace', source: 'default', edit: (i) => (find(i, 'Service', 'details').metadata.namespace = 'default'), expected: /Service default\/details metadata\.namespace: must be bookinfo/ },
  { check: 'workloads', what: 'typo in serviceAccountName', source: 'default', edit: (i) => (find(i, 'Deployment', 'reviews-v2').spec.template.spec.serviceAccountName = 'bookinfo-reviewz'), expected: /base\/reviews\.yaml: Deployment bookinfo\/reviews-v2 spec\.template\.spec\.serviceAccountName: ServiceAccount bookinfo-reviewz does not exist/ },
  { check: 'workloads', what: 'pod without version label', source: 'default', edit: (i) => delete find(i, 'Deployment', 'ratings-v1').spec.template.metadata.labels.version, expected: /ratings-v1 spec\.template\.metadata\.labels\.version: is missing/ },
  { check: 'workloads', what: 'ServiceAccount without account label', source: 'default', edit: (i) => delete find(i, 'ServiceAccount', 'bookinfo-details').metadata.labels, expected: /ServiceAccount bookinfo\/bookinfo-details metadata\.labels\.account: is missing/ },
  { check: 'services', what: 'wrong selector', source: 'default', edit: (i) => (find(i, 'Service', 'reviews').spec.selector = { app: 'review' }), expected: /base\/reviews\.yaml: Service bookinfo\/reviews spec\.selector: \{app=review\} selects no pod/ },
  { check: 'services', what: 'Service without its service label', source: 'default', edit: (i) => delete find(i, 'Service', 'productpage').metadata.labels?.service, expected: /base\/productpage\.yaml: Service bookinfo\/productpage metadata\.labels\.service: is missing/ },
  { check: 'services', what: 'typo in targetPort', source: 'default', edit: (i) => (find(i, 'Service', 'details').spec.ports[0].targetPort = 'htp'), expected: /Service bookinfo\/details spec\.ports\[0\]\.targetPort: htp is not a container port of details-v1/ },
  { check: 'services', what: 'budget selecting nothing', source: 'default', edit: (i) => (find(i, 'PodDisruptionBudget', 'ratings').spec.selector.matchLabels.app = 'rating'), expected: /PodDisruptionBudget bookinfo\/ratings spec\.selector\.matchLabels: \{app=rating\} selects no pod/ },
  { check: 'portNames', what: 'port name Istio cannot read', source: 'default', edit: (i) => Object.assign(find(i, 'Service', 'ratings').spec.ports[0], { name: 'web', appProtocol: undefined }), expected: /Service bookinfo\/ratings spec\.ports\[0\]\.name: "web" does not tell Istio the protocol/ },
  { check: 'portNames', what: 'http port without appProtocol', source: 'default', edit: (i) => delete find(i, 'Service', 'ratings').spec.ports[0].appProtocol, expected: /spec\.ports\[0\]\.appProtocol: must be http/ },
  { check: 'routeDestinations', what: 'route to a missing Service', source: 'reviews-50-v3', edit: (i) => (find(i, 'VirtualService', 'reviews').spec.http[0].route[1].destination.host = 'reviewz'), expected: /istio\/scenarios\/reviews-50-v3\/virtual-service-reviews\.yaml \(patch of manifests\/istio\/scenarios\/all-v1\/virtual-services\.yaml\): VirtualService bookinfo\/reviews spec\.http\[0\]\.route\[1\]\.destination\.host: reviewz is neither a Service nor a ServiceEntry host/ },
  { check: 'routeDestinations', what: 'route to a missing port', source: 'default', edit: (i) => (find(i, 'VirtualService', 'bookinfo').spec.http[0].route[0].destination.port.number = 9081), expected: /istio\/ingress\/gateway\.yaml: VirtualService bookinfo\/bookinfo spec\.http\[0\]\.route\[0\]\.destination\.port\.number: productpage has no port 9081/ },
  { check: 'routeDestinations', what: 'VirtualService bound to a missing Gateway', source: 'default', edit: (i) => (find(i, 'VirtualService', 'bookinfo').spec.gateways = ['bookinfo-gateway-typo']), expected: /spec\.gateways\[0\]: Gateway bookinfo-gateway-typo does not exist/ },
  { check: 'routeDestinations', what: 'HTTPRoute to a missing Service', source: 'gateway-api-reviews-90-10', edit: (i) => (find(i, 'HTTPRoute', 'reviews').spec.rules[0].backendRefs[1].name = 'reviews-v4'), expected: /HTTPRoute bookinfo\/reviews spec\.rules\[0\]\.backendRefs\[1\]\.name: Service reviews-v4 does not exist/ },
  { check: 'routeDestinations', what: 'HTTPRoute on a missing listener', source: 'gateway-api-reviews-90-10', edit: (i) => (find(i, 'HTTPRoute', 'bookinfo').spec.parentRefs[0].sectionName = 'https'), expected: /spec\.parentRefs\[0\]\.sectionName: Gateway bookinfo-gateway has no listener https/ },
  { check: 'routeDestinations', what: 'mesh HTTPRoute on a missing port', source: 'gateway-api-reviews-90-10', edit: (i) => (find(i, 'HTTPRoute', 'reviews').spec.parentRefs[0].port = 80), expected: /spec\.parentRefs\[0\]\.port: Service reviews has no port 80/ },
  { check: 'subsets', what: 'dangling subset', source: 'reviews-test-v2', edit: (i) => find(i, 'DestinationRule', 'reviews').spec.subsets.splice(1, 1), expected: /istio\/scenarios\/reviews-test-v2\/virtual-service-reviews\.yaml \(patch of .*\): VirtualService bookinfo\/reviews spec\.http\[0\]\.route\[0\]\.destination\.subset: no DestinationRule for reviews defines subset v2/ },
  { check: 'subsets', what: 'subset selecting no Deployment', source: 'reviews-50-v3', edit: (i) => (find(i, 'DestinationRule', 'reviews').spec.subsets[2].labels.version = 'v9'), expected: /destination\.subset: subset v3 of reviews \{app=reviews, version=v9\} selects no Deployment/ },
  { check: 'subsets', what: 'subset of a version this overlay does not deploy (IST0173)', source: 'default', edit: (i) => find(i, 'DestinationRule', 'details').spec.subsets.push({ name: 'v2', labels: { version: 'v2' } }), expected: /istio\/destination-rules\/destination-rules\.yaml: DestinationRule bookinfo\/details spec\.subsets\[1\]: subset v2 of details \{app=details, version=v2\} selects no pod \(istioctl analyze: IST0173\)/ },
  { check: 'routeWeights', what: 'weights not adding up to 100', source: 'reviews-50-v3', edit: (i) => (find(i, 'VirtualService', 'reviews').spec.http[0].route[0].weight = 40), expected: /reviews-50-v3\/virtual-service-reviews\.yaml .*: VirtualService bookinfo\/reviews spec\.http\[0\]\.route: weights 40 \+ 50 add up to 90, not 100/ },
  { check: 'routeWeights', what: 'split without weights', source: 'reviews-50-v3', edit: (i) => delete find(i, 'VirtualService', 'reviews').spec.http[0].route[1].weight, expected: /every destination of a split needs a weight/ },
  { check: 'routeWeights', what: 'HTTPRoute weights not adding up to 100', source: 'gateway-api-reviews-90-10', edit: (i) => (find(i, 'HTTPRoute', 'reviews').spec.rules[0].backendRefs[1].weight = 20), expected: /HTTPRoute bookinfo\/reviews spec\.rules\[0\]\.backendRefs: weights 90 \+ 20 add up to 110, not 100/ },
  { check: 'headerMatches', what: 'capitalised header', source: 'reviews-test-v2', edit: (i) => { const match = find(i, 'VirtualService', 'reviews').spec.http[0].match[0]; match.headers = { 'End-User': match.headers['end-user'] }; }, expected: /spec\.http\[0\]\.match\[0\]\.headers\.End-User: routing by user matches the header end-user exactly/ },
  { check: 'headerMatches', what: 'prefix instead of exact', source: 'reviews-test-v2', edit: (i) => (find(i, 'VirtualService', 'reviews').spec.http[0].match[0].headers['end-user'] = { prefix: 'jason' }), expected: /headers\.end-user: routing by user matches the header end-user exactly/ },
  { check: 'images', what: 'image that Skaffold does not build', source: 'default', edit: (i) => (container(i, 'reviews-v3').image = 'bookinfo/reviewz'), expected: /Deployment bookinfo\/reviews-v3 spec\.template\.spec\.containers\[0\]\.image: bookinfo\/reviewz is not a Skaffold artifact/ },
  { check: 'images', what: 'untagged image where kubectl applies it', source: 'default', edit: (i) => (container(i, 'details-v1').image = 'bookinfo/details'), expected: new RegExp(`details-v1 spec\\.template\\.spec\\.containers\\[0\\]\\.image: bookinfo/details must carry the project version, bookinfo/details:${escaped(projectVersion)}`) },
  { check: 'images', what: 'image of another version', source: 'mysql', edit: (i) => (container(i, 'ratings-v2-mysql').image = 'bookinfo/ratings:0.0.9'), expected: /ratings-v2-mysql .*image: bookinfo\/ratings:0\.0\.9 must carry the project version/ },
  { check: 'images', what: 'tagged image where Skaffold renders it', source: 'default', edit: () => undefined, asSkaffoldRender: true, expected: /image: bookinfo\/productpage:.* must be the bare name bookinfo\/productpage in what Skaffold renders/ },
  { check: 'images', what: 'pull policy Always', source: 'default', edit: (i) => (container(i, 'reviews-v2').imagePullPolicy = 'Always'), expected: /reviews-v2 spec\.template\.spec\.containers\[0\]\.imagePullPolicy: must be IfNotPresent/ },
  { check: 'images', what: 'unpinned third-party image', source: 'mysql', edit: (i) => (container(i, 'mysqldb-v1').image = 'mysql:latest'), expected: /mysqldb-v1 spec\.template\.spec\.containers\[0\]\.image: mysql:latest is neither a Skaffold artifact nor pinned/ },
  { check: 'images', what: 'artifact nobody uses', source: 'default', edit: () => undefined, artifacts: (a) => [...a, 'bookinfo/mongodb'], expected: /skaffold\.yaml: build\.artifacts image bookinfo\/mongodb is not used by any container/ },
  { check: 'principals', what: 'principal naming a missing ServiceAccount', source: 'zero-trust', edit: (i) => (find(i, 'AuthorizationPolicy', 'ratings').spec.rules[0].from[0].source.principals[0] = 'cluster.local/ns/bookinfo/sa/bookinfo-reviewz'), expected: /istio\/zero-trust\/authorization-policies\.yaml: AuthorizationPolicy bookinfo\/ratings spec\.rules\[0\]\.from\[0\]\.source\.principals\[0\]: ServiceAccount bookinfo-reviewz does not exist in namespace bookinfo/ },
  { check: 'principals', what: 'gateway identity without its Gateway', source: 'gateway-api-zero-trust', edit: (i) => i.splice(i.findIndex(({ resource }) => resource.kind === 'Gateway'), 1), expected: /AuthorizationPolicy bookinfo\/productpage .*ServiceAccount bookinfo-gateway-istio does not exist/ },
  { check: 'principals', what: 'policy selecting nothing', source: 'zero-trust', edit: (i) => (find(i, 'AuthorizationPolicy', 'details').spec.selector.matchLabels.app = 'detail'), expected: /AuthorizationPolicy bookinfo\/details spec\.selector\.matchLabels: \{app=detail\} selects no workload/ },
  { check: 'principals', what: 'Sidecar selecting nothing', source: 'zero-trust', edit: (i) => (find(i, 'Sidecar', 'reviews').spec.workloadSelector.labels.app = 'review'), expected: /Sidecar bookinfo\/reviews spec\.workloadSelector\.labels: \{app=review\} selects no workload/ },
  { check: 'principals', what: 'policy mixing trust domains', source: 'zero-trust', edit: (i) => (find(i, 'AuthorizationPolicy', 'ratings').spec.rules[0].from[0].source.principals[1] = 'example.org/ns/bookinfo/sa/bookinfo-productpage'), expected: /principals use several trust domains \((cluster\.local, example\.org|example\.org, cluster\.local)\)/ },
  { check: 'principals', what: 'Helm gateway identity misspelt', source: 'zero-trust-ingress-helm', edit: (i) => (find(i, 'AuthorizationPolicy', 'productpage').spec.rules[0].from[0].source.principals[0] = 'cluster.local/ns/istio-ingress/sa/istio-ingres'), expected: /istio\/zero-trust-ingress-helm\/kustomization\.yaml|AuthorizationPolicy bookinfo\/productpage .*ServiceAccount istio-ingres does not exist in namespace istio-ingress/ },
  { check: 'podSecurity', what: 'container as root', source: 'default', edit: (i) => (container(i, 'details-v1').securityContext.runAsUser = 0), expected: /details-v1 spec\.template\.spec\.containers\[0\]\.securityContext\.runAsUser: must not be root/ },
  { check: 'podSecurity', what: 'container as the sidecar UID', source: 'default', edit: (i) => (find(i, 'Deployment', 'details-v1').spec.template.spec.securityContext.runAsUser = 1337), expected: /securityContext\.runAsUser: must not be 1337/ },
  { check: 'podSecurity', what: 'writable root filesystem', source: 'default', edit: (i) => (container(i, 'productpage-v1').securityContext.readOnlyRootFilesystem = false), expected: /productpage-v1 .*readOnlyRootFilesystem: must be true/ },
  { check: 'podSecurity', what: 'capabilities kept', source: 'mysql', edit: (i) => (container(i, 'mysqldb-v1').securityContext.capabilities.drop = []), expected: /mysqldb-v1 .*capabilities\.drop: must include ALL/ },
  { check: 'podSecurity', what: 'no memory limit', source: 'default', edit: (i) => delete container(i, 'ratings-v1').resources.limits.memory, expected: /ratings-v1 .*resources\.limits\.memory: must be set/ },
  { check: 'podSecurity', what: 'probe rewriting off', source: 'default', edit: (i) => (find(i, 'Deployment', 'ratings-v1').spec.template.metadata.annotations = { 'sidecar.istio.io/rewriteAppHTTPProbers': 'false' }), expected: /probe rewriting must stay on/ },
  { check: 'bookinfoContainers', what: 'readiness on the wrong path', source: 'default', edit: (i) => (container(i, 'reviews-v1').readinessProbe.httpGet.path = '/health'), expected: /reviews-v1 spec\.template\.spec\.containers\[0\]\.readinessProbe\.httpGet: must GET \/health\/ready on port http/ },
  { check: 'bookinfoContainers', what: 'grace period shorter than the drain', source: 'default', edit: (i) => (find(i, 'Deployment', 'reviews-v1').spec.template.spec.terminationGracePeriodSeconds = 10), expected: /terminationGracePeriodSeconds: 10 s must exceed the 15 s drain/ },
  { check: 'bookinfoContainers', what: 'no emptyDir at /tmp', source: 'default', edit: (i) => (container(i, 'details-v1').volumeMounts = []), expected: /must mount an emptyDir at \/tmp/ },
  { check: 'bookinfoContainers', what: 'productpage not scraped', source: 'default', edit: (i) => delete find(i, 'Deployment', 'productpage-v1').spec.template.metadata.annotations, expected: /productpage-v1 spec\.template\.metadata\.annotations\.prometheus\.io\/scrape: must be "true"/ },
  { check: 'bookinfoContainers', what: 'details not scraped', source: 'default', edit: (i) => delete find(i, 'Deployment', 'details-v1').spec.template.metadata.annotations['prometheus.io/port'], expected: /details-v1 spec\.template\.metadata\.annotations\.prometheus\.io\/port: must be "9080"/ },
  { check: 'configReferences', what: 'missing Secret', source: 'default', edit: (i) => (container(i, 'productpage-v1').env.find((e: Spec) => e.name === 'SESSION_SECRET').valueFrom.secretKeyRef.name = 'productpage-sessionx'), expected: /productpage-v1 spec\.template\.spec\.containers\[0\]\.env\[\d+\]\.valueFrom: Secret productpage-sessionx does not exist/ },
  { check: 'configReferences', what: 'missing Secret key', source: 'mysql', edit: (i) => (container(i, 'ratings-v2-mysql').env.find((e: Spec) => e.name === 'MYSQL_DB_PASSWORD').valueFrom.secretKeyRef.key = 'passwd'), expected: /ratings-v2-mysql .*valueFrom: Secret mysql-credentials-\w+ has no key passwd/ },
  { check: 'configReferences', what: 'missing ConfigMap volume', source: 'mysql', edit: (i) => (find(i, 'Deployment', 'mysqldb-v1').spec.template.spec.volumes.find((v: Spec) => v.configMap).configMap.name = 'seed'), expected: /mysqldb-v1 spec\.template\.spec\.volumes\[\d\]: ConfigMap seed does not exist/ },
  { check: 'ingress', what: 'path dropped from the ingress', source: 'default', edit: (i) => find(i, 'VirtualService', 'bookinfo').spec.http[0].match.pop(), expected: /istio\/ingress\/gateway\.yaml: VirtualService bookinfo\/bookinfo spec: exposes \[Exact \/productpage, Prefix \/static, Exact \/login, Exact \/logout\], expected/ },
  { check: 'ingress', what: 'Gateway API ingress to the wrong backend', source: 'gateway-api-reviews-90-10', edit: (i) => (find(i, 'HTTPRoute', 'bookinfo').spec.rules[0].backendRefs[0].name = 'details'), expected: /HTTPRoute bookinfo\/bookinfo spec: routes to details:9080, expected productpage:9080 only/ },
  { check: 'ingress', what: 'Gateway on the wrong ingress', source: 'default', edit: (i) => (find(i, 'Gateway', 'bookinfo-gateway').spec.selector = { istio: 'egressgateway' }), expected: /Gateway bookinfo\/bookinfo-gateway spec\.selector: must select istio: ingressgateway/ },
  { check: 'ingress', what: 'Helm gateway on istioctl\'s port', source: 'ingress-helm', edit: (i) => (find(i, 'Gateway', 'bookinfo-gateway').spec.servers[0].port.number = 8080), expected: /Gateway bookinfo\/bookinfo-gateway spec\.servers\[0\]\.port\.number: the ingress gateway of Helm \(istio\/gateway chart\) listens on 80, not 8080/ },
  { check: 'ingress', what: 'istioctl gateway on Helm\'s port', source: 'default', edit: (i) => (find(i, 'Gateway', 'bookinfo-gateway').spec.servers[0].port.number = 80), expected: /the ingress gateway of istioctl listens on 8080, not 80/ },
  { check: 'ambient', what: 'route for a Service without a waypoint', source: 'ambient-reviews-v2-v3', edit: (i) => delete find(i, 'Service', 'reviews').metadata.labels?.['istio.io/use-waypoint'], expected: /HTTPRoute bookinfo\/reviews spec\.parentRefs\[0\]: in ambient mode a route for Service reviews needs a waypoint/ },
  { check: 'ambient', what: 'waypoint nobody uses', source: 'ambient-reviews-v2-v3', edit: (i) => delete find(i, 'Service', 'reviews').metadata.labels?.['istio.io/use-waypoint'], expected: /ambient\/waypoint\/waypoint\.yaml: Gateway bookinfo\/reviews-waypoint : no Service sends its traffic through it/ },
  { check: 'ambient', what: 'Service naming a missing waypoint', source: 'ambient-reviews-v2-v3', edit: (i) => (find(i, 'Service', 'reviews').metadata.labels!['istio.io/use-waypoint'] = 'reviews-waypoin'), expected: /Service bookinfo\/reviews metadata\.labels\.istio\.io\/use-waypoint: waypoint reviews-waypoin does not exist/ },
  { check: 'ambient', what: 'waypoint without its HBONE listener', source: 'ambient-reviews-v2-v3', edit: (i) => (find(i, 'Gateway', 'reviews-waypoint').spec.listeners[0].port = 15009), expected: /Gateway bookinfo\/reviews-waypoint spec\.listeners: a waypoint listens with protocol HBONE on port 15008/ },
  { check: 'ambient', what: 'Sidecar in ambient mode', source: 'ambient-reviews-v2-v3', edit: (i) => i.push(sidecarIn('bookinfo')), expected: /Sidecar bookinfo\/extra : Sidecar resources have no effect in ambient mode/ },
  { check: 'telemetry', what: 'sampling of 0 %', source: 'tracing', edit: (i) => (find(i, 'Telemetry', 'bookinfo-tracing').spec.tracing[0].randomSamplingPercentage = 0), expected: /istio\/tracing\/telemetry\.yaml: Telemetry bookinfo\/bookinfo-tracing spec\.tracing\[0\]\.randomSamplingPercentage: must be above 0 and at most 100, not 0/ },
  { check: 'telemetry', what: 'tracing without a provider', source: 'tracing', edit: (i) => (find(i, 'Telemetry', 'bookinfo-tracing').spec.tracing[0].providers = []), expected: /spec\.tracing\[0\]\.providers: name the tracing provider/ },
  { check: 'tlsModes', what: 'Istio mTLS to an external host', source: 'details-v2-egress', edit: (i) => (find(i, 'DestinationRule', 'originate-tls-for-googleapis').spec.trafficPolicy.portLevelSettings[0].tls.mode = 'ISTIO_MUTUAL'), expected: /egress-googleapis\.yaml: DestinationRule bookinfo\/originate-tls-for-googleapis spec\.trafficPolicy\.portLevelSettings\[0\]\.tls\.mode: www\.googleapis\.com is outside the mesh/ },
  { check: 'tlsModes', what: 'plain text under STRICT mTLS', source: 'zero-trust', edit: (i) => (find(i, 'DestinationRule', 'ratings').spec.trafficPolicy = { tls: { mode: 'DISABLE' } }), expected: /DestinationRule bookinfo\/ratings spec\.trafficPolicy\.tls\.mode: DISABLE to ratings breaks the STRICT PeerAuthentication/ },
];

describeIfAvailable('cross-reference checks on broken copies', kubectlMissing(), () => {
  const rendered = new Map<Source, Rendered[]>();
  const artifacts = artifactsOf(readSkaffold());

  beforeAll(async () => {
    await mapLimit(sources, 3, async (source) => rendered.set(source, await render(overlay(source).composition)));
  });

  it('covers every check', () => {
    expect(Object.keys(checks).filter((name) => !breakages.some((b) => b.check === name))).toEqual([]);
  });

  it.each(breakages)('$check: $what', ({ check, source, edit, artifacts: changeArtifacts, asSkaffoldRender, expected }) => {
    const original = rendered.get(source) as Rendered[];
    const run: Check = checks[check];
    const { imageTag } = overlay(source);
    expect(run(new Inventory(original, artifacts, imageTag))).toEqual([]);

    const copy = structuredClone(original);
    edit(copy);
    const problems = run(new Inventory(copy, changeArtifacts ? changeArtifacts(artifacts) : artifacts, asSkaffoldRender ? undefined : imageTag));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });
});
