import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Composition } from './kustomize';
import { foldersIn, manifestsDir, repoPath } from './repo';
import { overlaysDir, skaffoldRendersDir } from './skaffold';

export interface Target {
  title: string;
  composition: Composition;
  /** The tag Bookinfo images carry in this render (none: bare names for Skaffold to replace). */
  imageTag?: string;
}

const m = (...segments: string[]) => join(manifestsDir, ...segments);

/** The project version: the tag of the images `kubectl apply -k` deploys (npm run images builds them). */
export const projectVersion = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;

export function overlay(name: string): Target {
  return { title: `overlays/${name}`, composition: { resources: [join(overlaysDir, name)] }, imageTag: projectVersion };
}

/** Every overlay, exactly what `kubectl apply -k manifests/overlays/<name>` deploys. */
export function overlayTargets(): Target[] {
  return foldersIn(overlaysDir).map(overlay);
}

export function skaffoldRender(name: string): Target {
  return { title: `skaffold/${name}`, composition: { resources: [join(skaffoldRendersDir, name)] } };
}

/** What each Skaffold profile renders (the overlay with bare image names). */
export function skaffoldTargets(): Target[] {
  return foldersIn(skaffoldRendersDir)
    .filter((name) => name !== 'bare-images')
    .map(skaffoldRender);
}

/**
 * Every scenario with the hardening components on top (zero trust, and mTLS for the Istio
 * API), and every Gateway API scenario in ambient mode: the components must compose, not only
 * work one at a time.
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
    imageTag: projectVersion,
  }));
  const helm = ['ratings-test-delay', 'ratings-mysql'].map((scenario) => ({
    title: `istio/scenarios/${scenario} + ingress-helm + zero-trust`,
    composition: {
      namespace: 'bookinfo',
      resources: [m('base')],
      components: [
        m('istio', 'ingress'),
        m('istio', 'ingress-helm'),
        m('istio', 'destination-rules'),
        m('istio', 'scenarios', scenario),
        m('istio', 'zero-trust'),
        m('istio', 'zero-trust-ingress-helm'),
        m('istio', 'tracing'),
      ],
    },
    imageTag: projectVersion,
  }));
  const gatewayApi = foldersIn(m('gateway-api', 'scenarios')).flatMap((scenario) => {
    const zeroTrust: Target = {
      title: `gateway-api/scenarios/${scenario} + zero-trust`,
      composition: {
        namespace: 'bookinfo',
        resources: [m('base')],
        components: [m('gateway-api', 'ingress'), m('gateway-api', 'scenarios', scenario), m('istio', 'zero-trust'), m('gateway-api', 'zero-trust')],
      },
      imageTag: projectVersion,
    };
    const ambient: Target = {
      title: `gateway-api/scenarios/${scenario} + ambient`,
      composition: {
        namespace: 'bookinfo',
        resources: [m('base')],
        components: [m('gateway-api', 'ingress'), m('ambient', 'waypoint'), m('gateway-api', 'scenarios', scenario)],
      },
      imageTag: projectVersion,
    };
    // In ambient mode only reviews has a waypoint: all-v1 routes all four services.
    return scenario === 'all-v1' ? [zeroTrust] : [zeroTrust, ambient];
  });
  return [...istio, ...helm, ...gatewayApi];
}
