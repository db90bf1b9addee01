import type { MeshEndpoint } from '@bookinfo/service-kit/http';
import { isJsonObject, type JsonObject } from './backend-result';

/** One GET attempt: the JSON object of a 200, or why there is none. */
export type Attempt =
  | { readonly ok: true; readonly body: JsonObject }
  | { readonly ok: false; readonly status: number; readonly reason: string };

/**
 * GETs `path` from the backend and accepts only a 200 with a JSON object body (that `isExpected`
 * accepts, if given). A 4xx/5xx keeps its status (the API passes it through, as upstream does); a
 * timeout, a connection error, another status or a body that is not a JSON object counts as 500.
 * The deadline is the endpoint's: no byte for its `timeoutMs` ends the try, like upstream's
 * `requests` timeout (connect/read, not a total deadline), which is what Istio's delay faults
 * trigger. The propagated headers are added by the endpoint, from the request context.
 */
export async function getJsonObject(
  endpoint: MeshEndpoint,
  path: string,
  isExpected?: (body: JsonObject) => boolean,
): Promise<Attempt> {
  let status: number;
  let text: string;
  try {
    ({ status, body: text } = await endpoint.get(path));
  } catch (error) {
    return { ok: false, status: 500, reason: (error as Error).message };
  }
  if (status !== 200) {
    return { ok: false, status: status >= 400 && status <= 599 ? status : 500, reason: `status ${status}` };
  }
  try {
    const body: unknown = JSON.parse(text);
    if (isJsonObject(body) && (isExpected === undefined || isExpected(body))) return { ok: true, body };
  } catch {
    // Falls through: a 200 that is not JSON (e.g. an HTML error page) is as useless as a failure.
  }
  return { ok: false, status: 500, reason: 'the 200 body is not the expected JSON object' };
}
