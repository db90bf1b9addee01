import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The API versions this repository may use: current, non-deprecated ones only. */
export const currentApiVersions: ReadonlySet<string> = new Set([
  'v1',
  'apps/v1',
  'policy/v1',
  'networking.istio.io/v1',
  'security.istio.io/v1',
  'telemetry.istio.io/v1',
  'gateway.networking.k8s.io/v1',
]);

const kubernetesFolder = 'kubernetes/v1.32.0-standalone-strict';
const crdFolders: Record<string, string> = {
  'networking.istio.io': 'istio',
  'security.istio.io': 'istio',
  'telemetry.istio.io': 'istio',
  'gateway.networking.k8s.io': 'gateway-api',
};
/** CRD schemas only check spec: these are the only top-level keys such a resource may have. */
const crdTopLevelKeys: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata', 'spec']);

type Resource = { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where a resource's schema lives in the pack: the kubeconform layout for built-in kinds,
 * `<group>/<kind>_<version>.json` for the Istio and Gateway API CRDs.
 */
export function schemaPathFor(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const crdFolder = crdFolders[group];
  if (crdFolder) return `${crdFolder}/${group}/${kind.toLowerCase()}_${version}.json`;
  const suffix = group ? `-${group.split('.')[0]}` : '';
  return `${kubernetesFolder}/${kind.toLowerCase()}${suffix}-${version}.json`;
}

function describeError(error: ErrorObject): string {
  const at = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  const detail =
    error.keyword === 'additionalProperties'
      ? ` '${String(error.params.additionalProperty)}'`
      : error.keyword === 'enum'
        ? ` (${(error.params.allowedValues as unknown[]).join(', ')})`
        : '';
  return `${at}: ${error.message ?? error.keyword}${detail}`;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return [...new Set((errors ?? []).map(describeError))];
}

/**
 * The strict JSON schemas in tests/manifests/schemas, compiled on first use and cached, with each
 * file's sha256 checked against SHA256SUMS before it is trusted.
 */
export class SchemaPack {
  private readonly sums = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();
  // Options from the pack's README: K/S/D for everything but Compose, C7 for compose-spec.json
  // (its $schema URL is not registered in ajv, hence validateSchema:false).
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  private readonly composeAjv = addFormats(
    new Ajv({ validateSchema: false, allowUnionTypes: true, strictTypes: false, allErrors: true }),
  );

  constructor(private readonly root: string) {
    for (const line of readFileSync(join(root, 'SHA256SUMS'), 'utf8').split('\n')) {
      const match = /^([0-9a-f]{64})\s+\*?(?:\.\/)?(\S+)$/.exec(line.trim());
      if (match) this.sums.set(match[2], match[1]);
    }
  }

  /** Errors for one Kubernetes, Istio or Gateway API resource ([] when it is valid). */
  validateResource(document: unknown): string[] {
    if (!isObject(document)) return ['(top level): a resource must be a mapping'];
    const { apiVersion, kind } = document as Resource;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      return ['(top level): apiVersion and kind are required strings'];
    }
    if (!currentApiVersions.has(apiVersion)) {
      return [`apiVersion: ${apiVersion} is not one of the current APIs (${[...currentApiVersions].join(', ')})`];
    }
    const path = schemaPathFor(apiVersion, kind);
    if (!existsSync(join(this.root, path))) {
      return [`kind: the schema pack has no schema for ${apiVersion} ${kind} (looked for ${path})`];
    }
    const problems: string[] = [];
    if (!path.startsWith(kubernetesFolder)) {
      // The datree CRD schemas leave the top level and metadata open: close them here,
      // metadata with Kubernetes' own (strict) ObjectMeta.
      for (const key of Object.keys(document)) {
        if (!crdTopLevelKeys.has(key)) problems.push(`(top level): must NOT have additional properties '${key}'`);
      }
      if (!isObject(document.metadata)) problems.push('metadata: is required');
      else {
        const objectMeta = this.objectMeta();
        if (!objectMeta(document.metadata)) {
          problems.push(...describeErrors(objectMeta.errors).map((e) => `metadata.${e}`.replace('metadata.(top level)', 'metadata')));
        }
      }
    }
    const validate = this.schema(path);
    if (!validate(document)) problems.push(...describeErrors(validate.errors));
    return problems;
  }

  validateKustomization(document: unknown): string[] {
    return this.check('kustomize/kustomization.json', document);
  }

  /**
   * skaffold.yaml against the newest Skaffold schema here (v4beta14), whatever Skaffold 2 version
   * it declares (schemaVersionProblems() checks that one): the fields it uses are all still there.
   */
  validateSkaffold(document: unknown): string[] {
    const declared = isObject(document) ? /^skaffold\/(v3|v4beta(?:[1-9]|1[0-4]))$/.exec(String(document.apiVersion)) : null;
    if (!declared) return ['apiVersion: must be a Skaffold 2 schema version, skaffold/v3 to skaffold/v4beta14'];
    return this.check('skaffold/v4beta14.json', { ...(document as object), apiVersion: 'skaffold/v4beta14' });
  }

  validateCompose(document: unknown): string[] {
    return this.check('compose/compose-spec.json', document, this.composeAjv);
  }

  private check(path: string, document: unknown, ajv = this.ajv): string[] {
    const validate = this.schema(path, ajv);
    return validate(document) ? [] : describeErrors(validate.errors);
  }

  private schema(path: string, ajv = this.ajv): ValidateFunction {
    let validate = this.compiled.get(path);
    if (!validate) {
      validate = ajv.compile(JSON.parse(this.read(path)) as object);
      this.compiled.set(path, validate);
    }
    return validate;
  }

  private objectMeta(): ValidateFunction {
    const key = '#ObjectMeta';
    let validate = this.compiled.get(key);
    if (!validate) {
      const configMap = JSON.parse(this.read(`${kubernetesFolder}/configmap-v1.json`)) as {
        properties: { metadata: object };
      };
      validate = this.ajv.compile(configMap.properties.metadata);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  private read(path: string): string {
    const bytes = readFileSync(join(this.root, path));
    const expected = this.sums.get(path);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (expected !== actual) {
      throw new Error(`${path} in the schema pack does not match SHA256SUMS (expected ${expected ?? 'an entry'}, got ${actual})`);
    }
    return bytes.toString('utf8');
  }
}
