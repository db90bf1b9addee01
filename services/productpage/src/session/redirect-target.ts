export const DEFAULT_REDIRECT = '/productpage';

/**
 * Where to send the browser after signing in or out: back to the page it came from, but only if the
 * `Referer` is on this very host, and only as a path. Upstream redirected to the raw Referer (an open
 * redirect) and to `None` when there was none.
 */
export function redirectTarget(referer: string | undefined, host: string | undefined): string {
  if (!referer || !host) return DEFAULT_REDIRECT;
  let origin: URL;
  let target: URL;
  try {
    origin = new URL(`http://${host}`);
    target = new URL(referer, origin);
  } catch {
    return DEFAULT_REDIRECT;
  }
  if ((target.protocol !== 'http:' && target.protocol !== 'https:') || target.host !== origin.host) {
    return DEFAULT_REDIRECT;
  }
  const path = `${target.pathname}${target.search}`;
  // `//evil.com` or `/\evil.com` as a Location would leave the site.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return DEFAULT_REDIRECT;
  return path;
}
