import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import handlebars from 'handlebars';
import { join } from 'node:path';
import { installSessionHook } from './session/session.hook';
import { SessionService } from './session/session.service';

/**
 * Security headers on every response. The page has no inline script or style and loads nothing from
 * other origins, so the policy can be strict. `Referrer-Policy: same-origin` (not `no-referrer`)
 * because sign-in and sign-out return the browser to the page named by its own Referer.
 */
const helmetOptions = {
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
  frameguard: { action: 'deny' as const },
  referrerPolicy: { policy: 'same-origin' as const },
  // TLS ends at the gateway, if anywhere; HSTS is the gateway's call, not this service's.
  strictTransportSecurity: false,
};

/**
 * productpage's platform setup, shared by main.ts and the tests: security headers, signed cookies,
 * the session, static files and the handlebars views. `assetsDir` holds `views/` and `public/`
 * (the dist folder when built, `src/` under jest).
 */
export async function configureProductpage(app: NestFastifyApplication, assetsDir: string): Promise<void> {
  const session = app.get(SessionService);
  await app.register(fastifyHelmet, helmetOptions);
  await app.register(fastifyCookie, { secret: session.secret });
  installSessionHook(app.getHttpAdapter().getInstance(), session);
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
