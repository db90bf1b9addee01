export type JsonObject = Record<string, unknown>;

/** What productpage got from a backend: its JSON on a 200, else upstream's fallback error body and
 * the status to report (the backend's 4xx/5xx, or 500 when there was no usable answer). */
export type BackendResult =
  | { readonly ok: true; readonly status: 200; readonly body: JsonObject }
  | { readonly ok: false; readonly status: number; readonly body: { readonly error: string } };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
