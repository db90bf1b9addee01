import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** What helmet does to every response for a given configuration. */
export interface SecurityHeaders {
  /** Lower-case names, as fastify keeps them. */
  readonly set: Readonly<Record<string, string>>;
  readonly removed: readonly string[];
}

/**
 * Runs helmet's middleware once against a response that only records what it is told, so helmet
 * stays the single source of truth for the header values while the per-request work becomes copying
 * a ready object (@fastify/helmet re-parses the CSP on every request; docs/performance.md has the
 * cost). Only valid because the result is the same for every response: a CSP directive computed per
 * request (a nonce) is refused here.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): SecurityHeaders {
  if (hasPerRequestDirective(options)) {
    throw new Error('securityHeaders: a CSP directive is a function (per request); helmet must run per request');
  }
  const set: Record<string, string> = {};
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string) {
      set[name.toLowerCase()] = value;
    },
    removeHeader(name: string) {
      removed.push(name.toLowerCase());
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    if (error) throw error;
    finished = true;
  });
  // Helmet's middlewares are synchronous; if one ever is not, the recording would be incomplete.
  if (!finished) throw new Error('securityHeaders: helmet did not finish synchronously');
  return { set, removed };
}

function hasPerRequestDirective(options: Readonly<HelmetOptions>): boolean {
  const csp = options.contentSecurityPolicy;
  if (typeof csp !== 'object' || !csp.directives) return false;
  return Object.values(csp.directives).some(
    (value) => typeof value === 'object' && value !== null && [...value].some((entry) => typeof entry === 'function'),
  );
}
