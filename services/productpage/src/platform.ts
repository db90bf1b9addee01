import fastifyCookie from '@fastify/cookie';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import handlebars from 'handlebars';
import type { HelmetOptions } from 'helmet';
import { join } from 'node:path';
import { securityHeaders } from './security-headers';
import { installSessionHook } from './session/session.hook';
import { SessionService } from './session/session.service';

/**
 * Security headers on every response. The page has no inline script or style and loads nothing from
 * other origins, so the policy can be strict. `Referrer-Policy: same-origin` (not `no-referrer`)
 * because sign-in and sign-out return the browser to the page named by its own Referer.
 */
const helmetOptions: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'same-origin' },
  // TLS ends at the gateway, if anywhere; HSTS is the gateway's call, not this service's.
  strictTransportSecurity: false,
};

/**
 * helmet's headers on every response, as @fastify/helmet would add them (a global `onRequest` hook:
 * every route, static files and 404s included, also on error responses), but worked out once at
 * start-up instead of per request (see securityHeaders).
 */
function installSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions): void {
  const { set, removed } = securityHeaders(options);
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(set);
    // helmet also takes X-Powered-By off the raw response, as it did; fastify itself never sets one.
    for (const name of removed) reply.raw.removeHeader(name);
    done();
  });
}

/**
 * productpage's platform setup, shared by main.ts and the tests: security headers, signed cookies,
 * the session, static files and the handlebars views. `assetsDir` holds `views/` and `public/`
 * (the dist folder when built, `src/` under jest).
 */
export async function configureProductpage(app: NestFastifyApplication, assetsDir: string): Promise<void> {
  const session = app.get(SessionService);
  const fastify = app.getHttpAdapter().getInstance();
  installSecurityHeaders(fastify, helmetOptions);
  await app.register(fastifyCookie, { secret: session.secret });
  installSessionHook(fastify, session);
  app.useStaticAssets({ root: join(assetsDir, 'public'), prefix: '/static/' });
  app.setViewEngine({
    engine: { handlebars: handlebars.create() },
    templates: join(assetsDir, 'views'),
    // Compile templates and partials once and keep them, whatever NODE_ENV says: otherwise
    // @fastify/view recompiles them on every request (about 4x slower).
    production: true,
    options: {
      partials: {
        head: 'partials/head.hbs',
        navbar: 'partials/navbar.hbs',
      },
    },
  });
}
