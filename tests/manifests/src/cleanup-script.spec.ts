import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from './support/repo';

/* scripts/cleanup-k8s.sh against a stand-in kubectl that records its calls (no cluster here). */

const fakeKubectl = `#!/bin/sh
echo "$*" >> "$KUBECTL_LOG"
case "$*" in
  "get namespace "*) [ "$NAMESPACE_EXISTS" = yes ] ;;
  *"get service productpage") [ "$PRODUCTPAGE_EXISTS" = yes ] ;;
  "get crd "*) case " $INSTALLED_CRDS " in *" $3 "*) exit 0 ;; *) exit 1 ;; esac ;;
  *) exit 0 ;;
esac
`;

describe('scripts/cleanup-k8s.sh', () => {
  let bin: string;
  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'bookinfo-kubectl-'));
    writeFileSync(join(bin, 'kubectl'), fakeKubectl);
    chmodSync(join(bin, 'kubectl'), 0o755);
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  const cleanup = (env: Record<string, string>, ...args: string[]) => {
    const log = join(bin, `calls-${Math.random()}.log`);
    writeFileSync(log, '');
    const result = spawnSync('bash', [repoPath('scripts', 'cleanup-k8s.sh'), ...args], {
      encoding: 'utf8',
      env: { PATH: `${bin}:${process.env.PATH}`, KUBECTL_LOG: log, ...env },
    });
    return { ...result, calls: readFileSync(log, 'utf8').trim().split('\n') };
  };

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
