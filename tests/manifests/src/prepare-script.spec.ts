import { projectVersion } from './support/compositions';
import { FakeCommands } from './support/fake-commands';

/*
 * scripts/k8s-prepare.sh (Skaffold's before-deploy hook) against stand-in kubectl and skaffold
 * commands that record their calls and play a cluster described by environment variables.
 */

const fakeKubectl = `#!/bin/sh
echo "$*" >> "$CALLS_LOG"
args="$*"
case "$args" in
  --context=*) args="\${args#* }" ;;
esac
case "$args" in
  "api-versions") printf '%s\\n' $API_VERSIONS ;;
  "get namespace "*" -o "*) printf '%s' "$NAMESPACE_LABELS" ;;
  "get namespace "*) [ "$NAMESPACE_EXISTS" = yes ] ;;
  "-n istio-system get daemonset ztunnel") [ "$ZTUNNEL" = yes ] ;;
  *) exit 0 ;;
esac
`;
const fakeSkaffold = `#!/bin/sh
echo "$SKAFFOLD_VERSION"
`;

const istio = 'v1 apps/v1 networking.istio.io/v1 networking.istio.io/v1beta1 security.istio.io/v1';
const gatewayApi = 'gateway.networking.k8s.io/v1';

describe('scripts/k8s-prepare.sh', () => {
  let commands: FakeCommands;
  beforeAll(() => {
    commands = new FakeCommands({ kubectl: fakeKubectl, skaffold: fakeSkaffold });
  });
  afterAll(() => commands.remove());

  const prepare = (env: Record<string, string>, ...args: string[]) => {
    const result = commands.run('k8s-prepare.sh', { SKAFFOLD_VERSION: 'v2.19.0', API_VERSIONS: istio, ...env }, args);
    return { ...result, changes: result.calls.filter((c) => /\b(create|label|delete)\b/.test(c)) };
  };

  it('creates and labels a missing namespace for sidecars', () => {
    const { status, changes } = prepare({ NAMESPACE_EXISTS: 'no', NAMESPACE_LABELS: '/' }, '--mode', 'sidecar');
    expect(status).toBe(0);
    expect(changes).toEqual(['create namespace bookinfo', 'label namespace bookinfo --overwrite istio-injection=enabled istio.io/dataplane-mode-']);
  });

  it('changes nothing on a second run', () => {
    const sidecar = prepare({ NAMESPACE_EXISTS: 'yes', NAMESPACE_LABELS: 'enabled/' }, '--mode', 'sidecar');
    expect(sidecar.status).toBe(0);
    expect(sidecar.changes).toEqual([]);
    expect(sidecar.stdout).toContain('Namespace bookinfo is already labelled for sidecar mode.');
    const ambient = prepare({ NAMESPACE_EXISTS: 'yes', NAMESPACE_LABELS: '/ambient', ZTUNNEL: 'yes', API_VERSIONS: `${istio} ${gatewayApi}` }, '--mode', 'ambient');
    expect(ambient.status).toBe(0);
    expect(ambient.changes).toEqual([]);
  });

  it('switches an existing namespace to ambient mode, keeping it', () => {
    const { status, changes, stdout } = prepare(
      { NAMESPACE_EXISTS: 'yes', NAMESPACE_LABELS: 'enabled/', ZTUNNEL: 'yes', API_VERSIONS: `${istio} ${gatewayApi}` },
      '--mode',
      'ambient',
      '--namespace',
      'shop',
    );
    expect(status).toBe(0);
    expect(changes).toEqual(['label namespace shop --overwrite istio.io/dataplane-mode=ambient istio-injection-']);
    expect(stdout).toContain('pods that were running keep their old data plane until restarted');
  });

  it('acts on the context Skaffold deploys to', () => {
    const { calls } = prepare({ NAMESPACE_EXISTS: 'no', NAMESPACE_LABELS: '/', SKAFFOLD_KUBE_CONTEXT: 'kind-bookinfo' }, '--mode', 'sidecar');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.startsWith('--context=kind-bookinfo '))).toBe(true);
  });

  const failures: { what: string; env: Record<string, string>; args: string[]; message: string }[] = [
    { what: 'Istio older than 1.22 (no v1 APIs)', env: { API_VERSIONS: 'v1 networking.istio.io/v1beta1 security.istio.io/v1beta1' }, args: ['--mode', 'sidecar'], message: 'the cluster does not serve networking.istio.io/v1: install Istio 1.22 or newer first' },
    { what: 'no Gateway API CRDs', env: {}, args: ['--mode', 'sidecar', '--gateway-api'], message: "the Gateway API CRDs are not installed: see docs/kubernetes.md, 'Gateway API'" },
    { what: 'ambient without ztunnel', env: { API_VERSIONS: `${istio} ${gatewayApi}`, ZTUNNEL: 'no' }, args: ['--mode', 'ambient'], message: "ambient mode needs Istio 1.24 or newer installed with ztunnel: 'istioctl install --set profile=ambient'" },
    { what: 'Skaffold 1', env: { SKAFFOLD_VERSION: 'v1.39.2' }, args: ['--mode', 'sidecar'], message: 'Skaffold v1.39.2 is too old: Bookinfo needs Skaffold 2.0.0 or newer' },
    { what: 'an unknown mode', env: {}, args: ['--mode', 'sidecars'], message: "--mode must be sidecar or ambient, not 'sidecars'" },
  ];

  it.each(failures)('stops with a clear message on $what, before touching the namespace', ({ env, args, message }) => {
    const { status, stderr, changes } = prepare({ NAMESPACE_EXISTS: 'no', NAMESPACE_LABELS: '/', ...env }, ...args);
    expect(status).not.toBe(0);
    expect(stderr).toContain(message);
    expect(changes).toEqual([]);
  });
});

describe('scripts/build-images.sh', () => {
  it('builds the four images with the project version as their tag', () => {
    const commands = new FakeCommands({ docker: '#!/bin/sh\necho "$*" >> "$CALLS_LOG"\n' });
    try {
      const result = commands.run('build-images.sh', process.env);
      expect(result.status).toBe(0);
      expect(result.calls).toEqual(
        ['productpage', 'details', 'reviews', 'ratings'].map((s) => `build -t bookinfo/${s}:${projectVersion} -f services/${s}/Dockerfile .`),
      );
    } finally {
      commands.remove();
    }
  });
});
