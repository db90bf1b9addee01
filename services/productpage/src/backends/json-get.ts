import type { HttpService } from '@nestjs/axios';
import { ANSWER_AS_TEXT } from '@bookinfo/service-kit/http';
import { isJsonObject, type JsonObject } from './backend-result';

/** One GET attempt: the JSON object of a 200, or why there is none. */
export type Attempt =
  | { readonly ok: true; readonly body: JsonObject }
  | { readonly ok: false; readonly status: number; readonly reason: string };

/** A backend answer is small; anything bigger is a fault, not a page to render. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * GETs `url` and accepts only a 200 with a JSON object body (that `isExpected` accepts, if given). A 4xx/5xx keeps its status (the API
 * passes it through, as upstream does); a timeout, a connection error, another status or a body that
 * is not a JSON object counts as 500. The deadline is axios's socket timeout: no byte for `timeoutMs`
 * ends the try, like upstream's `requests` timeout (connect/read, not a total deadline), which is what
 * Istio's delay faults trigger. (A total `AbortSignal.timeout` per call cost ~15% more CPU per call.)
 * The propagated headers are added by the kit's interceptor on `HttpService`.
 */
export async function getJsonObject(
  http: HttpService,
  url: string,
  timeoutMs: number,
  isExpected?: (body: JsonObject) => boolean,
): Promise<Attempt> {
  let status: number;
  let text: string;
  try {
    // `request`, not the `get` shorthand, which runs axios's config merge once more per call only
    // to add the method.
    const response = await http.axiosRef.request<string>({
      method: 'get',
      url,
      timeout: timeoutMs,
      ...ANSWER_AS_TEXT,
      maxContentLength: MAX_BODY_BYTES,
      // Backends are reached directly (or through the sidecar), never through an HTTP_PROXY from
      // the environment; skipping that lookup also saves CPU on every call.
      proxy: false,
    });
    status = response.status;
    text = response.data;
  } catch (error) {
    return { ok: false, status: 500, reason: error instanceof Error ? error.message : String(error) };
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
