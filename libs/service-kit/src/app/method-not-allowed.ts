import type { FastifyInstance, HTTPMethods } from 'fastify';

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

/**
 * Fastify answers 404 for a known path with an unknown method; HTTP says 405 with `Allow`
 * (and upstream ratings hangs the connection instead). Call `collect` before routes are
 * registered and `answer` after, before the server is ready.
 */
export function methodNotAllowed(fastify: FastifyInstance) {
  const methodsByUrl = new Map<string, Set<string>>();
  let collecting = true;

  fastify.addHook('onRoute', (route) => {
    if (!collecting || route.url === '*' || route.url.endsWith('*')) return;
    const methods = methodsByUrl.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    if (methods.has('GET')) methods.add('HEAD');
    methodsByUrl.set(route.url, methods);
  });

  return {
    answer(): void {
      collecting = false;
      for (const [url, served] of methodsByUrl) {
        const missing = METHODS.filter((method) => !served.has(method));
        if (missing.length === 0) continue;
        const allow = METHODS.filter((method) => served.has(method)).join(', ');
        fastify.route({
          method: missing,
          url,
          handler: (request, reply) => {
            void reply
              .code(405)
              .header('allow', allow)
              .send({
                statusCode: 405,
                error: 'Method Not Allowed',
                message: `${request.method} is not allowed on ${url}; allowed: ${allow}`,
              });
          },
        });
      }
    },
  };
}
