/**
 * Where the page checks run: against services this suite starts itself (the default), or against
 * an app someone else runs (`BOOKINFO_URL=http://127.0.0.1:9080`, e.g. the Docker Compose stack),
 * where only what a client can see from outside is checked.
 */
export function bookinfoUrlFromEnv(): string | undefined {
  const raw = process.env['BOOKINFO_URL'];
  if (!raw) return undefined;
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`BOOKINFO_URL must be an http(s) URL; got ${raw}`);
  }
  // Accept the page's own URL as well as the base: http://host:9080/productpage -> http://host:9080
  return `${url.origin}${url.pathname.replace(/\/(productpage)?\/?$/, '')}`;
}
