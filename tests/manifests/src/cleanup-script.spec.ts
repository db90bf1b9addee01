import { FakeCommands } from './support/fake-commands';

/* scripts/cleanup-k8s.sh against a stand-in kubectl that records its calls (no cluster here). */

const fakeKubectl = `#!/bin/sh
echo "$*" >> "$CALLS_LOG"
case "$*" in
  "get namespace "*) [ "$NAMESPACE_EXISTS" = yes ] ;;
  *"get service productpage") [ "$PRODUCTPAGE_EXISTS" = yes ] ;;
  "get crd "*) case " $INSTALLED_CRDS " in *" $3 "*) exit 0 ;; *) exit 1 ;; esac ;;
  *) exit 0 ;;
esac
`;

describe('scripts/cleanup-k8s.sh', () => {
  let commands: FakeCommands;
  beforeAll(() => {
    commands = new FakeCommands({ kubectl: fakeKubectl });
  });
  afterAll(() => commands.remove());

  const cleanup = (env: Record<string, string>, ...args: string[]) => commands.run('cleanup-k8s.sh', env, args);

  it('deletes the installed Istio kinds, then the namespace', () => {
    const { status, calls } = cleanup({
      NAMESPACE_EXISTS: 'yes',
      PRODUCTPAGE_EXISTS: 'yes',
      INSTALLED_CRDS: 'virtualservices.networking.istio.io authorizationpolicies.security.istio.io',
    });
    expect(status).toBe(0);
    const deletes = calls.filter((c) => c.includes('delete'));
    expect(deletes).toEqual([
      '-n bookinfo delete virtualservices.networking.istio.io --all --ignore-not-found',
      '-n bookinfo delete authorizationpolicies.security.istio.io --all --ignore-not-found',
      'delete namespace bookinfo --ignore-not-found --wait=true --timeout=180s',
    ]);
  });

  it('does nothing when the namespace is absent', () => {
    const { status, stdout, calls } = cleanup({ NAMESPACE_EXISTS: 'no' }, 'elsewhere');
    expect(status).toBe(0);
    expect(stdout).toContain('Namespace elsewhere does not exist');
    expect(calls.filter((c) => c.includes('delete'))).toEqual([]);
  });

  it('refuses to delete a namespace that is not Bookinfo', () => {
    const { status, stderr, calls } = cleanup({ NAMESPACE_EXISTS: 'yes', PRODUCTPAGE_EXISTS: 'no' }, 'kube-system');
    expect(status).toBe(1);
    expect(stderr).toContain('refusing to delete it');
    expect(calls.filter((c) => c.includes('delete'))).toEqual([]);
  });
});
