import { join } from 'node:path';
import type { Composition } from './kustomize';
import { foldersIn, manifestsDir } from './repo';
import { overlaysDir } from './skaffold';

export interface Target {
  title: string;
  composition: Composition;
}

const m = (...segments: string[]) => join(manifestsDir, ...segments);

export function overlay(name: string): Target {
  return { title: `overlays/${name}`, composition: { resources: [join(overlaysDir, name)] } };
}

/** Every overlay, exactly what a Skaffold profile deploys. */
export function overlayTargets(): Target[] {
  return foldersIn(overlaysDir).map(overlay);
}

/**
 * Every scenario with the hardening components on top (zero trust, and mTLS for the Istio
 * API): the components must compose, not only work one at a time.
 */
export function combinedTargets(): Target[] {
  const istio = foldersIn(m('istio', 'scenarios')).map((scenario) => ({
    title: `istio/scenarios/${scenario} + mtls + zero-trust`,
    composition: {
      namespace: 'bookinfo',
      resources: [m('base')],
      components: [
        m('istio', 'ingress'),
        m('istio', 'destination-rules'),
        m('istio', 'scenarios', scenario),
        m('istio', 'mtls'),
        m('istio', 'zero-trust'),
      ],
    },
  }));
  const gatewayApi = foldersIn(m('gateway-api', 'scenarios')).map((scenario) => ({
    title: `gateway-api/scenarios/${scenario} + zero-trust`,
    composition: {
      namespace: 'bookinfo',
      resources: [m('base')],
      components: [
        m('gateway-api', 'ingress'),
        m('gateway-api', 'scenarios', scenario),
        m('istio', 'zero-trust'),
        m('gateway-api', 'zero-trust'),
      ],
    },
  }));
  return [...istio, ...gatewayApi];
}
